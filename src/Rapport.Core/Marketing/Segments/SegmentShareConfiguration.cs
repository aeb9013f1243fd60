namespace Rapport.Core.Marketing.Segments;

internal sealed class SegmentShareConfiguration : IEntityTypeConfiguration<SegmentShare>
{
    public void Configure(EntityTypeBuilder<SegmentShare> b)
    {
        b.IsGrantTable("SegmentShares", nameof(SegmentShare.SegmentId));
    }
}
