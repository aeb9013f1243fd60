using Rapport.Core.Identity;

namespace Rapport.Core.ServiceDesk;

internal sealed class CaseConfiguration(bool postgres) : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("Cases");
        b.Property(c => c.Number).HasMaxLength(40);
        b.Property(c => c.Subject).HasMaxLength(Case.SubjectMax);
        b.Property(c => c.Description).HasMaxLength(Case.DescriptionMax);
        b.Property(c => c.ResolutionNote).HasMaxLength(Case.ResolutionMax);
        b.Property(c => c.SearchText).HasMaxLength(Case.SubjectMax + 41);
        b.Property(c => c.QueueOrder).HasMaxLength(20);
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
        b.HasIndex(c => new { c.CustomerId, c.CreatedAt });
        b.HasIndex(c => new { c.CreatedAt, c.Id });
        b.HasIndex(c => c.MergedIntoId);
        // The minute-by-minute breach sweep seeks due times that have passed, not the whole table.
        b.HasIndex(c => c.FirstResponseDueAt);
        b.HasIndex(c => c.ResolutionDueAt);
        b.HasOne<SlaPolicy>().WithMany().HasForeignKey(c => c.SlaPolicyId).OnDelete(DeleteBehavior.SetNull);
        if (postgres)
            b.HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
