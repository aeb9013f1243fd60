using Rapport.Core.Mail;
using Rapport.Core.Observability;

namespace Rapport.Server.Observability;

/// <summary>Every <c>Alerts:EvaluateSeconds</c>: evaluates the alert rules, samples the outbox depth for the metrics,
/// and once an hour prunes the event table.</summary>
internal sealed class AlertJob(IServiceProvider services, IOptions<AlertOptions> options, TimeProvider clock, RapportMetrics metrics, ILogger<AlertJob> log)
    : PeriodicJob(TimeSpan.FromSeconds(options.Value.EvaluateSeconds), log, "Alert evaluation")
{
    private DateTime? _lastPrune;

    protected override async Task RunAsync(CancellationToken ct)
    {
        await RunOnceAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        metrics.OutboxDepth(await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Queued, ct));
        var now = clock.GetUtcNow().UtcDateTime;
        if (_lastPrune is null || now - _lastPrune > TimeSpan.FromHours(1))
        {
            _lastPrune = now;
            await scope.ServiceProvider.GetRequiredService<LogService>().PruneAsync(ct);
        }
    }

    /// <summary>One evaluation in its own scope (the job, and tests that move the clock).</summary>
    public static async Task<(int Opened, int Cleared)> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AlertService>().EvaluateAsync(ct);
    }
}
