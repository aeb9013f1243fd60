namespace Rapport.Core.Marketing.Segments;

internal sealed class SegmentShareConfiguration : IEntityTypeConfiguration<SegmentShare>
{
    public void Configure(EntityTypeBuilder<SegmentShare> b)
    {
        b.ToTable("SegmentShares");
        b.Property(s => s.Target).HasMaxLength(256);
        b.HasIndex(s => new { s.Kind, s.Target });
        b.HasIndex(s => new { s.SegmentId, s.Kind, s.Target }).IsUnique();
    }
}
