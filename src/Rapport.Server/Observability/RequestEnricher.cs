using Serilog.Core;
using Serilog.Events;

namespace Rapport.Server.Observability;

/// <summary>Adds the signed-in user's id and the request's trace id (<c>HttpContext.TraceIdentifier</c>, the
/// <c>traceId</c> of problem responses) to events logged inside a request.</summary>
internal sealed class RequestEnricher(IHttpContextAccessor http) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
    {
        if (http.HttpContext is not { } context) return;
        logEvent.AddPropertyIfAbsent(new LogEventProperty(LogEventParts.TraceIdProperty, new ScalarValue(context.TraceIdentifier)));
        if (Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            logEvent.AddPropertyIfAbsent(new LogEventProperty(LogEventParts.UserIdProperty, new ScalarValue(id)));
    }
}
