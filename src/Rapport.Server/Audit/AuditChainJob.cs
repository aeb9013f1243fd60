using Rapport.Core.Audit;

namespace Rapport.Server.Audit;

/// <summary>Chains new audit entries moments after they are written. A worker of its own rather than a scheduled job:
/// it wakes on each write (<see cref="AuditChain.WaitForWorkAsync"/>), which a schedule cannot do; pruning is the
/// scheduled <see cref="AuditPruneJob"/>.</summary>
internal sealed class AuditChainJob(IServiceProvider services, ILogger<AuditChainJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await AuditChain.WaitForWorkAsync(TimeSpan.FromSeconds(5), stoppingToken);
                // Seal in batches: a busy minute of writes becomes a few chaining transactions, not one per write.
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                await using var scope = services.CreateAsyncScope();
                var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
                var chained = await chain.ChainPendingAsync(stoppingToken);
                if (chained > 0) log.LogDebug("Chained {Count} audit entries", chained);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Audit chaining failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
