namespace Rapport.Core.Marketing.Segments;

/// <summary>A node of a segment's rule tree: a group (<see cref="Match"/> "all" or "any" over <see cref="Rules"/>) or
/// a condition (<see cref="Field"/> <see cref="Op"/> <see cref="Value"/> or <see cref="Values"/>). Only the fields and
/// operators <see cref="SegmentRuleCompiler"/> lists are accepted; anything else is a 400 naming the node.</summary>
public sealed record SegmentRule(
    string? Match = null,
    IReadOnlyList<SegmentRule>? Rules = null,
    string? Field = null,
    string? Op = null,
    string? Value = null,
    IReadOnlyList<string>? Values = null)
{
    public const int MaxDepth = 5, MaxConditions = 50;

    public bool IsGroup => Rules is not null;

    public static SegmentRule All(params SegmentRule[] rules) => new("all", rules);

    public static SegmentRule Any(params SegmentRule[] rules) => new("any", rules);

    public static SegmentRule When(string field, string op, string? value = null, params string[] values) =>
        new(Field: field, Op: op, Value: value, Values: values.Length > 0 ? values : null);
}
