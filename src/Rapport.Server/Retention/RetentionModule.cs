using Rapport.Core.Retention;
using Rapport.Server.Jobs;

namespace Rapport.Server.Retention;

/// <summary>Retention policies: the service and the nightly job that applies the enabled ones.</summary>
internal static class RetentionModule
{
    public static IServiceCollection AddRetention(this IServiceCollection services) =>
        services.AddScoped<RetentionService>()
            // Skipped after downtime: batched deletes over the largest tables, night work; the next night applies them.
            .AddRecurringJob<RetentionJob>(RetentionJob.Name, JobSchedule.CronAt("0 45 2 * * ?"),
                "Applies the enabled retention policies (leads, interactions, cases, mail bodies, import runs).", MissedRun.Skip);
}
