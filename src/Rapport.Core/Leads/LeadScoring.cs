namespace Rapport.Core.Leads;

/// <summary>Rule-based lead scoring (settings section <c>lead-scoring</c>): points for the source and the industry
/// (matched case-insensitively), for each filled-in field that makes the lead workable, and for each activity
/// logged, up to a cap. The total is clamped to 0–100; every rule that gave points is kept, so users see why. The
/// <see cref="Bands"/> name ranges of scores (hot, warm, cold) for lists and the lead's page.</summary>
public sealed record LeadScoring(
    IReadOnlyDictionary<string, int> Sources,
    IReadOnlyDictionary<string, int> Industries,
    int PerCompletedField,
    int PerActivity,
    int ActivityMax,
    IReadOnlyList<ScoreBand>? Bands = null) : ISettingsSection<LeadScoring>
{
    public const int Max = 100;
    public const int BandsMax = 10;

    /// <summary>The bands until an administrator names others (and for settings saved before there were bands).</summary>
    public static readonly IReadOnlyList<ScoreBand> DefaultBands = [new(70, "Hot", "热"), new(40, "Warm", "温"), new(0, "Cold", "冷")];
    /// <summary>The fields that count towards completeness.</summary>
    public static readonly IReadOnlyList<string> CompletenessFields = ["company", "title", "email", "phone", "region"];

    public static string Key => "lead-scoring";

    public static LeadScoring Defaults { get; } = new(
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Referral"] = 25, ["Partner"] = 20, ["Event"] = 15, ["Website"] = 10, ["Advertisement"] = 5, ["Cold call"] = 0,
        },
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Manufacturing"] = 15, ["Technology"] = 15, ["Finance"] = 10, ["Healthcare"] = 10, ["Retail"] = 5,
        },
        PerCompletedField: 5, PerActivity: 5, ActivityMax: 25, DefaultBands);

    /// <summary>The bands, highest first.</summary>
    public IReadOnlyList<ScoreBand> ScoreBands => [.. (Bands ?? DefaultBands).OrderByDescending(b => b.From)];

    /// <summary>The band <paramref name="score"/> falls in and its rank (0 = the highest band); null below every band.</summary>
    public (ScoreBand Band, int Rank)? BandOf(int score)
    {
        var bands = ScoreBands;
        for (var i = 0; i < bands.Count; i++)
            if (score >= bands[i].From) return (bands[i], i);
        return null;
    }

    public IEnumerable<FieldError> Validate()
    {
        foreach (var (field, map) in new[] { ("sources", Sources), ("industries", Industries) })
        {
            if (map is null) { yield return new(field, "Validation.Required"); continue; }
            if (map.Count > 100) yield return new(field, "Validation.TooMany", 100);
            foreach (var (k, v) in map)
            {
                if (string.IsNullOrWhiteSpace(k) || k.Length > LeadRules.ShortTextMax) yield return new(field, "Validation.TooLong", LeadRules.ShortTextMax);
                if (v is < -Max or > Max) yield return new($"{field}.{k}", "Validation.Between", -Max, Max);
            }
        }
        if (PerCompletedField is < 0 or > Max) yield return new("perCompletedField", "Validation.Between", 0, Max);
        if (PerActivity is < 0 or > Max) yield return new("perActivity", "Validation.Between", 0, Max);
        if (ActivityMax is < 0 or > Max) yield return new("activityMax", "Validation.Between", 0, Max);
        if (Bands is null) yield break;
        if (Bands.Count > BandsMax) yield return new("bands", "Validation.TooMany", BandsMax);
        foreach (var (b, i) in Bands.Select((b, i) => (b, i)))
        {
            if (b is null) { yield return new($"bands[{i}]", "Validation.Required"); continue; }
            if (b.From is < 0 or > Max) yield return new($"bands[{i}].from", "Validation.Between", 0, Max);
            if (string.IsNullOrWhiteSpace(b.Label)) yield return new($"bands[{i}].label", "Validation.Required");
            else if (b.Label.Length > ScoreBand.LabelMax) yield return new($"bands[{i}].label", "Validation.TooLong", ScoreBand.LabelMax);
            if (b.LabelZh?.Length > ScoreBand.LabelMax) yield return new($"bands[{i}].labelZh", "Validation.TooLong", ScoreBand.LabelMax);
        }
        if (Bands.Where(b => b is not null).GroupBy(b => b.From).Any(g => g.Count() > 1)) yield return new("bands", "Validation.BandsDistinct");
    }

    /// <summary>The lead's score and the rules behind it, in a fixed order: source, industry, completeness, engagement.</summary>
    public (int Score, List<ScorePart> Parts) Score(Lead lead)
    {
        var parts = new List<ScorePart>();
        if (Lookup(Sources, lead.Source) is { } s && s != 0) parts.Add(new ScorePart { Rule = "source", Value = lead.Source, Points = s });
        if (Lookup(Industries, lead.Industry) is { } i && i != 0) parts.Add(new ScorePart { Rule = "industry", Value = lead.Industry, Points = i });
        if (PerCompletedField != 0)
        {
            string?[] values = [lead.Company, lead.Title, lead.Email, lead.Phone, lead.Region];
            foreach (var (field, value) in CompletenessFields.Zip(values))
                if (!string.IsNullOrWhiteSpace(value)) parts.Add(new ScorePart { Rule = "completeness", Value = field, Points = PerCompletedField });
        }
        var engagement = Math.Min(lead.ActivityCount * PerActivity, ActivityMax);
        if (engagement != 0)
            parts.Add(new ScorePart { Rule = "engagement", Value = lead.ActivityCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Points = engagement });
        return (Math.Clamp(parts.Sum(p => p.Points), 0, Max), parts);
    }

    private static int? Lookup(IReadOnlyDictionary<string, int> map, string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        // Settings come back from JSON with an ordinal dictionary: match case-insensitively here.
        foreach (var (k, v) in map)
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }
}

/// <summary>One assignment rule: a lead matching every criterion given (region, industry, source; empty means any)
/// goes round-robin to the listed users, or else to the active members of the team.</summary>
public sealed record LeadAssignmentRule(
    string? Region = null, string? Industry = null, string? Source = null, Guid? TeamId = null, IReadOnlyList<Guid>? UserIds = null)
{
    public bool Matches(Lead lead) =>
        Same(Region, lead.Region) && Same(Industry, lead.Industry) && Same(Source, lead.Source);

    private static bool Same(string? want, string? have) =>
        string.IsNullOrWhiteSpace(want) || string.Equals(want.Trim(), have?.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>Lead assignment (settings section <c>lead-assignment</c>): rules tried in order on creation; the
/// first that matches and has someone to give the lead to wins. With no match, a lead entered by a person stays
/// with them and a web-form lead stays unassigned (visible to whoever reaches all leads).</summary>
public sealed record LeadAssignment(IReadOnlyList<LeadAssignmentRule> Rules) : ISettingsSection<LeadAssignment>
{
    public const int RulesMax = 50;
    public static string Key => "lead-assignment";
    public static LeadAssignment Defaults { get; } = new([]);

    public IEnumerable<FieldError> Validate()
    {
        if (Rules is null) { yield return new("rules", "Validation.Required"); yield break; }
        if (Rules.Count > RulesMax) yield return new("rules", "Validation.TooMany", RulesMax);
        foreach (var (r, i) in Rules.Select((r, i) => (r, i)))
        {
            if (r is null) { yield return new($"rules[{i}]", "Validation.Required"); continue; }
            if (r.TeamId is null && (r.UserIds is null || r.UserIds.Count == 0))
                yield return new($"rules[{i}]", "Validation.AssignTarget");
            if (r.UserIds?.Count > 200) yield return new($"rules[{i}].userIds", "Validation.TooMany", 200);
        }
    }

    /// <summary>The person at <paramref name="turn"/> (1-based, from the rule's counter) in a stable order.</summary>
    public static Guid Pick(IReadOnlyList<Guid> pool, long turn) =>
        pool.Order().ElementAt((int)((turn - 1) % pool.Count));
}
