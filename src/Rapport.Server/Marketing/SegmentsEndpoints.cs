using Rapport.Core.Marketing.Segments;

namespace Rapport.Server.Marketing;

/// <summary>REST endpoints for segments: CRUD with ETags, an ad hoc preview (capped count and first page) and members.</summary>
internal static class SegmentsEndpoints
{
    public static RouteGroupBuilder MapSegmentEndpoints(this RouteGroupBuilder api)
    {
        var segments = api.MapGroup("/segments").WithTags("Segments");
        segments.MapGet("/", (SegmentService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListSegments").WithSummary("The caller's own segments and those shared with them, by name.");
        segments.MapPost("/", (SegmentInput input, SegmentService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedCreatedAsync(s.CreateAsync(input, ct), dto => $"/api/v1/segments/{dto.Id}"))
            .WithName("CreateSegment").WithSummary("Save a segment: a rule tree or a static list of customer ids, and its sharing.");
        segments.MapPost("/preview", (SegmentPreviewInput input, SegmentService s, CancellationToken ct) => s.PreviewAsync(input, ct))
            .WithName("PreviewSegment").WithSummary("Size an unsaved rule: capped count (10,000+; \"count\": false leaves it out) and the first page of members, in the caller's scope.");
        var segment = new VersionedRoutes<SegmentService, SegmentDto>(segments);
        segment.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetSegment").WithSummary("One segment's definition and sharing.");
        segment.MapPut<SegmentInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateSegment").WithSummary("Change a segment the caller owns or may edit; only the owner changes its sharing.");
        segment.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteSegment").WithSummary("Delete a segment the caller owns.");
        segments.MapGet("/{id:guid}/members", (Guid id, string? after, int? limit, bool? count, SegmentService s, CancellationToken ct) =>
                s.MembersAsync(id, after, limit, count ?? true, ct))
            .WithName("ListSegmentMembers").WithSummary("The members inside the caller's record scope, by name, keyset-paged; the capped count on the first page (count=false leaves it out).");
        return api;
    }
}
