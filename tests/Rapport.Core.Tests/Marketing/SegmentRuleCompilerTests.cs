using Rapport.Core.Customers;
using Rapport.Core.Marketing.Classification;
using Rapport.Core.Marketing.Segments;

namespace Rapport.Core.Tests.Marketing;

/// <summary>The rule compiler without a database: customer-field conditions run as LINQ to objects, and the whitelist
/// names the node of every bad field, operator, value or shape.</summary>
public sealed class SegmentRuleCompilerTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Customer[] People =
    [
        new() { Number = "1", Name = "a", Kind = CustomerKind.Company, Tier = ValueTier.High, Industry = "Retail", Addresses = [new() { Country = "CN", City = "Shanghai" }], CreatedAt = Now.AddDays(-5) },
        new() { Number = "2", Name = "b", Kind = CustomerKind.Individual, Tier = ValueTier.Low, Industry = null, Addresses = [new() { Country = "US", City = "Boston" }], CreatedAt = Now.AddDays(-50) },
        new() { Number = "3", Name = "c", Kind = CustomerKind.Company, Tier = ValueTier.Medium, Industry = "Energy", CreatedAt = Now.AddYears(-3) },
    ];

    private static string Run(SegmentRule rule)
    {
        var predicate = new SegmentRuleCompiler(null, Now, "CNY").Compile(rule).Compile();
        return string.Concat(People.Where(predicate).Select(c => c.Name));
    }

    [Theory]
    [InlineData("kind", "eq", "company", "ac")]
    [InlineData("kind", "ne", "COMPANY", "b")]
    [InlineData("tier", "eq", "high", "a")]
    [InlineData("industry", "empty", null, "b")]
    [InlineData("industry", "notEmpty", null, "ac")]
    [InlineData("industry", "eq", "Energy", "c")]
    [InlineData("country", "eq", "US", "b")]
    [InlineData("city", "eq", "Shanghai", "a")]
    [InlineData("createdAt", "withinDays", "30", "a")]
    [InlineData("createdAt", "before", "2025-01-01", "c")]
    [InlineData("createdAt", "after", "2026-11-20", "a")]
    public void A_condition_selects_the_customers_it_names(string field, string op, string? value, string expected) =>
        Assert.Equal(expected, Run(SegmentRule.When(field, op, value)));

    [Fact]
    public void Groups_combine_with_and_and_or_and_an_empty_all_is_everyone()
    {
        Assert.Equal("ab", Run(SegmentRule.Any(SegmentRule.When("tier", "eq", "high"), SegmentRule.When("kind", "eq", "individual"))));
        Assert.Equal("c", Run(SegmentRule.All(SegmentRule.When("kind", "eq", "company"), SegmentRule.When("tier", "in", null, "medium", "low"))));
        Assert.Equal("abc", Run(SegmentRule.All()));
        Assert.Equal("", Run(SegmentRule.Any()));
    }

    [Fact]
    public void Bad_fields_operators_values_and_shapes_are_named_by_their_node()
    {
        static string[] Codes(SegmentRule? rule) => [.. SegmentRuleCompiler.Check(rule).Select(e => $"{e.Field}:{e.Code}")];

        Assert.Equal(["rule.rules[1].field:Segment.UnknownField"], Codes(SegmentRule.All(SegmentRule.When("tier", "eq", "high"), SegmentRule.When("SearchText", "eq", "x"))));
        Assert.Equal(["rule.op:Segment.UnknownOperator"], Codes(SegmentRule.When("tag", "eq", "x")));
        Assert.Equal(["rule.value:Segment.BadValue"], Codes(SegmentRule.When("tier", "eq", "1")));
        Assert.Equal(["rule.value:Segment.BadValue"], Codes(SegmentRule.When("createdAt", "before", "29/11/2026")));
        Assert.Equal(["rule.value:Segment.BadValue"], Codes(SegmentRule.When("owner", "eq", "me")));
        Assert.Equal(["rule:Validation.Required"], Codes(null));
        var deep = SegmentRule.When("tier", "eq", "high");
        for (var i = 0; i < SegmentRule.MaxDepth; i++) deep = SegmentRule.All(deep);
        Assert.Contains(Codes(deep), c => c.EndsWith(":Segment.TooDeep", StringComparison.Ordinal));
    }

    [Fact]
    public void Classification_settings_check_their_cut_points_scores_and_rules()
    {
        Assert.Empty(ClassificationSettings.Defaults.Validate());
        var bad = ClassificationSettings.Defaults with
        {
            RecencyDays = [90, 30, 180, 365],
            HighScore = 6,
            MediumScore = 7,
            ChurnedDays = 10,
            TagRules = [new TagRule(" ", SegmentRule.When("nope", "eq", "x"))],
        };
        Assert.Equal(["recencyDays", "highScore", "churnedDays", "tagRules[0].tag", "tagRules[0].rule.field"], bad.Validate().Select(e => e.Field));
    }
}
