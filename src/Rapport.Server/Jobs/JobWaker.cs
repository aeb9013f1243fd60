namespace Rapport.Server.Jobs;

/// <summary>Starts a job's run moments after the signal it waits on (<see cref="JobWakeUp"/>): the outbox sender when
/// mail is queued, audit chaining when entries are written, key rotation when a key is added. It only asks the
/// scheduler for a run; the run happens there, once across the nodes, with its history, pause and failure alerts. The
/// jobs' schedules still find work signalled on another node or lost in a restart.</summary>
internal sealed class JobWaker(IEnumerable<JobWakeUp> wakeUps, JobScheduler scheduler, ILogger<JobWaker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(wakeUps.Select(w => WatchAsync(w, stoppingToken)));

    private async Task WatchAsync(JobWakeUp wakeUp, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await wakeUp.Wait(ct);
                if (wakeUp.Settle > TimeSpan.Zero) await Task.Delay(wakeUp.Settle, ct);
                await scheduler.WakeAsync(wakeUp.Job, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The schedule still runs the job; a wake-up that failed only delays it.
                log.LogWarning(e, "Could not wake job {Job}", wakeUp.Job);
            }
        }
    }
}
