using Quartz;
using Rapport.Core.Mail;
using Rapport.Core.Observability;

namespace Rapport.Server.Observability;

/// <summary>Every <c>Alerts:EvaluateSeconds</c> (job <c>alert-evaluation</c>): evaluates the alert rules and samples the
/// outbox depth for the metrics.</summary>
internal sealed class AlertJob(IServiceProvider services, RapportDbContext db, RapportMetrics metrics) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await RunOnceAsync(services, cancellationToken);
        metrics.OutboxDepth(await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Queued, cancellationToken));
    }

    /// <summary>One evaluation in its own scope (the job, and tests that move the clock).</summary>
    public static async Task<(int Opened, int Cleared)> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AlertService>().EvaluateAsync(ct);
    }
}

/// <summary>Every hour (job <c>log-retention</c>): deletes event-log rows older than <c>Observability:LogRetentionDays</c>.</summary>
internal sealed class LogRetentionJob(LogService logs) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => await logs.PruneAsync(cancellationToken);
}
