namespace Rapport.Core.Customers;

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.ToTable("Interactions");
        b.Property(i => i.Subject).HasMaxLength(TimelineEntries.SubjectMax);
        b.Property(i => i.Content).HasMaxLength(TimelineEntries.ContentMax);
        b.Property(i => i.Outcome).HasMaxLength(2000);
        b.HasOne(i => i.Customer).WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contact>().WithMany().HasForeignKey(i => i.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasKeysetIndex(i => new { i.CustomerId, i.OccurredAt });
        b.HasIndex(i => i.ContactId);
        b.HasIndex(i => new { i.CreatedById, i.Done, i.DueAt });
    }
}
