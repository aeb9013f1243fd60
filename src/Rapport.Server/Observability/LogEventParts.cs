using Rapport.Core.Observability;
using Serilog.Events;

namespace Rapport.Server.Observability;

/// <summary>What the files and the event table take from a Serilog event written through Microsoft.Extensions.Logging:
/// level, category, event id and name, user, trace id, and the redacted message and exception.</summary>
internal sealed record LogEventParts(LogLevel Level, string Category, int EventId, string? EventName, Guid? UserId, string? TraceId,
    string Message, string? Exception)
{
    public const string UserIdProperty = "UserId";
    public const string TraceIdProperty = "TraceId";
    public static readonly HashSet<string> Known = ["SourceContext", "EventId", UserIdProperty, TraceIdProperty, "{OriginalFormat}"];

    // Console, file and table each format the same event: render and redact it once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LogEvent, LogEventParts> Made = [];

    public static LogEventParts Of(LogEvent e) => Made.GetValue(e, Make);

    private static LogEventParts Make(LogEvent e)
    {
        var category = e.Properties.TryGetValue("SourceContext", out var c) && c is ScalarValue { Value: string s } ? s : "";
        var (id, name) = (0, (string?)null);
        if (e.Properties.TryGetValue("EventId", out var ev) && ev is StructureValue sv)
            foreach (var p in sv.Properties)
            {
                if (p.Name == "Id" && p.Value is ScalarValue { Value: int i }) id = i;
                if (p.Name == "Name" && p.Value is ScalarValue { Value: string n }) name = n;
            }
        Guid? user = e.Properties.TryGetValue(UserIdProperty, out var u) && u is ScalarValue { Value: Guid g } ? g : null;
        var trace = e.Properties.TryGetValue(TraceIdProperty, out var t) && t is ScalarValue { Value: string ts } ? ts : e.TraceId?.ToHexString();
        return new LogEventParts(ToLevel(e.Level), category, id, name, user, trace,
            LogRedactor.Redact(e.RenderMessage(CultureInfo.InvariantCulture)),
            e.Exception is null ? null : LogRedactor.Redact(e.Exception.ToString()));
    }

    private static LogLevel ToLevel(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}
