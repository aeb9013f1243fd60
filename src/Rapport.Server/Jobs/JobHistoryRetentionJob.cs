using Quartz;
using Rapport.Core.Jobs;

namespace Rapport.Server.Jobs;

/// <summary>Once a day: deletes job runs older than <c>Jobs:HistoryDays</c> and beyond <c>Jobs:HistoryPerJob</c> per job.</summary>
internal sealed class JobHistoryRetentionJob(JobRunLog history, ILogger<JobHistoryRetentionJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var pruned = await history.PruneAsync(cancellationToken);
        if (pruned > 0) log.LogInformation("Deleted {Count} old job runs", pruned);
    }
}
