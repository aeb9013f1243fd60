using Rapport.Core.Retention;
using Rapport.Server.Jobs;

namespace Rapport.Server.Audit;

/// <summary>Once a day: deletes audit entries older than the retention the audit settings give (the audit retention
/// policy), recorded as a retention run.</summary>
internal sealed class AuditPruneJob(RetentionService retention, ILogger<AuditPruneJob> log) : ScopedJob<AuditPruneJob, RetentionRunDto>
{
    protected override Task<RetentionRunDto> RunAsync(CancellationToken ct) => retention.ApplyAuditAsync(ct);

    protected override void Log(RetentionRunDto run)
    {
        if (run.Count > 0) log.LogInformation("Pruned {Count} audit entries older than {Cutoff}", run.Count, run.Cutoff);
    }
}
