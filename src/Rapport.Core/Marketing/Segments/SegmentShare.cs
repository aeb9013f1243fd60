using Rapport.Core.Reports;

namespace Rapport.Core.Marketing.Segments;

/// <summary>One grant on a segment: a user (id), a role (name) or a team (id), to view or to edit it.</summary>
public sealed class SegmentShare : IShareGrant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SegmentId { get; init; }
    public ShareKind Kind { get; init; }
    public required string Target { get; init; }
    public ReportAccess Access { get; init; }
}
