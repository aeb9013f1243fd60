using Rapport.Core.Audit;
using Rapport.Core.Settings;

namespace Rapport.Server.Audit;

/// <summary>Chains new audit entries moments after they are written, and prunes old ones once a day.</summary>
internal sealed class AuditChainJob(IServiceProvider services, TimeProvider clock, ILogger<AuditChainJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime? lastPrune = null;
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
                var now = clock.GetUtcNow().UtcDateTime;
                if (lastPrune is null || now - lastPrune > TimeSpan.FromDays(1))
                {
                    lastPrune = now;
                    var days = (await scope.ServiceProvider.GetRequiredService<SettingsService>().GetAsync<AuditSettings>(stoppingToken)).RetentionDays;
                    var pruned = await chain.PruneAsync(days, stoppingToken);
                    if (pruned > 0) log.LogInformation("Pruned {Count} audit entries older than {Days} days", pruned, days);
                }
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
