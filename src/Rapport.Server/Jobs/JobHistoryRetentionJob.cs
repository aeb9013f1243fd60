using Rapport.Core.Jobs;

namespace Rapport.Server.Jobs;

/// <summary>Once a day: deletes job runs older than <c>Jobs:HistoryDays</c> and beyond <c>Jobs:HistoryPerJob</c> per job.</summary>
internal sealed class JobHistoryRetentionJob(JobRunLog history, ILogger<JobHistoryRetentionJob> log) : ScopedJob<JobHistoryRetentionJob, int>
{
    protected override Task<int> RunAsync(CancellationToken ct) => history.PruneAsync(ct);

    protected override void Log(int pruned)
    {
        if (pruned > 0) log.LogInformation("Deleted {Count} old job runs", pruned);
    }
}
