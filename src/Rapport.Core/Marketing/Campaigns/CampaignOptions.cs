namespace Rapport.Core.Marketing.Campaigns;

/// <summary>How campaign email goes out (configuration section <c>Campaigns</c>).</summary>
public sealed class CampaignOptions
{
    /// <summary>The outbox hands the SMTP server at most this many campaign messages a minute: each message of a send is
    /// due one interval after the one before (protects the sending reputation and the server's limits).</summary>
    public int MessagesPerMinute { get; set; } = 12_000;
    /// <summary>Members rendered and queued per database round trip.</summary>
    public int BatchSize { get; set; } = 500;

    public bool IsValid() => MessagesPerMinute is >= 1 and <= 1_000_000 && BatchSize is >= 1 and <= 5_000;
}
