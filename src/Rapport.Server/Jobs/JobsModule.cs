using Rapport.Core.Jobs;

namespace Rapport.Server.Jobs;

/// <summary>The one scheduler (Quartz, persistent, clustered on PostgreSQL) and the run history. Modules add their
/// jobs with <see cref="RecurringJobs.AddRecurringJob{TJob}(IServiceCollection, string, JobSchedule, string)"/>; configuration can change any job's schedule
/// (<c>Jobs:Schedules:{name}</c>).</summary>
internal static class JobsModule
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<JobHistoryOptions>().Bind(config.GetSection("Jobs"))
            .Validate(o => o.IsValid(), "Jobs: HistoryDays 1–3650, HistoryPerJob 10–1,000,000.").ValidateOnStart();
        services.AddScoped<JobRunLog>();
        services.AddScoped<JobBoard>();
        services.AddScoped<Core.Operations.ISystemFact, JobsSystemFact>();
        services.AddScoped<Core.Observability.IJobRunHistory, JobFailureStreaks>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService<JobSchedulerHost>();
        // Skipped after downtime: a purge, and a day's more history costs nothing until the next night.
        services.AddRecurringJob<JobHistoryRetentionJob>("job-history-retention", JobSchedule.CronAt("0 30 2 * * ?"),
            "Deletes old runs from this history.", MissedRun.Skip);
        // Skipped after downtime: a full ANALYZE reads every index and holds up writes for minutes; Run now is there after an import.
        services.AddRecurringJob<DatabaseStatisticsJob>("database-statistics", JobSchedule.CronAt("0 45 3 * * ?"),
            "Refreshes the database's query-planner statistics (SQLite), so searches and lists keep fast plans as the data grows.", MissedRun.Skip);
        return services;
    }
}
