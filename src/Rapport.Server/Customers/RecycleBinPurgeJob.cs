using Rapport.Core.Customers;

namespace Rapport.Server.Customers;

/// <summary>Purges customers whose recycle-bin retention has run out, every few hours.</summary>
internal sealed class RecycleBinPurgeJob(IServiceProvider services, ILogger<RecycleBinPurgeJob> log)
    : PeriodicJob(TimeSpan.FromHours(6), log, "Recycle bin purge")
{
    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var purged = await scope.ServiceProvider.GetRequiredService<CustomerService>().PurgeExpiredAsync(ct);
        if (purged > 0) Log.LogInformation("Purged {Count} customers from the recycle bin", purged);
    }
}
