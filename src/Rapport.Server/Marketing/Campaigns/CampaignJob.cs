using Quartz;
using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>Every minute: scheduled campaigns whose time has come go out, and A/B tests whose wait is over are decided
/// (the winner goes to the rest when significant; otherwise the marketer is left to choose).</summary>
internal sealed class CampaignJob(CampaignSender sender) : IJob
{
    public const string Name = "campaigns";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sender.RunDueAsync(cancellationToken);
}
