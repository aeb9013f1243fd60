using Rapport.Core.Customers;

namespace Rapport.Core.Leads;

/// <summary>What a caller sends to create or replace a lead. An empty owner means "apply the assignment rules".</summary>
public sealed record LeadInput
{
    public string? Name { get; init; }
    public string? Company { get; init; }
    public string? Title { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Source { get; init; }
    public string? Industry { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
    public string? City { get; init; }
    public string? Notes { get; init; }
    public Guid? OwnerId { get; init; }
}

public sealed record ScorePartDto(string Rule, string? Value, int Points);

public sealed record LeadDto(
    Guid Id, string Name, string? Company, string? Title, string? Email, string? Phone,
    string? Source, string? Industry, string? Region, string? Country, string? City, string? Notes,
    Guid? OwnerId, string? OwnerName, LeadStatus Status, string? DisqualifyReason,
    int Score, IReadOnlyList<ScorePartDto> ScoreParts, int ActivityCount,
    Guid? FormId, Guid? CustomerId, Guid? ContactId, DateTime? ConvertedAt,
    DateTime CreatedAt, Guid? CreatedById, DateTime UpdatedAt, long Version,
    Guid? CampaignId = null, string? UtmSource = null, string? UtmMedium = null, string? UtmContent = null);

/// <summary>Where a captured lead came from: the campaign (from <c>utm_campaign</c> or a tracked click) and the landing
/// link's source, medium and content.</summary>
public sealed record LeadOrigin(Guid? CampaignId, string? UtmSource, string? UtmMedium, string? UtmContent);

public sealed record LeadListItem(
    Guid Id, string Name, string? Company, string? Email, string? Phone, string? Source, LeadStatus Status, int Score,
    Guid? OwnerId, DateTime CreatedAt);

/// <summary>What a lead export writes beyond the list's columns: the lead import's other fields.</summary>
public sealed record LeadExportDetails(string? Title, string? Industry, string? Region, string? Country, string? City, string? Notes);

public enum LeadSort { Created, Score }

/// <summary>List filters; each is backed by an index.</summary>
public sealed record LeadQuery
{
    public string? Q { get; init; }
    public LeadStatus? Status { get; init; }
    public Guid? OwnerId { get; init; }
    public LeadSort Sort { get; init; } = LeadSort.Created;
    public bool Descending { get; init; } = true;
    public string? Cursor { get; init; }
    public int? Limit { get; init; }
}

/// <summary>Moves a lead along its statuses; disqualifying needs a reason.</summary>
public sealed record LeadStatusInput(LeadStatus Status, string? Reason = null);

public sealed record LeadAssignInput(Guid? OwnerId);

public sealed record LeadActivityInput
{
    public InteractionKind Kind { get; init; } = InteractionKind.Call;
    public string? Subject { get; init; }
    public string? Content { get; init; }
    public DateTime? OccurredAt { get; init; }
}

public sealed record LeadActivityDto(Guid Id, InteractionKind Kind, string Subject, string? Content, DateTime OccurredAt, Guid? CreatedById);

/// <summary>Convert into a new customer (using <paramref name="Address"/> when the lead has no country and city)
/// or link to an existing <paramref name="CustomerId"/>; with <paramref name="Opportunity"/>, also open a deal.</summary>
public sealed record LeadConvertInput(Guid? CustomerId = null, AddressDto? Address = null, bool ConfirmDuplicate = false,
    LeadOpportunityInput? Opportunity = null);

/// <summary>The deal a conversion opens: its name, and optionally amount, currency and expected close.</summary>
public sealed record LeadOpportunityInput(string? Name, decimal? Amount = null, string? Currency = null, DateOnly? ExpectedCloseDate = null);

public sealed record LeadConversion(Guid LeadId, Guid CustomerId, Guid? ContactId, bool CreatedCustomer, Guid? OpportunityId = null);

/// <param name="DefaultOwnerId">Who gets the form's leads when no assignment rule matches; an active user.</param>
public sealed record LeadFormInput(string? Name, string? Source = null, string? RedirectUrl = null, bool Active = true, Guid? DefaultOwnerId = null);

public sealed record LeadFormDto(Guid Id, string Name, string Token, string? Source, string? RedirectUrl, bool Active, int SubmissionCount, DateTime CreatedAt,
    Guid? DefaultOwnerId = null, long Version = 1);

/// <summary>What a visitor types into a public web form. <see cref="Website"/> is the honeypot: people never see
/// it, bots fill it in.</summary>
public sealed record LeadFormSubmission
{
    public string? Name { get; init; }
    public string? Company { get; init; }
    public string? Title { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Industry { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
    public string? City { get; init; }
    public string? Message { get; init; }
    public string? Website { get; init; }
    /// <summary>The landing link's <c>utm_campaign</c> (a campaign's code or id), <c>utm_source</c>, <c>utm_medium</c>
    /// and <c>utm_content</c>.</summary>
    public string? UtmCampaign { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmContent { get; init; }
    /// <summary>A tracked campaign click's signed token (the public form takes it from the click's cookie).</summary>
    public string? CampaignClick { get; init; }
}
