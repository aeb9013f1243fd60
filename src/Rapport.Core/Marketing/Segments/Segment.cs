using Rapport.Core.Reports;

namespace Rapport.Core.Marketing.Segments;

/// <summary>A saved set of customers: a rule tree (JSON of a <see cref="SegmentRule"/>, compiled to SQL at each read)
/// or a static list (<see cref="Members"/>). Shared like reports; sharing gives the definition, never data — everyone
/// sees only the members inside their own record scope.</summary>
public sealed class Segment : SharedDefinition<SegmentShare>
{
    public const int NameMax = 200, DescriptionMax = 2000, RuleMax = 16_000, MaxStaticMembers = 10_000;

    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>The rule tree as JSON; null for a static list.</summary>
    public string? Rule { get; set; }
    public bool IsStatic { get; set; }
    public List<SegmentMember> Members { get; init; } = [];

    protected override SegmentShare Grant(ReportShareDto share) => new() { SegmentId = Id, Kind = share.Kind, Target = share.Target, Access = share.Access };

    /// <summary>Makes the static list exactly <paramref name="customerIds"/>.</summary>
    public void ReplaceMembers(IReadOnlyCollection<Guid> customerIds)
    {
        Members.RemoveAll(m => !customerIds.Contains(m.CustomerId));
        var had = Members.Select(m => m.CustomerId).ToHashSet();
        Members.AddRange(customerIds.Where(id => !had.Contains(id)).Select(id => new SegmentMember { SegmentId = Id, CustomerId = id }));
    }
}
