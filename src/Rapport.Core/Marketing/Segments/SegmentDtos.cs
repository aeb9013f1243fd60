using Rapport.Core.Customers;
using Rapport.Core.Reports;

namespace Rapport.Core.Marketing.Segments;

/// <summary>A segment to save: a rule tree, or (<see cref="IsStatic"/>) a list of customer ids; and its sharing.</summary>
public sealed record SegmentInput(string? Name, string? Description = null, SegmentRule? Rule = null, bool IsStatic = false,
    IReadOnlyList<Guid>? CustomerIds = null, IReadOnlyList<ReportShareDto>? Shares = null);

public sealed record SegmentDto(Guid Id, string Name, string? Description, SegmentRule? Rule, bool IsStatic, int StaticCount,
    Guid OwnerId, IReadOnlyList<ReportShareDto> Shares, bool CanEdit, long Version);

public sealed record SegmentSummary(Guid Id, string Name, string? Description, bool IsStatic, bool Mine, DateTime UpdatedAt);

/// <summary>An ad hoc rule to size: its capped count and first page of members.</summary>
/// <param name="Count">False leaves the capped count out: the first page comes back at the cost of the page alone (the
/// builder shows the members first and asks for the size next).</param>
public sealed record SegmentPreviewInput(SegmentRule? Rule, int? Limit = null, bool? Count = null);

/// <summary>A member as the members table lists it.</summary>
public sealed record SegmentMemberDto(Guid Id, string Number, string Name, CustomerKind Kind, ValueTier Tier, LifecycleStage Stage, Guid? OwnerId);
