namespace Rapport.Server.Jobs;

/// <summary>Scheduled jobs for administrators (<c>settings.manage</c>): the list, each job's runs, run now, pause, resume.</summary>
internal static class JobsEndpoints
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("", (JobBoard s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListJobs").WithSummary("Every scheduled job: its schedule, paused or not, next run, latest run and latest failure.");
        jobs.MapGet("/{name}", (string name, JobBoard s, CancellationToken ct) => s.GetAsync(name, ct))
            .WithName("GetJob").WithSummary("One scheduled job.");
        jobs.MapGet("/{name}/runs", (string name, JobBoard s, CancellationToken ct, string? cursor, int? limit) => s.RunsAsync(name, cursor, limit, ct))
            .WithName("ListJobRuns").WithSummary("A job's recorded runs, newest first: node, start, duration, result, error, who triggered it.");
        jobs.MapPost("/{name}/run", async (string name, JobBoard s, CancellationToken ct) =>
            {
                await s.RunNowAsync(name, ct);
                return TypedResults.Accepted($"/api/v1/jobs/{name}/runs");
            })
            .WithName("RunJobNow").WithSummary("Run the job once now (even while paused); the run appears in its history when done.");
        jobs.MapPost("/{name}/pause", (string name, JobBoard s, CancellationToken ct) => s.PauseAsync(name, ct))
            .WithName("PauseJob").WithSummary("Stop the job's schedule firing until resumed, on every node and across restarts.");
        jobs.MapPost("/{name}/resume", (string name, JobBoard s, CancellationToken ct) => s.ResumeAsync(name, ct))
            .WithName("ResumeJob").WithSummary("Let a paused job's schedule fire again.");
        return api;
    }
}
