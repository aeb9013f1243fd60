using Rapport.Core.Mail;
using Rapport.Server.Jobs;

namespace Rapport.Server.Mail;

/// <summary>Polls every active mailbox every <see cref="MailOptions.ImapPollSeconds"/>. A node with <c>Mail:RunJobs</c>
/// off leaves polling to the others.</summary>
internal sealed class ImapPollJob(ImapPoller poller, IOptions<MailOptions> options) : ScopedJob<ImapPollJob, IReadOnlyList<MailboxPollResult>>
{
    public const string Name = "imap-poll";

    protected override async Task<IReadOnlyList<MailboxPollResult>> RunAsync(CancellationToken ct) =>
        options.Value.RunJobs ? await poller.PollOnceAsync(ct) : [];
}
