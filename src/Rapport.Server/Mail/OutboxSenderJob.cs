using Quartz;
using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>Sends queued mail: every <see cref="MailOptions.SendPollSeconds"/> (due retries, mail queued on another
/// node) and moments after mail is queued here (<see cref="OutboxSender.Signal"/> wakes it, see
/// <see cref="MailModule"/>). A node with <c>Mail:RunJobs</c> off leaves sending to the others.</summary>
internal sealed class OutboxSenderJob(OutboxSender sender, IOptions<MailOptions> options, ILogger<OutboxSenderJob> log) : IJob
{
    public const string Name = "outbox-sender";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.RunJobs) return;
        var sent = await sender.SendDueAsync(cancellationToken);
        if (sent > 0) log.LogDebug("Outbox: {Count} delivery attempts", sent);
    }
}
