using Rapport.Core.Mail;
using Rapport.Server.Jobs;

namespace Rapport.Server.Mail;

/// <summary>Sends queued mail: every <see cref="MailOptions.SendPollSeconds"/> (due retries, mail queued on another
/// node) and moments after mail is queued here (<see cref="OutboxSender.Signal"/> wakes it, see
/// <see cref="MailModule"/>). A node with <c>Mail:RunJobs</c> off leaves sending to the others.</summary>
internal sealed class OutboxSenderJob(OutboxSender sender, IOptions<MailOptions> options, ILogger<OutboxSenderJob> log) : ScopedJob<OutboxSenderJob, int>
{
    public const string Name = "outbox-sender";

    protected override async Task<int> RunAsync(CancellationToken ct) => options.Value.RunJobs ? await sender.SendDueAsync(ct) : 0;

    protected override void Log(int sent)
    {
        if (sent > 0) log.LogDebug("Outbox: {Count} delivery attempts", sent);
    }
}
