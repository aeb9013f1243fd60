namespace Rapport.Core.ServiceDesk;

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> b)
    {
        b.ToTable("SlaPolicies");
        b.Property(p => p.Name).HasMaxLength(SlaPolicy.NameMax);
        b.Property(p => p.Targets).AsJson();
        b.Property(p => p.Escalations).AsJson();
        // A calendar in use by a policy cannot be deleted (the service says so first, with a readable message).
        b.HasOne(p => p.Calendar).WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.Name).IsUnique();
    }
}
