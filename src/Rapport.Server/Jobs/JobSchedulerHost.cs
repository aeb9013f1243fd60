namespace Rapport.Server.Jobs;

/// <summary>Starts and stops the <see cref="JobScheduler"/> with the host, after <see cref="StartupTasks"/> has
/// migrated the database. A second app node in tests leaves it out like any other background job.</summary>
internal sealed class JobSchedulerHost(JobScheduler scheduler) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => scheduler.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => scheduler.StopAsync(cancellationToken);
}
