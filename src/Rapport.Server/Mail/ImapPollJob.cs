using Quartz;
using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>Polls every active mailbox every <see cref="MailOptions.ImapPollSeconds"/>. A node with <c>Mail:RunJobs</c>
/// off leaves polling to the others.</summary>
internal sealed class ImapPollJob(ImapPoller poller, IOptions<MailOptions> options) : IJob
{
    public const string Name = "imap-poll";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.RunJobs) await poller.PollOnceAsync(cancellationToken);
    }
}
