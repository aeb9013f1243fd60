namespace Rapport.Core.Leads;

internal sealed class LeadConfiguration(bool postgres) : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("Leads");
        b.Property(l => l.Name).HasMaxLength(LeadRules.NameMax);
        b.Property(l => l.Company).HasMaxLength(LeadRules.NameMax);
        b.Property(l => l.CompanyKey).HasMaxLength(LeadRules.NameMax);
        b.Property(l => l.Title).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Email).HasMaxLength(320);
        b.Property(l => l.Phone).HasMaxLength(40);
        b.Property(l => l.Source).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Industry).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Region).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Country).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.City).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Notes).HasMaxLength(LeadRules.NotesMax);
        b.Property(l => l.DisqualifyReason).HasMaxLength(500);
        b.HasSearchText(1000, postgres);
        b.OwnsMany(l => l.ScoreParts, p => p.ToJson());
        b.HasOwner(l => l.OwnerId);
        b.HasOne<LeadForm>().WithMany().HasForeignKey(l => l.FormId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.SetNull);

        // Every sort and filter of the list has an index ending in Id (the keyset tie-breaker); duplicates are
        // looked up by exact email, phone and company key.
        b.HasKeysetIndex(l => l.CreatedAt);
        b.HasKeysetIndex(l => l.Score);
        b.HasKeysetIndex(l => new { l.Status, l.CreatedAt });
        b.HasKeysetIndex(l => new { l.OwnerId, l.CreatedAt });
        b.HasIndex(l => l.Email);
        b.HasIndex(l => l.Phone);
        b.HasIndex(l => l.CompanyKey);
        b.HasIndex(l => l.FormId);
        b.HasIndex(l => l.CustomerId);
        b.Property(l => l.UtmSource).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.UtmMedium).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.UtmContent).HasMaxLength(LeadRules.ShortTextMax);
        // Attribution ids are plain indexed columns, no foreign key: on SQLite adding one rebuilds the table (and its
        // search triggers); campaigns are never deleted, only cancelled.
        b.HasIndex(l => l.CampaignId);

    }
}
