using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>Sends queued mail moments after it is queued (<see cref="OutboxSender.Signal"/>), and otherwise looks
/// for due retries every <see cref="MailOptions.SendPollSeconds"/>.</summary>
internal sealed class OutboxSenderJob(IServiceProvider services, IOptions<MailOptions> options, ILogger<OutboxSenderJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunJobs) return;
        var poll = TimeSpan.FromSeconds(options.Value.SendPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    var sent = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(stoppingToken);
                    if (sent > 0) log.LogDebug("Outbox: {Count} delivery attempts", sent);
                }
                await OutboxSender.WaitForWorkAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Outbox sending failed; retrying");
                await Task.Delay(poll, stoppingToken);
            }
        }
    }
}
