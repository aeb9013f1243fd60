using Quartz;
using Rapport.Core.Audit;
using Rapport.Core.Settings;

namespace Rapport.Server.Audit;

/// <summary>Once a day: deletes audit entries older than the retention the audit settings give.</summary>
internal sealed class AuditPruneJob(AuditChain chain, SettingsService settings, ILogger<AuditPruneJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var days = (await settings.GetAsync<AuditSettings>(cancellationToken)).RetentionDays;
        var pruned = await chain.PruneAsync(days, cancellationToken);
        if (pruned > 0) log.LogInformation("Pruned {Count} audit entries older than {Days} days", pruned, days);
    }
}
