using Quartz;
using Rapport.Core.Quality;

namespace Rapport.Server.Quality;

/// <summary>Nightly: refreshes the duplicate review list.</summary>
internal sealed class DuplicateScanJob(IServiceProvider services, ILogger<DuplicateScanJob> log) : IJob
{
    public const string Name = "duplicate-scan";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var r = await scope.ServiceProvider.GetRequiredService<DuplicateScan>().RunAsync(cancellationToken);
        log.LogInformation("Duplicate scan: {Found} candidate pairs, {Added} new, {Removed} gone, {Backfilled} customers keyed", r.Found, r.Added, r.Removed, r.Backfilled);
    }
}
