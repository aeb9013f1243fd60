using Rapport.Core.Observability;

namespace Rapport.Server.Observability;

/// <summary>The event log (search, CSV export) and the alerts, for those holding <c>logs.read</c>.</summary>
internal static class LogsEndpoints
{
    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        var logs = api.MapGroup("/logs").WithTags("Logs");
        logs.MapGet("/", (LogService s, HttpRequest request, CancellationToken ct, DateTime? from = null, DateTime? to = null, Guid? userId = null,
                string? module = null, string? @event = null, string? cursor = null, int? limit = null) =>
                s.SearchAsync(new LogQuery(from, to, Level(request), userId, module, @event, cursor, limit), ct))
            .WithName("SearchLogs")
            .WithSummary("Security and application events, newest first; filter by time range, lowest level (level=warning), user, module (a category prefix) and event name.");
        logs.MapGet("/export", Export).WithName("ExportLogs").WithSummary("The matching events as CSV.");
        logs.MapGet("/alerts", (AlertService s, CancellationToken ct, bool open = true, string? cursor = null, int? limit = null) => s.ListAsync(open, cursor, limit, ct))
            .WithName("ListAlerts").WithSummary("Alerts, newest first: open ones (open=true, the default) or cleared ones (open=false).");
        return api;
    }

    private static LogLevel? Level(HttpRequest request) => QueryParams.Enum<LogLevel>(request.Query["level"].ToString(), "level");

    private static Task Export(HttpContext http, LogService s, CancellationToken ct, DateTime? from = null, DateTime? to = null, Guid? userId = null,
        string? module = null, string? @event = null) =>
        Csv.WriteAsync(http, "logs", ["at", "level", "category", "eventId", "event", "userId", "user", "traceId", "message", "exception"],
            s.ExportAsync(new LogQuery(from, to, Level(http.Request), userId, module, @event), ct),
            (e, zone) => [
                Csv.Instant(e.At, zone), e.Level.ToString(), e.Category, e.EventId.ToString(CultureInfo.InvariantCulture), e.EventName,
                e.UserId?.ToString(), e.UserName, e.TraceId, e.Message, e.Exception,
            ], ct);
}
