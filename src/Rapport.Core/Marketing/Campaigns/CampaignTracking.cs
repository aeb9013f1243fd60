using Rapport.Core.Mail;

namespace Rapport.Core.Marketing.Campaigns;

/// <summary>
/// What recipients do with a campaign email, recorded from the anonymous tracking routes (signed tokens, no sign-in)
/// and from the outbox: opened, clicked (which implies opened), delivered, bounced (the SMTP server's final refusal) or
/// suppressed for want of consent. Each is one conditional UPDATE; a status only moves forward along the funnel.
/// </summary>
public sealed class CampaignTracking(RapportDbContext db, ICampaignLinks links, TimeProvider clock) : IOutboxObserver
{
    private static readonly MemberStatus[] BeforeOpened = [MemberStatus.Targeted, MemberStatus.Sent, MemberStatus.Delivered];
    private static readonly MemberStatus[] BeforeClicked = [.. BeforeOpened, MemberStatus.Opened];

    /// <summary>The open pixel was loaded: false when the token is forged (the caller answers 404).</summary>
    public async Task<bool> OpenAsync(string token, CancellationToken ct)
    {
        if (links.Read(token) is not { Click: false } t) return false;
        if (t.CustomerId == Guid.Empty) return await db.Campaigns.AnyAsync(c => c.Id == t.CampaignId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await Member(t).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.OpenedAt, m => m.OpenedAt ?? now)
            .SetProperty(m => m.Status, m => BeforeOpened.Contains(m.Status) ? MemberStatus.Opened : m.Status), ct) > 0;
    }

    /// <summary>A tracked link was followed: the address to forward to — only ever one of the links the variant's
    /// template holds — or null when the token is forged or names no such link.</summary>
    public async Task<string?> ClickAsync(string token, CancellationToken ct)
    {
        if (links.Read(token) is not { Click: true } t) return null;
        var variant = await db.CampaignVariants.AsNoTracking().FirstOrDefaultAsync(v => v.Id == t.VariantId && v.CampaignId == t.CampaignId, ct);
        if (variant is null) return null;
        var targets = CampaignTemplate.Links(t.Language == "zh" ? variant.HtmlZh ?? variant.Html : variant.Html);
        if (t.Link < 0 || t.Link >= targets.Count) return null;
        if (t.CustomerId != Guid.Empty)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await Member(t).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.OpenedAt, m => m.OpenedAt ?? now)
                .SetProperty(m => m.ClickedAt, m => m.ClickedAt ?? now)
                .SetProperty(m => m.Status, m => BeforeClicked.Contains(m.Status) ? MemberStatus.Clicked : m.Status), ct);
        }
        return targets[t.Link];
    }

    private IQueryable<CampaignMember> Member(TrackingToken t) =>
        db.CampaignMembers.Where(m => m.CampaignId == t.CampaignId && m.CustomerId == t.CustomerId);

    /// <summary>The outbox's word on a campaign message: delivered, bounced (given up, with the server's answer) or
    /// suppressed (consent withdrawn before it went).</summary>
    public async Task OnDeliveryAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        if (delivery.Purpose != CampaignSender.MailPurpose || delivery.Correlation?.Split(':') is not ["campaign", var c, var x]
            || !Guid.TryParse(c, out var campaignId) || !Guid.TryParse(x, out var customerId)) return;
        var member = db.CampaignMembers.Where(m => m.CampaignId == campaignId && m.CustomerId == customerId);
        var now = clock.GetUtcNow().UtcDateTime;
        var error = delivery.Error is { Length: > CampaignMember.ErrorMax } e ? e[..CampaignMember.ErrorMax] : delivery.Error;
        switch (delivery.State)
        {
            case OutboxState.Sent:
                await member.ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.DeliveredAt, now)
                    .SetProperty(m => m.Status, m => m.Status == MemberStatus.Targeted || m.Status == MemberStatus.Sent ? MemberStatus.Delivered : m.Status), ct);
                break;
            case OutboxState.Failed:
                await member.ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MemberStatus.Bounced).SetProperty(m => m.Error, error), ct);
                break;
            case OutboxState.Suppressed:
                await member.ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MemberStatus.Unsubscribed).SetProperty(m => m.Error, error), ct);
                break;
        }
    }
}
