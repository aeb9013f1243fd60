namespace Rapport.Core.Marketing.Segments;

internal sealed class SegmentMemberConfiguration : IEntityTypeConfiguration<SegmentMember>
{
    public void Configure(EntityTypeBuilder<SegmentMember> b)
    {
        b.ToTable("SegmentMembers");
        b.HasKey(m => new { m.SegmentId, m.CustomerId });
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.CustomerId, m.SegmentId });
    }
}
