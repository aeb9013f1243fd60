using Quartz;
using Rapport.Core.Jobs;

namespace Rapport.Server.Jobs;

/// <summary>Writes every run of every job to the run history (<see cref="JobRunLog"/>) and tells the
/// <see cref="IJobRunObserver"/>s.</summary>
internal sealed class JobRunRecorder(IServiceProvider services, ILogger<JobRunRecorder> log) : IJobListener
{
    /// <summary>The job data key "run now" puts the user name under.</summary>
    public const string TriggeredByKey = "rapport.triggeredBy";

    public string Name => "rapport-run-history";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        try
        {
            var run = JobRun.Of(context.JobDetail.Key.Name, context.Scheduler.SchedulerInstanceId,
                context.FireTimeUtc.UtcDateTime, context.JobRunTime, jobException,
                context.MergedJobDataMap.TryGetValue(TriggeredByKey, out var by) ? by as string : null);
            Observability.JobMetrics.Run(run.Job, run.Succeeded);
            if (jobException is not null) log.LogWarning(Core.Observability.AppEvents.JobFailed, jobException.InnerException ?? jobException, "Job {Job} failed", run.Job);
            await using var scope = services.CreateAsyncScope();
            var history = scope.ServiceProvider.GetRequiredService<JobRunLog>();
            await history.RecordAsync(run, CancellationToken.None);
            var observers = scope.ServiceProvider.GetServices<IJobRunObserver>().ToList();
            if (observers.Count == 0) return;
            var failures = run.Succeeded ? 0 : await history.ConsecutiveFailuresAsync(run.Job, CancellationToken.None);
            var dto = JobRunDto.From(run);
            foreach (var observer in observers) await observer.RunRecordedAsync(dto, failures, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The history is for people; a run that could not be written must not fail the scheduler.
            log.LogError(e, "Could not record a run of {Job}", context.JobDetail.Key.Name);
        }
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
