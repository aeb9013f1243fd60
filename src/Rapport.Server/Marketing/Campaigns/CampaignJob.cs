using Quartz;
using Rapport.Core.Mail;
using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>Every minute, and moments after a campaign is sent (<see cref="CampaignSender.Signal"/>): scheduled
/// campaigns whose time has come start, A/B tests whose wait is over are decided (the winner goes to the rest when
/// significant; otherwise the marketer is left to choose), and sending campaigns' members are queued in the outbox. A
/// node with <c>Mail:RunJobs</c> off leaves this to the others.</summary>
internal sealed class CampaignJob(CampaignSender sender, IOptions<MailOptions> mail) : IJob
{
    public const string Name = "campaigns";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!mail.Value.RunJobs) return;
        await sender.RunDueAsync(cancellationToken);
    }
}
