namespace Rapport.Core.Marketing.Campaigns;

/// <summary>One version of a campaign's email: subject, sender name, HTML and text parts in English and Chinese
/// (each recipient gets the language that suits them). A campaign without an A/B test has one.</summary>
public sealed class CampaignVariant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CampaignId { get; init; }
    /// <summary>A, B, C… in the order added.</summary>
    public required string Label { get; set; }
    public string? FromName { get; set; }
    public required string Subject { get; set; }
    public string? SubjectZh { get; set; }
    /// <summary>Sanitised when saved: what the author wrote, less anything that could run in a reader's mail client.</summary>
    public string? Html { get; set; }
    public string? HtmlZh { get; set; }
    public required string Text { get; set; }
    public string? TextZh { get; set; }

    public const int SubjectMax = 300;
    public const int FromNameMax = 200;
    public const int BodyMax = 200_000;
}
