using Quartz;
using Rapport.Core.Customers;

namespace Rapport.Server.Customers;

/// <summary>Purges customers whose recycle-bin retention has run out, every few hours.</summary>
internal sealed class RecycleBinPurgeJob(IServiceProvider services, ILogger<RecycleBinPurgeJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var purged = await scope.ServiceProvider.GetRequiredService<CustomerService>().PurgeExpiredAsync(cancellationToken);
        if (purged > 0) log.LogInformation("Purged {Count} customers from the recycle bin", purged);
    }
}
