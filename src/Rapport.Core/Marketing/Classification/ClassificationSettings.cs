using Rapport.Core.Customers;
using Rapport.Core.Marketing.Segments;

namespace Rapport.Core.Marketing.Classification;

/// <summary>A lifecycle stage given to the customers a rule selects; the first matching rule wins.</summary>
public sealed record StageRule(LifecycleStage Stage, SegmentRule Rule);

/// <summary>A tag the nightly job puts on the customers its rule selects and takes off the others.</summary>
public sealed record TagRule(string Tag, SegmentRule Rule);

/// <summary>How the nightly classification computes (section <c>classification</c>): the RFM window; quintiles, or the
/// administrator's thresholds (four ascending cut points each: days since the last purchase, orders in the window,
/// amount in the company currency) for the 1–5 scores; the R+F+M sums that make a customer high or medium value;
/// the days of quiet after which a customer is no longer active, and churned; lifecycle stage rules and tag rules in
/// the segment rule language.</summary>
public sealed record ClassificationSettings(
    int WindowMonths = 12,
    string Scoring = ClassificationSettings.Quintiles,
    IReadOnlyList<int>? RecencyDays = null,
    IReadOnlyList<int>? FrequencyCounts = null,
    IReadOnlyList<decimal>? MonetaryAmounts = null,
    int HighScore = 12,
    int MediumScore = 7,
    int ActiveDays = 90,
    int ChurnedDays = 365,
    IReadOnlyList<StageRule>? StageRules = null,
    IReadOnlyList<TagRule>? TagRules = null) : ISettingsSection<ClassificationSettings>
{
    public const string Quintiles = "quintiles", Thresholds = "thresholds";
    public const int MaxRules = 20;

    public static string Key => "classification";

    public static ClassificationSettings Defaults { get; } = new(
        RecencyDays: [30, 90, 180, 365], FrequencyCounts: [2, 3, 5, 10], MonetaryAmounts: [1_000m, 5_000m, 20_000m, 100_000m],
        StageRules:
        [
            new(LifecycleStage.Churned, SegmentRule.When("behaviour", "eq", "churned")),
            new(LifecycleStage.Declining, SegmentRule.When("behaviour", "eq", "dormant")),
            new(LifecycleStage.Mature, SegmentRule.All(SegmentRule.When("behaviour", "eq", "active"), SegmentRule.When("tier", "eq", "high"))),
            new(LifecycleStage.Growing, SegmentRule.When("behaviour", "eq", "active")),
            new(LifecycleStage.New, SegmentRule.When("createdAt", "withinDays", "90")),
        ],
        TagRules: []);

    public IEnumerable<FieldError> Validate()
    {
        if (WindowMonths is < 1 or > 120) yield return new("windowMonths", "Validation.Range", 1, 120);
        if (Scoring is not (Quintiles or Thresholds)) yield return new("scoring", "Validation.OneOf", $"{Quintiles}, {Thresholds}");
        if (!Ascending(RecencyDays?.Select(d => (decimal)d))) yield return new("recencyDays", "Classification.Cuts");
        if (!Ascending(FrequencyCounts?.Select(d => (decimal)d))) yield return new("frequencyCounts", "Classification.Cuts");
        if (!Ascending(MonetaryAmounts)) yield return new("monetaryAmounts", "Classification.Cuts");
        if (MediumScore is < 3 or > 15) yield return new("mediumScore", "Validation.Range", 3, 15);
        if (HighScore <= MediumScore || HighScore > 15) yield return new("highScore", "Validation.Range", MediumScore + 1, 15);
        if (ActiveDays is < 1 or > 3650) yield return new("activeDays", "Validation.Range", 1, 3650);
        if (ChurnedDays <= ActiveDays || ChurnedDays > 3650) yield return new("churnedDays", "Validation.Range", ActiveDays + 1, 3650);
        if ((StageRules?.Count ?? 0) > MaxRules) yield return new("stageRules", "Validation.TooMany", MaxRules);
        for (var i = 0; i < (StageRules?.Count ?? 0); i++)
        {
            if (StageRules![i] is null) { yield return new($"stageRules[{i}]", "Validation.Required"); continue; }
            if (!Enum.IsDefined(StageRules[i].Stage)) yield return new($"stageRules[{i}].stage", "Validation.Required");
            foreach (var e in SegmentRuleCompiler.Check(StageRules[i].Rule, $"stageRules[{i}].rule")) yield return e;
        }
        if ((TagRules?.Count ?? 0) > MaxRules) yield return new("tagRules", "Validation.TooMany", MaxRules);
        for (var i = 0; i < (TagRules?.Count ?? 0); i++)
        {
            if (TagRules![i] is null) { yield return new($"tagRules[{i}]", "Validation.Required"); continue; }
            var tag = TagRules[i].Tag?.Trim();
            if (string.IsNullOrEmpty(tag)) yield return new($"tagRules[{i}].tag", "Validation.Required");
            else if (tag.Length > 50) yield return new($"tagRules[{i}].tag", "Validation.TooLong", 50);
            foreach (var e in SegmentRuleCompiler.Check(TagRules[i].Rule, $"tagRules[{i}].rule")) yield return e;
        }
    }

    private static bool Ascending(IEnumerable<decimal>? cuts)
    {
        var list = cuts?.ToList();
        return list is { Count: 4 } && list[0] >= 0 && list.Zip(list.Skip(1)).All(p => p.First < p.Second);
    }
}
