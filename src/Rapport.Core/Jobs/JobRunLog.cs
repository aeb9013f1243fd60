namespace Rapport.Core.Jobs;

/// <summary>The run history of scheduled jobs: written by the scheduler after every run, read by the jobs page.</summary>
public sealed class JobRunLog(RapportDbContext db, ICurrentUser user, TimeProvider clock, IOptions<JobHistoryOptions> options)
{
    /// <summary>Records a run (no permission: the scheduler writes it for the system).</summary>
    public async Task RecordAsync(JobRun run, CancellationToken ct)
    {
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>How many runs of <paramref name="job"/> in a row, newest first, have failed (0 after a success).</summary>
    public async Task<int> ConsecutiveFailuresAsync(string job, CancellationToken ct)
    {
        var lastSuccess = await db.JobRuns.AsNoTracking().Where(r => r.Job == job && r.Succeeded)
            .OrderByDescending(r => r.StartedAt).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(ct);
        var failures = db.JobRuns.AsNoTracking().Where(r => r.Job == job && !r.Succeeded);
        if (lastSuccess is { } at) failures = failures.Where(r => r.StartedAt > at);
        return await failures.Take(1000).CountAsync(ct);
    }

    /// <summary>Each named job's latest run and latest failure (either may be missing).</summary>
    public async Task<IReadOnlyDictionary<string, (JobRunDto? Last, JobRunDto? LastFailure)>> LatestAsync(IReadOnlyCollection<string> jobs, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var result = new Dictionary<string, (JobRunDto?, JobRunDto?)>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var runs = db.JobRuns.AsNoTracking().Where(r => r.Job == job);
            var last = await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(JobRunDto.Projection).FirstOrDefaultAsync(ct);
            var failure = last is null || !last.Succeeded ? last
                : await runs.Where(r => !r.Succeeded).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(JobRunDto.Projection).FirstOrDefaultAsync(ct);
            result[job] = (last, failure);
        }
        return result;
    }

    /// <summary>One job's runs, newest first.</summary>
    public async Task<Page<JobRunDto>> ListAsync(string job, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var size = Keyset.ClampPageSize(limit);
        var query = db.JobRuns.AsNoTracking().Where(r => r.Job == job);
        var rows = await Keyset.Seek(query, r => r.StartedAt, r => r.Id, descending: true, cursor, size).Select(JobRunDto.Projection).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, r => r.StartedAt, r => r.Id);
        long? total = null;
        var capped = false;
        if (cursor is null) (total, capped) = await Keyset.CappedCountAsync(query, ct);
        return new Page<JobRunDto>(items, next, total, capped);
    }

    /// <summary>Deletes runs older than <see cref="JobHistoryOptions.HistoryDays"/>, and each job's runs beyond the newest
    /// <see cref="JobHistoryOptions.HistoryPerJob"/>. Returns how many were deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var o = options.Value;
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-o.HistoryDays);
        var deleted = await db.JobRuns.Where(r => r.StartedAt < before).ExecuteDeleteAsync(ct);
        foreach (var job in await db.JobRuns.Select(r => r.Job).Distinct().ToListAsync(ct))
        {
            var oldestKept = await db.JobRuns.Where(r => r.Job == job).OrderByDescending(r => r.StartedAt)
                .Skip(o.HistoryPerJob - 1).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(ct);
            if (oldestKept is { } at)
                deleted += await db.JobRuns.Where(r => r.Job == job && r.StartedAt < at).ExecuteDeleteAsync(ct);
        }
        return deleted;
    }
}
