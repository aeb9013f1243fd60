namespace Rapport.Core.ServiceDesk;

public sealed record SlaPolicyInput(string? Name, Guid CalendarId, bool IsActive, IReadOnlyList<SlaTarget>? Targets, IReadOnlyList<SlaEscalation>? Escalations);

public sealed record SlaPolicyDto(Guid Id, string Name, Guid CalendarId, string CalendarName, bool IsActive, IReadOnlyList<SlaTarget> Targets,
    IReadOnlyList<SlaEscalation> Escalations, DateTime CreatedAt, DateTime UpdatedAt, long Version);

/// <summary>A what-if for administrators: when is <c>Minutes</c> of business time after <c>Start</c> on the calendar
/// used up, with the clock stopped during <c>Pauses</c>?</summary>
public sealed record SlaPreviewInput(Guid CalendarId, DateTime Start, int Minutes, IReadOnlyList<SlaPause>? Pauses = null);

/// <summary>The due instant in UTC and as the calendar's wall clock shows it; both null while an open pause holds the clock.</summary>
public sealed record SlaPreviewDto(DateTime? Due, DateTimeOffset? DueLocal, string TimeZoneId);

/// <summary>Due instants for one case (null: the row has no such target, or an open pause holds the clock), and the
/// instants the first-response and resolution targets reach their warning percentage.</summary>
public sealed record SlaDueTimes(DateTime? FirstResponseDueAt, DateTime? NextUpdateDueAt, DateTime? ResolutionDueAt, int WarningPercent,
    DateTime? FirstResponseWarnAt = null, DateTime? ResolutionWarnAt = null);

/// <summary>Green, amber, red.</summary>
public enum SlaLevel { OnTrack, Warning, Breached }

/// <summary>Where a target stands: its level and the business time left (negative once breached).</summary>
public sealed record SlaState(SlaLevel Level, TimeSpan Remaining);
