namespace Rapport.Server.Infrastructure;

/// <summary>A background job that runs at start and then every <paramref name="period"/>; a failed run is logged as a
/// warning and tried again at the next tick. A module's job derives from it and says only what one run does.</summary>
internal abstract class PeriodicJob(TimeSpan period, ILogger log, string name) : BackgroundService
{
    protected ILogger Log { get; } = log;

    /// <summary>One run, in its own service scope if it needs one.</summary>
    protected abstract Task RunAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
                Observability.JobMetrics.Run(name, ok: true);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Observability.JobMetrics.Run(name, ok: false);
                Log.LogWarning(Core.Observability.AppEvents.JobFailed, e, "{Job} failed; will retry", name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
