namespace Rapport.Core.Marketing.Campaigns;

/// <summary>A campaign's plan and A/B set-up. Amounts are in <see cref="Currency"/> (major units); no currency: the
/// company's.</summary>
public sealed record CampaignInput(
    string? Name, string? Objective = null, IReadOnlyList<CampaignChannel>? Channels = null, string? Currency = null,
    decimal Budget = 0, decimal ActualCost = 0, DateOnly? StartsOn = null, DateOnly? EndsOn = null, Guid? OwnerId = null,
    int TestSharePercent = 0, int TestWaitHours = 24, AbMetric WinnerMetric = AbMetric.Open, double ConfidenceLevel = 0.95,
    string? UtmCampaign = null);

/// <param name="Dispatched">Members the sending has dealt with (queued, or ended for want of an address): the progress
/// of a sending campaign against <paramref name="Members"/>.</param>
public sealed record CampaignDto(
    Guid Id, string Name, string? Objective, IReadOnlyList<CampaignChannel> Channels, string Currency, decimal Budget, decimal ActualCost,
    DateOnly? StartsOn, DateOnly? EndsOn, Guid? OwnerId, CampaignStatus Status, DateTime? ScheduledAt, DateTime? SentAt,
    int TestSharePercent, int TestWaitHours, AbMetric WinnerMetric, double ConfidenceLevel, AbState AbState, DateTime? TestSentAt,
    Guid? WinnerVariantId, bool? WinnerChosenByHand, IReadOnlyList<CampaignVariantDto> Variants, int Members, DateTime CreatedAt, long Version,
    int Dispatched = 0, string? UtmCampaign = null);

/// <summary>One variant of the email. Liquid fields with fallbacks (<c>{{ customer.name | default: "customer" }}</c>);
/// the HTML is sanitised when saved.</summary>
public sealed record CampaignVariantInput(
    string? Subject, string? Text, string? Html = null, string? SubjectZh = null, string? TextZh = null, string? HtmlZh = null, string? FromName = null);

public sealed record CampaignVariantDto(
    Guid Id, string Label, string? FromName, string Subject, string? SubjectZh, string? Html, string? HtmlZh, string Text, string? TextZh);

/// <summary>The email's content: one variant, or two to five for an A/B test.</summary>
public sealed record CampaignContentInput(IReadOnlyList<CampaignVariantInput>? Variants);

/// <summary>Who to add: the customers of an audience (a segment), those carrying a tag, or these ids — any mix.</summary>
public sealed record AddMembersInput(Guid? AudienceId = null, string? Tag = null, IReadOnlyList<Guid>? CustomerIds = null);

/// <summary>How many were added now, and how many the campaign has.</summary>
public sealed record AddMembersResult(int Added, int Members);

public sealed record CampaignMemberDto(
    Guid CustomerId, string CustomerName, string? Email, MemberStatus Status, string? Variant, bool InTest,
    DateTime? SentAt, DateTime? OpenedAt, DateTime? ClickedAt, DateTime? ConvertedAt, string? Error);

public sealed record CampaignScheduleInput(DateTime At);

public sealed record CampaignWinnerInput(Guid VariantId);

/// <summary>A response recorded by hand (or by an integration): responded, or converted.</summary>
public sealed record MemberResponseInput(bool Converted = false);

/// <summary>A test send of one variant in one language to one address, rendered for a sample customer.</summary>
public sealed record CampaignTestSendInput(string? To, Guid? VariantId = null, string? Language = null);

/// <summary>A campaign's figures: the funnel (each member counted at every stage they reached), per variant, and the
/// A/B comparison.</summary>
public sealed record CampaignResults(
    int Members, IReadOnlyList<FunnelStage> Funnel, IReadOnlyList<VariantResult> Variants, AbComparison? Comparison, AttributionResult? Attribution = null);

/// <summary>What the campaign brought, in <see cref="Currency"/> (major units): leads attributed to it, customers it
/// reached first, open pipeline and won revenue by last touch (the campaign on the deal or order) and first touch (the
/// customer's first campaign), the actual cost, cost per lead and ROI = (revenue − cost) / cost (null without a cost).</summary>
public sealed record AttributionResult(
    string Currency, int Leads, int FirstTouchCustomers, decimal Pipeline, decimal Revenue, decimal FirstTouchPipeline, decimal FirstTouchRevenue,
    decimal Cost, decimal? CostPerLead, double? Roi);

public sealed record FunnelStage(string Stage, int Count);

public sealed record VariantResult(Guid VariantId, string Label, string Subject, int Recipients, int TestRecipients, int Opened, int Clicked, int Converted);

/// <summary>The leading variant against the runner-up on the winner metric in the test share: rates, z and the
/// two-sided p-value, and whether it is significant at the campaign's confidence level.</summary>
public sealed record AbComparison(
    AbMetric Metric, string Leader, double LeaderRate, string RunnerUp, double RunnerUpRate, double Z, double P, double Alpha, bool Significant);
