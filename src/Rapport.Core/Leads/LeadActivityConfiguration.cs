namespace Rapport.Core.Leads;

internal sealed class LeadActivityConfiguration : IEntityTypeConfiguration<LeadActivity>
{
    public void Configure(EntityTypeBuilder<LeadActivity> b)
    {
        b.ToTable("LeadActivities");
        b.Property(a => a.Subject).HasMaxLength(TimelineEntries.SubjectMax);
        b.Property(a => a.Content).HasMaxLength(TimelineEntries.ContentMax);
        b.HasOne(a => a.Lead).WithMany().HasForeignKey(a => a.LeadId).OnDelete(DeleteBehavior.Cascade);
        b.HasKeysetIndex(a => new { a.LeadId, a.OccurredAt });
    }
}
