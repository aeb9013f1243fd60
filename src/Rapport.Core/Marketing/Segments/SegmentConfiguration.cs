namespace Rapport.Core.Marketing.Segments;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.ToTable("Segments");
        b.Property(s => s.Name).HasMaxLength(Segment.NameMax);
        b.Property(s => s.Description).HasMaxLength(Segment.DescriptionMax);
        b.Property(s => s.Rule).HasMaxLength(Segment.RuleMax);
        b.HasOwnerAndShares<Segment, SegmentShare>(s => s.SegmentId);
        b.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.OwnerId, s.Name });
    }
}
