namespace Rapport.Core.Marketing.Journeys;

internal sealed class JourneyMemberConfiguration : IEntityTypeConfiguration<JourneyMember>
{
    public void Configure(EntityTypeBuilder<JourneyMember> b)
    {
        b.ToTable("JourneyMembers");
        // Once per journey: enrolling the same customer again (from a second activation) is a no-op.
        b.HasKey(m => new { m.JourneyId, m.CustomerId });
        b.HasOne<Journey>().WithMany().HasForeignKey(m => m.JourneyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.Email).HasMaxLength(Privacy.ConsentEntry.MaxAddressLength);
        b.Property(m => m.StopReason).HasMaxLength(JourneyMember.StopReasonMax);
        b.HasIndex(m => m.CustomerId);
        // The job: active members whose step is due; the journey page counts members per step.
        b.HasIndex(m => new { m.State, m.NextRunAt });
        b.HasIndex(m => new { m.JourneyId, m.State, m.Step });
    }
}
