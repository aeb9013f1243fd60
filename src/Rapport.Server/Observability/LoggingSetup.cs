using Rapport.Core.Observability;
using Serilog;
using Serilog.Extensions.Logging;

namespace Rapport.Server.Observability;

/// <summary>Where log events go: the console (short lines), JSON lines in rolling files under the data directory
/// (<c>Logging:File:*</c>) and the security and application events into the event table — all through
/// <see cref="LogEventParts"/>, so all redacted alike. Levels stay those of
/// <c>Logging:LogLevel</c> (Microsoft.Extensions.Logging filters before Serilog sees an event).</summary>
internal static class LoggingSetup
{
    public static ILoggingBuilder AddRapportLogging(this ILoggingBuilder logging)
    {
        // The framework's console provider would write exception texts as they are; Serilog's console gets them redacted.
        logging.ClearProviders();
        logging.KeepPersonalDataOut();
        // Security events reach the files and the table even where the default level is Warning.
        logging.AddFilter(AppEvents.SecurityCategory, LogLevel.Information);
        // Built when the logger factory is first made, from the final configuration (tests and hosts override it late).
        logging.Services.AddSingleton<LogEntryQueue>();
        logging.Services.AddSingleton<ILoggerProvider>(sp => new SerilogLoggerProvider(Create(sp), dispose: true));
        return logging;
    }

    private static Serilog.Core.Logger Create(IServiceProvider sp)
    {
        var config = sp.GetRequiredService<IConfiguration>();
        var file = config.GetSection("Logging:File").Get<FileLogOptions>() ?? new FileLogOptions();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.With(new RequestEnricher(sp.GetRequiredService<IHttpContextAccessor>()))
            .WriteTo.Sink(sp.GetRequiredService<LogEntryQueue>())
            .WriteTo.Console(new ConsoleLineFormatter());
        if (file.Enabled)
        {
            var folder = file.Path is { Length: > 0 } p ? p : Path.Combine(DatabaseSetup.ReadOptions(config).DataDirectory, "logs");
            Directory.CreateDirectory(folder);
            logger.WriteTo.File(new JsonLineFormatter(), Path.Combine(folder, "rapport-.jsonl"),
                rollingInterval: RollingInterval.Day, rollOnFileSizeLimit: true,
                fileSizeLimitBytes: Math.Max(1, file.FileSizeLimitMB) * 1024L * 1024L,
                retainedFileCountLimit: Math.Max(1, file.RetainedFiles),
                retainedFileTimeLimit: TimeSpan.FromDays(Math.Max(1, file.RetainedDays)));
        }
        return logger.CreateLogger();
    }
}
