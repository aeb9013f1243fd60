using Rapport.Core.Customers;
using Rapport.Server.Jobs;

namespace Rapport.Server.Customers;

/// <summary>Purges customers whose recycle-bin retention has run out, every few hours.</summary>
internal sealed class RecycleBinPurgeJob(CustomerService customers, ILogger<RecycleBinPurgeJob> log) : ScopedJob<RecycleBinPurgeJob, int>
{
    protected override Task<int> RunAsync(CancellationToken ct) => customers.PurgeExpiredAsync(ct);

    protected override void Log(int purged)
    {
        if (purged > 0) log.LogInformation("Purged {Count} customers from the recycle bin", purged);
    }
}
