using Rapport.Core.Audit;
using Rapport.Server.Jobs;

namespace Rapport.Server.Audit;

/// <summary>The audit trail, its hash chain, the worker that seals it and the daily pruning.</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddScoped<AuditTrail>().AddScoped<AuditChain>().AddHostedService<AuditChainJob>()
            .AddRecurringJob<AuditPruneJob>("audit-prune", JobSchedule.CronAt("0 15 3 * * ?"),
                "Deletes audit entries older than the audit retention setting.");
}
