using Rapport.Core.Mail;
using Rapport.Core.Observability;
using Rapport.Server.Jobs;

namespace Rapport.Server.Observability;

/// <summary>Every <c>Alerts:EvaluateSeconds</c> (job <c>alert-evaluation</c>): evaluates the alert rules and samples the
/// outbox depth for the metrics.</summary>
internal sealed class AlertJob(AlertService alerts, RapportDbContext db, RapportMetrics metrics) : ScopedJob<AlertJob, (int Opened, int Cleared)>
{
    protected override async Task<(int Opened, int Cleared)> RunAsync(CancellationToken ct)
    {
        var result = await alerts.EvaluateAsync(ct);
        metrics.OutboxDepth(await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Queued, ct));
        return result;
    }
}

/// <summary>Every hour (job <c>log-retention</c>): deletes event-log rows older than <c>Observability:LogRetentionDays</c>.</summary>
internal sealed class LogRetentionJob(LogService logs) : ScopedJob<LogRetentionJob, int>
{
    protected override Task<int> RunAsync(CancellationToken ct) => logs.PruneAsync(ct);
}
