using Serilog.Events;
using Serilog.Formatting;

namespace Rapport.Server.Observability;

/// <summary>The console's short human form (<c>08:21:05 WRN Rapport.Security[1000] auth.signin.failed …</c>), redacted
/// like the files: a console captured by systemd or Docker is a log too.</summary>
internal sealed class ConsoleLineFormatter : ITextFormatter
{
    public void Format(LogEvent e, TextWriter output)
    {
        var line = LogEventParts.Of(e);
        var level = e.Level switch
        {
            LogEventLevel.Verbose => "TRC",
            LogEventLevel.Debug => "DBG",
            LogEventLevel.Information => "INF",
            LogEventLevel.Warning => "WRN",
            LogEventLevel.Error => "ERR",
            _ => "CRT",
        };
        output.Write(string.Create(CultureInfo.InvariantCulture, $"{e.Timestamp.UtcDateTime:HH:mm:ss} {level} {line.Category}[{line.EventId}] {line.Message}\n"));
        if (line.Exception is not null) output.Write(line.Exception + "\n");
    }
}
