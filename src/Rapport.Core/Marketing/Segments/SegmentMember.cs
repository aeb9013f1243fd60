namespace Rapport.Core.Marketing.Segments;

/// <summary>A customer on a static segment's list.</summary>
public sealed class SegmentMember
{
    public Guid SegmentId { get; init; }
    public Guid CustomerId { get; init; }
}
