using Microsoft.AspNetCore.Components;
using Rapport.Core.Jobs;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Jobs;

/// <summary>The scheduled jobs: each one's schedule, latest run, next run and latest failure; run now, pause, resume;
/// and one job's run history.</summary>
public sealed partial class ScheduledJobs
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private IReadOnlyList<JobDto> _jobs = [];
    private readonly List<JobRunDto> _runs = [];
    private string? _selected;
    private string? _next;
    private bool _loading;

    protected override Task OnInitializedAsync() => LoadAsync();

    private string Describe(JobDto job) => T["Job." + job.Name] is { ResourceNotFound: false } text ? text.Value : job.Description;

    private async Task LoadAsync()
    {
        _loading = true;
        await Feedback.TryAsync(async () => _jobs = await Ops.RunAsync<JobBoard, IReadOnlyList<JobDto>>((b, ct) => b.ListAsync(ct)));
        _loading = false;
    }

    private async Task ShowRunsAsync(string job)
    {
        _selected = job;
        await LoadRunsAsync(null);
    }

    private async Task LoadRunsAsync(string? cursor)
    {
        if (_selected is not { } job) return;
        if (cursor is null) _runs.Clear();
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<JobBoard, Page<JobRunDto>>((b, ct) => b.RunsAsync(job, cursor, 50, ct));
            _runs.AddRange(page.Items);
            _next = page.NextCursor;
        });
    }

    private async Task RunNowAsync(JobDto job)
    {
        if (await Feedback.TryAsync(() => Ops.RunAsync<JobBoard>((b, ct) => b.RunNowAsync(job.Name, ct))))
            Feedback.Done(T["Ui.JobRunQueued"]);
    }

    private async Task PauseAsync(JobDto job)
    {
        if (await Feedback.TryAsync(() => Ops.RunAsync<JobBoard, JobDto>((b, ct) => b.PauseAsync(job.Name, ct))))
        {
            Feedback.Done(T["Ui.JobPaused"]);
            await LoadAsync();
        }
    }

    private async Task ResumeAsync(JobDto job)
    {
        if (await Feedback.TryAsync(() => Ops.RunAsync<JobBoard, JobDto>((b, ct) => b.ResumeAsync(job.Name, ct))))
        {
            Feedback.Done(T["Ui.JobResumed"]);
            await LoadAsync();
        }
    }
}
