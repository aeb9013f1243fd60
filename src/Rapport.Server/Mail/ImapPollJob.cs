using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>Polls every active mailbox every <see cref="MailOptions.ImapPollSeconds"/>.</summary>
internal sealed class ImapPollJob(IServiceProvider services, IOptions<MailOptions> options, ILogger<ImapPollJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunJobs) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ImapPollSeconds));
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ImapPoller>().PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Mailbox polling failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
