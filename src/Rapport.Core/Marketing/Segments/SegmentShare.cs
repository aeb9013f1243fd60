namespace Rapport.Core.Marketing.Segments;

/// <summary>One grant on a segment: a user (id), a role (name) or a team (id), to view or to edit it.</summary>
public sealed class SegmentShare : ShareGrant
{
    public Guid SegmentId { get; init; }
}
