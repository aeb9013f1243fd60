using Rapport.Core.Retention;
using Rapport.Server.Jobs;

namespace Rapport.Server.Retention;

/// <summary>Retention policies: the service and the nightly job that applies the enabled ones.</summary>
internal static class RetentionModule
{
    public static IServiceCollection AddRetention(this IServiceCollection services) =>
        services.AddScoped<RetentionService>()
            .AddRecurringJob<RetentionJob>(RetentionJob.Name, JobSchedule.CronAt("0 45 2 * * ?"),
                "Applies the enabled retention policies (leads, interactions, cases, mail bodies, import runs).");
}
