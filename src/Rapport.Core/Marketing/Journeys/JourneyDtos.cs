using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Core.Marketing.Journeys;

/// <summary>A journey's definition: its name, its entry audience (a segment or a campaign's members) and its steps in
/// order. The steps can change only while it is a draft.</summary>
public sealed record JourneyInput(string? Name, Guid? SegmentId = null, Guid? CampaignId = null, IReadOnlyList<JourneyStepInput>? Steps = null, Guid? OwnerId = null);

/// <summary>One step. Email: <see cref="Email"/> (a campaign template). Wait: <see cref="WaitHours"/>. Branch:
/// <see cref="Condition"/> on the last email, then go to step <see cref="Then"/>, else to <see cref="Else"/> (later
/// step numbers). Task: <see cref="TaskSubject"/> for the customer's owner, due after <see cref="TaskDueDays"/>.
/// AddTag / RemoveTag: <see cref="Tag"/>. End: nothing.</summary>
public sealed record JourneyStepInput(
    JourneyStepKind Kind, CampaignVariantInput? Email = null, int? WaitHours = null, JourneyCondition? Condition = null, int? Then = null, int? Else = null,
    string? TaskSubject = null, int? TaskDueDays = null, string? Tag = null);

/// <summary>A step as stored, with how many members are at it now and how many it ran for.</summary>
public sealed record JourneyStepDto(
    int Number, JourneyStepKind Kind, CampaignVariantInput? Email, int? WaitHours, JourneyCondition? Condition, int? Then, int? Else,
    string? TaskSubject, int? TaskDueDays, string? Tag, Guid? CampaignId, int At, int Passed);

public sealed record JourneyDto(
    Guid Id, string Name, Guid? SegmentId, Guid? CampaignId, Guid? OwnerId, JourneyStatus Status, DateTime? ActivatedAt, DateTime? FinishedAt,
    IReadOnlyList<JourneyStepDto> Steps, int Members, int Active, int Done, int Stopped, DateTime CreatedAt, long Version);
