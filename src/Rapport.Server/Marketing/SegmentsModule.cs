using Rapport.Core.Marketing;
using Rapport.Core.Marketing.Classification;
using Rapport.Core.Marketing.Segments;
using Rapport.Server.Jobs;

namespace Rapport.Server.Marketing;

/// <summary>What segments and classification need from the host: the services (segments are the
/// <see cref="IAudienceSource"/> campaigns read) and the nightly recomputation.</summary>
internal static class SegmentsModule
{
    public static IServiceCollection AddSegments(this IServiceCollection services)
    {
        services.AddScoped<SegmentService>();
        services.AddScoped<IAudienceSource>(sp => sp.GetRequiredService<SegmentService>());
        services.AddScoped<ClassificationService>();
        // Skipped after downtime: it rewrites every customer, and a day-old classification is fine until the next night.
        services.AddRecurringJob<ClassificationJob>(ClassificationJob.Name, JobSchedule.CronAt("0 30 2 * * ?"),
            "Recomputes every customer's value tier (RFM), behaviour, lifecycle stage and rule-based tags.", MissedRun.Skip);
        return services;
    }

    public static RouteGroupBuilder MapSegmentsApi(this RouteGroupBuilder api)
    {
        api.MapSegmentEndpoints();
        api.MapClassificationEndpoints();
        return api;
    }
}
