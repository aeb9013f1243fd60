using Rapport.Core.Marketing.Segments;

namespace Rapport.Server.Marketing;

/// <summary>The builder's editable copy of a <see cref="SegmentRule"/> node: a group of children, or one condition
/// whose value is typed as text (comma-separated for "in").</summary>
public sealed class RuleNode
{
    public bool IsGroup { get; init; }
    public string Match { get; set; } = "all";
    public List<RuleNode> Children { get; } = [];
    public string Field { get; set; } = "tier";
    public string Op { get; set; } = "eq";
    public string? Value { get; set; }

    /// <summary>Fields whose values are an enum's names, offered as a list.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Choices = new Dictionary<string, string[]>
    {
        ["kind"] = [.. Enum.GetNames<Core.Customers.CustomerKind>()],
        ["tier"] = [.. Enum.GetNames<Core.Customers.ValueTier>()],
        ["stage"] = [.. Enum.GetNames<Core.Customers.LifecycleStage>()],
        ["behaviour"] = [.. Enum.GetNames<Core.Marketing.Classification.CustomerBehaviour>()],
    };

    public static RuleNode Group(string match = "all") => new() { IsGroup = true, Match = match };

    public static RuleNode From(SegmentRule? rule)
    {
        if (rule is null) return Group();
        if (rule.IsGroup)
        {
            var group = Group(rule.Match ?? "all");
            group.Children.AddRange(rule.Rules!.Select(From));
            return group;
        }
        var value = rule.Values is { Count: > 0 } ? string.Join(", ", rule.Values) : rule.Value;
        return new RuleNode { Field = rule.Field ?? "", Op = rule.Op ?? "", Value = value };
    }

    public SegmentRule ToRule()
    {
        if (IsGroup) return new SegmentRule(Match, [.. Children.Select(c => c.ToRule())]);
        if (Op is "empty" or "notEmpty") return new SegmentRule(Field: Field, Op: Op);
        if (Op == "in")
            return new SegmentRule(Field: Field, Op: Op, Values: [.. (Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
        return new SegmentRule(Field: Field, Op: Op, Value: Value?.Trim());
    }

    /// <summary>Keeps the operator valid for a newly chosen field.</summary>
    public void ChooseField(string field)
    {
        Field = field;
        var ops = SegmentRuleCompiler.Fields[field];
        if (!ops.Contains(Op)) Op = ops[0];
        Value = Choices.TryGetValue(field, out var names) ? names[0].ToLowerInvariant() : null;
    }
}
