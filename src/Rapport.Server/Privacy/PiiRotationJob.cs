using Rapport.Core.Privacy;

namespace Rapport.Server.Privacy;

/// <summary>Re-encrypts personal data after a key rotation, a batch at a time, resuming after restarts.</summary>
internal sealed class PiiRotationJob(IServiceProvider services, ILogger<PiiRotationJob> log) : BackgroundService
{
    private static readonly SemaphoreSlim Signal = new(0, 1);

    public static void Wake()
    {
        if (Signal.CurrentCount == 0)
        {
            try { Signal.Release(); } catch (SemaphoreFullException) { /* already awake */ }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    var done = await scope.ServiceProvider.GetRequiredService<PiiRotation>().RunAsync(stoppingToken);
                    if (done > 0) log.LogInformation("Re-encrypted personal data of {Count} customers with the primary key", done);
                }
                await Signal.WaitAsync(TimeSpan.FromMinutes(10), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Re-encryption failed; retrying in a minute");
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            }
        }
    }
}
