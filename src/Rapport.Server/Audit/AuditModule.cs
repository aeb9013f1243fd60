using Rapport.Core.Audit;
using Rapport.Server.Jobs;

namespace Rapport.Server.Audit;

/// <summary>The audit trail, its hash chain, the job that seals it and the daily pruning.</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddScoped<AuditTrail>().AddScoped<AuditChain>()
            // Catches up at start: entries written just before the stop stay unsealed until it runs.
            .AddRecurringJob<AuditChainJob>(AuditChainJob.Name, JobSchedule.Every(TimeSpan.FromMinutes(1)),
                "Seals new audit entries into the hash chain (also a second after entries are written).")
            .AddJobWakeUp(AuditChainJob.Name, ct => AuditChain.WaitForWorkAsync(Timeout.InfiniteTimeSpan, ct), TimeSpan.FromSeconds(1))
            // Skipped after downtime: deletes from the largest table behind a checkpoint; the next night does it.
            .AddRecurringJob<AuditPruneJob>("audit-prune", JobSchedule.CronAt("0 15 3 * * ?"),
                "Deletes audit entries older than the audit retention setting.", MissedRun.Skip);
}
