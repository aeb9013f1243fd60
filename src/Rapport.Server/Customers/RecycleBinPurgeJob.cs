using Rapport.Core.Customers;

namespace Rapport.Server.Customers;

/// <summary>Purges customers whose recycle-bin retention has run out, every few hours.</summary>
internal sealed class RecycleBinPurgeJob(IServiceProvider services, ILogger<RecycleBinPurgeJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6));
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var purged = await scope.ServiceProvider.GetRequiredService<CustomerService>().PurgeExpiredAsync(stoppingToken);
                if (purged > 0) log.LogInformation("Purged {Count} customers from the recycle bin", purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Recycle bin purge failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
