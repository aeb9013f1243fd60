using Rapport.Core.Identity;

namespace Rapport.Core.ServiceDesk;

internal sealed class CaseConfiguration(bool postgres) : IEntityTypeConfiguration<Case>
{
    /// <summary>The active statuses as the service's queries write them, so both databases see the partial indexes apply.</summary>
    private const string ActiveFilter = "\"Status\" IN ('New', 'Open', 'PendingCustomer')";

    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("Cases");
        b.Property(c => c.Number).HasMaxLength(Case.NumberMax);
        b.Property(c => c.Subject).HasMaxLength(Case.SubjectMax);
        b.Property(c => c.Description).HasMaxLength(Case.DescriptionMax);
        b.Property(c => c.ResolutionNote).HasMaxLength(Case.ResolutionMax);
        b.Property(c => c.SearchText).HasMaxLength(Case.SubjectMax + 41);
        b.Property(c => c.QueueOrder).HasMaxLength(20);
        b.Property(c => c.RatingComment).HasMaxLength(Case.RatingCommentMax);
        b.Property(c => c.Language).HasMaxLength(10);
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Priority).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        // Purging a customer from the recycle bin takes its cases with it.
        b.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<CaseCategory>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Team>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Case>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.Number).IsUnique();
        // Queues by due time (then priority, then age), by keyset: a team's queue, an agent's own cases, everything.
        b.HasIndex(c => new { c.QueueId, c.Status, c.QueueOrder, c.Id });
        b.HasIndex(c => new { c.OwnerId, c.Status, c.QueueOrder, c.Id });
        b.HasIndex(c => new { c.QueueOrder, c.Id });
        // "Breaching soon" seeks active cases by due time: in the full index above, every finished case whose due time has
        // passed would sit in front of them.
        b.HasIndex(c => new { c.QueueOrder, c.Id }, "IX_Cases_Active_QueueOrder_Id").HasFilter(ActiveFilter);
        // The agent's working views (a team's or an agent's active cases by due time) likewise: with the status as the
        // full indexes' second column, three active statuses are three ranges to merge and sort (128 ms at 1M cases).
        b.HasIndex(c => new { c.QueueId, c.QueueOrder, c.Id }, "IX_Cases_Active_Queue").HasFilter(ActiveFilter);
        b.HasIndex(c => new { c.OwnerId, c.QueueOrder, c.Id }, "IX_Cases_Active_Owner").HasFilter(ActiveFilter);
        b.HasIndex(c => new { c.CustomerId, c.CreatedAt });
        b.HasIndex(c => new { c.CreatedAt, c.Id });
        b.HasIndex(c => c.MergedIntoId);
        // The minute-by-minute breach sweep seeks due times that have passed among the cases it still watches: partial
        // indexes holding only active cases whose target is unmet and unbreached, so a million closed cases (whose due
        // times are all in the past) are not walked every minute. The sweep's query repeats these terms word for word,
        // which is how SQLite and PostgreSQL know the index applies.
        b.HasIndex(c => c.FirstResponseDueAt).HasDatabaseName("IX_Cases_FirstResponseWatch")
            .HasFilter("\"FirstResponseAt\" IS NULL AND \"FirstResponseBreachedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        b.HasIndex(c => c.ResolutionDueAt).HasDatabaseName("IX_Cases_ResolutionWatch")
            .HasFilter("\"ResolutionBreachedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        b.HasIndex(c => c.FirstResponseWarnAt).HasDatabaseName("IX_Cases_FirstResponseWarnWatch")
            .HasFilter("\"FirstResponseAt\" IS NULL AND \"FirstResponseWarnedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        b.HasIndex(c => c.ResolutionWarnAt).HasDatabaseName("IX_Cases_ResolutionWarnWatch")
            .HasFilter("\"ResolutionWarnedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        b.HasIndex(c => c.NextUpdateDueAt).HasDatabaseName("IX_Cases_NextUpdateWatch")
            .HasFilter("\"NextUpdateBreachedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        b.HasIndex(c => c.NextUpdateWarnAt).HasDatabaseName("IX_Cases_NextUpdateWarnWatch")
            .HasFilter("\"NextUpdateWarnedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        b.HasOne<SlaPolicy>().WithMany().HasForeignKey(c => c.SlaPolicyId).OnDelete(DeleteBehavior.SetNull);
        if (postgres)
            b.HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
