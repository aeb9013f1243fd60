using Rapport.Core.Quality;
using Rapport.Server.Jobs;

namespace Rapport.Server.Quality;

/// <summary>Nightly: refreshes the duplicate review list.</summary>
internal sealed class DuplicateScanJob(DuplicateScan scan, ILogger<DuplicateScanJob> log) : ScopedJob<DuplicateScanJob, DuplicateScanResult>
{
    public const string Name = "duplicate-scan";

    protected override Task<DuplicateScanResult> RunAsync(CancellationToken ct) => scan.RunAsync(ct);

    protected override void Log(DuplicateScanResult r) =>
        log.LogInformation("Duplicate scan: {Found} candidate pairs, {Added} new, {Removed} gone, {Backfilled} records keyed", r.Found, r.Added, r.Removed, r.Backfilled);
}
