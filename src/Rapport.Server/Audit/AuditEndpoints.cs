using Rapport.Core.Audit;

namespace Rapport.Server.Audit;

/// <summary>Audit search, CSV export, chain verification and the retention setting.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", (AuditTrail trail, CancellationToken ct, DateTime? from = null, DateTime? to = null, Guid? userId = null,
                string? entityType = null, string? entityId = null, string? action = null, string? cursor = null, int? limit = null,
                string? field = null) =>
                trail.SearchAsync(new AuditQuery(from, to, userId, entityType, entityId, action, cursor, limit, field), ct))
            .WithName("SearchAudit").WithSummary("Audit entries, newest first; filter by time range, user, entity, record, action and changed field. Customer phones and emails are masked unless the reader may reveal personal data.");
        audit.MapGet("/export", Export).WithName("ExportAudit").WithSummary("The matching audit entries as CSV.");
        audit.MapPost("/verify", (AuditChain chain, ICurrentUser user, CancellationToken ct) =>
            {
                user.Require(Permissions.AuditRead);
                // Read-only: sealing here would seal whatever someone slipped into the table.
                return chain.VerifyAsync(ct);
            })
            .WithName("VerifyAudit").WithSummary("Recompute the hash chain against the head file and report the first broken link, if any; writes nothing.");

        return api;
    }

    private static Task Export(HttpContext http, AuditTrail trail, CancellationToken ct, DateTime? from = null, DateTime? to = null,
        Guid? userId = null, string? entityType = null, string? entityId = null, string? action = null, string? field = null) =>
        Csv.WriteAsync(http, "audit", ["at", "user", "userId", "ip", "userAgent", "action", "entityType", "entityId", "changes", "seq"],
            trail.ExportAsync(new AuditQuery(from, to, userId, entityType, entityId, action, Field: field), ct),
            (e, zone) => [
                Csv.Instant(e.At, zone), e.UserName, e.UserId?.ToString(), e.IpAddress, e.UserAgent,
                e.Action, e.EntityType, e.EntityId, e.Changes?.GetRawText(), e.ChainSeq?.ToString(CultureInfo.InvariantCulture),
            ], ct);
}
