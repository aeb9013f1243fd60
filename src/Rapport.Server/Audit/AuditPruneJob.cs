using Quartz;
using Rapport.Core.Retention;

namespace Rapport.Server.Audit;

/// <summary>Once a day: deletes audit entries older than the retention the audit settings give (the audit retention
/// policy), recorded as a retention run.</summary>
internal sealed class AuditPruneJob(RetentionService retention, ILogger<AuditPruneJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var run = await retention.ApplyAuditAsync(cancellationToken);
        if (run.Count > 0) log.LogInformation("Pruned {Count} audit entries older than {Cutoff}", run.Count, run.Cutoff);
    }
}
