using Quartz;
using Rapport.Core.Jobs;

namespace Rapport.Server.Jobs;

/// <summary>What administrators do with scheduled jobs (<c>settings.manage</c>): see them, run one now, pause and
/// resume one. Pausing is the scheduler's own, stored with the trigger, so it holds on every node and after restarts.</summary>
internal sealed class JobBoard(JobScheduler jobs, JobRunLog history, ICurrentUser user, IConfiguration config)
{
    public async Task<IReadOnlyList<JobDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var latest = await history.LatestAsync(jobs.Jobs.Select(j => j.Name).ToList(), ct);
        var result = new List<JobDto>();
        foreach (var job in jobs.Jobs.OrderBy(j => j.Name, StringComparer.Ordinal)) result.Add(await DescribeAsync(job, latest[job.Name], ct));
        return result;
    }

    public async Task<JobDto> GetAsync(string name, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var job = Find(name);
        var latest = await history.LatestAsync([job.Name], ct);
        return await DescribeAsync(job, latest[job.Name], ct);
    }

    public Task<Page<JobRunDto>> RunsAsync(string name, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        return history.ListAsync(Find(name).Name, cursor, limit, ct);
    }

    /// <summary>Fires the job once now (on whichever node picks it up), recorded as triggered by the caller.</summary>
    public async Task RunNowAsync(string name, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var job = Find(name);
        await jobs.Scheduler.TriggerJob(new JobKey(job.Name, JobScheduler.Group),
            new JobDataMap { [JobRunRecorder.TriggeredByKey] = user.UserName ?? "system" }, ct);
    }

    public async Task<JobDto> PauseAsync(string name, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        await jobs.Scheduler.PauseJob(new JobKey(Find(name).Name, JobScheduler.Group), ct);
        return await GetAsync(name, ct);
    }

    public async Task<JobDto> ResumeAsync(string name, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        await jobs.Scheduler.ResumeJob(new JobKey(Find(name).Name, JobScheduler.Group), ct);
        return await GetAsync(name, ct);
    }

    private RecurringJob Find(string name) =>
        jobs.Jobs.FirstOrDefault(j => j.Name == name) ?? throw new NotFoundException("Job", Guid.Empty);

    private async Task<JobDto> DescribeAsync(RecurringJob job, (JobRunDto? Last, JobRunDto? LastFailure) runs, CancellationToken ct)
    {
        var key = new TriggerKey(job.Name, JobScheduler.Group);
        var trigger = await jobs.Scheduler.GetTrigger(key, ct);
        var paused = await jobs.Scheduler.GetTriggerState(key, ct) == TriggerState.Paused;
        return new JobDto(job.Name, job.Description, JobScheduler.ScheduleOf(job, config).ToString(), paused,
            paused ? null : trigger?.NextFireTimeUtc?.UtcDateTime, runs.Last, runs.LastFailure);
    }
}
