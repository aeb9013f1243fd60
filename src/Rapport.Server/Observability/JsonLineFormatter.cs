using System.Text.Encodings.Web;
using System.Text.Json;
using Rapport.Core.Observability;
using Serilog.Events;
using Serilog.Formatting;

namespace Rapport.Server.Observability;

/// <summary>One JSON object per line: <c>t</c> (UTC), <c>level</c>, <c>category</c> (the module and class),
/// <c>eventId</c>/<c>event</c>, <c>userId</c>, <c>traceId</c> (the request's correlation id, as in problem responses),
/// <c>msg</c>, <c>props</c> and <c>exception</c>. Every text passes through <see cref="LogRedactor"/>.</summary>
internal sealed class JsonLineFormatter : ITextFormatter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Format(LogEvent e, TextWriter output)
    {
        var line = LogEventParts.Of(e);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("t", e.Timestamp.UtcDateTime);
            json.WriteString("level", line.Level.ToString());
            json.WriteString("category", line.Category);
            if (line.EventId != 0) json.WriteNumber("eventId", line.EventId);
            if (line.EventName is not null) json.WriteString("event", line.EventName);
            if (line.UserId is { } user) json.WriteString("userId", user);
            if (line.TraceId is not null) json.WriteString("traceId", line.TraceId);
            json.WriteString("msg", line.Message);
            var props = e.Properties.Where(p => !LogEventParts.Known.Contains(p.Key) && p.Value is ScalarValue).ToList();
            if (props.Count > 0)
            {
                json.WriteStartObject("props");
                foreach (var (key, value) in props)
                {
                    switch (((ScalarValue)value).Value)
                    {
                        case null: json.WriteNull(key); break;
                        case bool b: json.WriteBoolean(key, b); break;
                        case int or long or double or decimal or float or short: json.WriteNumber(key, Convert.ToDecimal(((ScalarValue)value).Value, CultureInfo.InvariantCulture)); break;
                        case var v: json.WriteString(key, LogRedactor.Redact(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")); break;
                    }
                }
                json.WriteEndObject();
            }
            if (line.Exception is not null) json.WriteString("exception", line.Exception);
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
