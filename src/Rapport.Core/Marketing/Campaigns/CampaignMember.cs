namespace Rapport.Core.Marketing.Campaigns;

/// <summary>How far a member got: targeted → sent (queued in the outbox) → delivered (the SMTP server took it) →
/// opened → clicked → responded → converted; or unsubscribed (consent gone when it was sent) or bounced.</summary>
public enum MemberStatus { Targeted, Sent, Delivered, Opened, Clicked, Responded, Converted, Unsubscribed, Bounced }

/// <summary>A customer in a campaign, with the address it reaches them at, the variant they get and what they did.
/// Inserted set-based (many at once); each step's time is kept so the funnel counts each stage once.</summary>
public sealed class CampaignMember
{
    public Guid CampaignId { get; init; }
    public Guid CustomerId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public MemberStatus Status { get; private set; }
    public Guid? VariantId { get; set; }
    /// <summary>In the A/B test's share (sent first, before the winner is known).</summary>
    public bool InTest { get; set; }
    public DateTime AddedAt { get; init; }
    public DateTime? SentAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public DateTime? OpenedAt { get; private set; }
    public DateTime? ClickedAt { get; private set; }
    public DateTime? RespondedAt { get; private set; }
    public DateTime? ConvertedAt { get; private set; }
    /// <summary>The outbox message that carried the email.</summary>
    public Guid? MessageId { get; private set; }
    /// <summary>Why a message failed (the SMTP server's answer) or was suppressed.</summary>
    public string? Error { get; private set; }

    public const int ErrorMax = 500;

    public void MarkSent(DateTime now, Guid? messageId)
    {
        (SentAt, MessageId) = (now, messageId);
        Advance(MemberStatus.Sent);
    }

    /// <summary>No address to reach them on the campaign's channel: the member ends here.</summary>
    public void Fail(string error)
    {
        Error = error.Length > ErrorMax ? error[..ErrorMax] : error;
        Status = MemberStatus.Bounced;
    }

    /// <summary>A response by hand (a reply, a visit to the stand, a call) or a conversion (a purchase).</summary>
    public void Respond(DateTime now, bool converted)
    {
        RespondedAt ??= now;
        if (converted) ConvertedAt ??= now;
        Advance(converted ? MemberStatus.Converted : MemberStatus.Responded);
    }

    /// <summary>Statuses only move forward along the funnel; unsubscribed and bounced end it.</summary>
    private void Advance(MemberStatus to)
    {
        if (Status is MemberStatus.Unsubscribed or MemberStatus.Bounced) return;
        if (to > Status) Status = to;
    }
}
