using Rapport.Core.Observability;
using Rapport.Server.Jobs;

namespace Rapport.Server.Observability;

/// <summary>The event log, alert rules and metrics: their options (checked at start), services, the rules, the
/// event-table writer and the alert job. Log files are set up by <see cref="LoggingSetup"/>.</summary>
internal static class ObservabilityModule
{
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AlertOptions>().Bind(config.GetSection("Alerts"))
            .Validate(o => o.EvaluateSeconds is >= 5 and <= 3600, "Alerts:EvaluateSeconds must be between 5 and 3600.")
            .Validate(o => o.FailedSignIns >= 0 && o.FailedSignInMinutes is >= 1 and <= 1440, "Alerts:FailedSignIns must be 0 or more and Alerts:FailedSignInMinutes between 1 and 1440.")
            .Validate(o => o.ErrorRatePercent is >= 0 and <= 100 && o.ErrorRateMinutes is >= 1 and <= 60 && o.ErrorRateMinRequests >= 1,
                "Alerts:ErrorRatePercent must be between 0 and 100, Alerts:ErrorRateMinutes between 1 and 60, Alerts:ErrorRateMinRequests at least 1.")
            .Validate(o => o.JobFailuresInARow >= 0 && o.BackupMaxAgeHours >= 0 && o.AuditChainCheckMinutes >= 0, "Alerts thresholds cannot be negative.")
            .Validate(o => o.DiskFreePercent is >= 0 and < 100, "Alerts:DiskFreePercent must be between 0 and 100.")
            .ValidateOnStart();
        services.AddOptions<ObservabilityOptions>().Bind(config.GetSection("Observability"))
            .Validate(o => o.LogRetentionDays is >= 1 and <= 3650, "Observability:LogRetentionDays must be between 1 and 3650.")
            .Validate(o => o.MetricsPort is null or (> 0 and <= 65535), "Observability:MetricsPort must be a port number.")
            .ValidateOnStart();
        services.AddSingleton<RequestOutcomes>();
        services.AddSingleton<IDiskSpace, DriveSpace>();
        services.AddSingleton<AuditChainSignal.LastCheck>();
        services.AddScoped<LogService>();
        services.AddScoped<AlertService>();
        // The rules. Job and backup rules stay quiet until their modules register IJobRunHistory / IBackupCatalog.
        services.AddScoped<IAlertSignal, FailedSignInSignal>();
        services.AddScoped<IAlertSignal, ErrorRateSignal>();
        services.AddScoped<IAlertSignal, JobFailingSignal>();
        services.AddScoped<IAlertSignal, DiskFreeSignal>();
        services.AddScoped<IAlertSignal, BackupAgeSignal>();
        services.AddScoped<IAlertSignal, AuditChainSignal>();
        services.AddSingleton<LogEntryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LogEntryWriter>());
        // Catches up at start: alerts are how an operator learns what went wrong, the downtime included.
        services.AddRecurringJob<AlertJob>("alert-evaluation", JobSchedule.Every(TimeSpan.FromSeconds(config.GetValue<int?>("Alerts:EvaluateSeconds") ?? 60)),
            "Evaluates the alert rules (failed sign-ins, error rate, failing jobs, disk, backups, audit chain) and notifies administrators.");
        // Skipped after downtime: a purge, not owed to anyone; the next hour's run does it.
        services.AddRecurringJob<LogRetentionJob>("log-retention", JobSchedule.Every(TimeSpan.FromHours(1)),
            "Deletes event-log rows older than Observability:LogRetentionDays.", MissedRun.Skip);
        services.AddRapportMetrics();
        return services;
    }

    /// <summary>Counts every response for the error-rate rule; first in the pipeline, so it sees the status the
    /// exception handler set.</summary>
    public static IApplicationBuilder UseRequestOutcomes(this IApplicationBuilder app)
    {
        var outcomes = app.ApplicationServices.GetRequiredService<RequestOutcomes>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            finally
            {
                outcomes.Record(clock.GetUtcNow().UtcDateTime, http.Response.StatusCode);
            }
        });
    }
}
