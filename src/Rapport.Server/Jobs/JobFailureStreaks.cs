using Rapport.Core.Jobs;
using Rapport.Core.Observability;

namespace Rapport.Server.Jobs;

/// <summary>The "job failing" alert rule's source: each registered job's failures in a row, from the run history.</summary>
internal sealed class JobFailureStreaks(JobRunLog history, IEnumerable<RecurringJob> jobs) : IJobRunHistory
{
    public async Task<IReadOnlyList<JobStreak>> FailureStreaksAsync(CancellationToken ct)
    {
        var streaks = new List<JobStreak>();
        foreach (var job in jobs.Select(j => j.Name).Distinct(StringComparer.Ordinal))
            if (await history.ConsecutiveFailuresAsync(job, ct) is > 0 and var failures) streaks.Add(new JobStreak(job, failures));
        return streaks;
    }
}
