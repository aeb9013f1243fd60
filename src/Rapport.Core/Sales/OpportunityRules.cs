namespace Rapport.Core.Sales;

/// <summary>Sales settings (section <c>sales</c>): the currency new deals take when none is given, and how
/// documents sent to customers (quote PDFs) present the company: its name and its language.</summary>
public sealed record SalesSettings(string DefaultCurrency, string CompanyName = "Rapport", string DocumentLanguage = "en") : ISettingsSection<SalesSettings>
{
    public static readonly IReadOnlyList<string> Languages = ["en", "zh-CN"];
    public static string Key => "sales";
    public static SalesSettings Defaults { get; } = new("CNY");

    public IEnumerable<FieldError> Validate()
    {
        if (Currency.Normalize(DefaultCurrency) is null) yield return new("defaultCurrency", "Validation.Currency");
        if (string.IsNullOrWhiteSpace(CompanyName) || CompanyName.Length > OpportunityRules.NameMax) yield return new("companyName", "Validation.TooLong", OpportunityRules.NameMax);
        if (!Languages.Contains(DocumentLanguage)) yield return new("documentLanguage", "Validation.OneOf", string.Join(", ", Languages));
    }
}

/// <summary>Validation and the stage rules of opportunities and pipelines.</summary>
public static partial class OpportunityRules
{
    public const int NameMax = 200;
    public const int ShortTextMax = 100;
    public const int StagesMax = 20;

    /// <summary>Fields a stage can require before a deal enters it.</summary>
    public static readonly IReadOnlyList<string> RequirableFields = ["amount", "expectedCloseDate", "contactId", "nextStep", "competitors"];

    /// <summary>A discount or tax rate: 0–100 with at most two decimal places.</summary>
    public static bool IsPercent(decimal value) => value is >= 0 and <= 100 && value == decimal.Round(value, 2);

    /// <summary>The weighted amount from the SQL sum of amount-in-minor-units × probability-in-percent.</summary>
    public static decimal Weighted(long minorTimesPercent, string currency) =>
        Currency.Round(Currency.FromMinor(minorTimesPercent, currency) / 100m, currency);

    /// <summary>Checks the fields of a create/update; every error at once.</summary>
    public static (string Name, long AmountMinor, string Currency) Validate(OpportunityInput input, string defaultCurrency)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        else if (name.Length > NameMax) errors.Add(new("name", "Validation.TooLong", NameMax));
        if (input.CustomerId == Guid.Empty) errors.Add(new("customerId", "Validation.Required"));
        var amount = input.Amount ?? 0m;
        var currency = string.IsNullOrWhiteSpace(input.Currency) ? defaultCurrency : Currency.Normalize(input.Currency);
        if (currency is null) errors.Add(new("currency", "Validation.Currency"));
        if (amount < 0 || amount > Currency.AmountMax) errors.Add(new("amount", "Validation.Between", 0, Currency.AmountMax));
        else if (amount != Currency.Round(amount, currency ?? "")) errors.Add(new("amount", "Validation.Decimals", Currency.Exponent(currency ?? "")));
        if (input.Probability is < 0 or > 100) errors.Add(new("probability", "Validation.Between", 0, 100));
        Ranges.CheckDate(errors, "expectedCloseDate", input.ExpectedCloseDate);
        if (input.ForecastCategory is { } f && !Enum.IsDefined(f)) errors.Add(new("forecastCategory", "Validation.Required"));
        TextInput.CheckLength(errors, "competitors", input.Competitors, 500);
        TextInput.CheckLength(errors, "nextStep", input.NextStep, 500);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, Currency.ToMinor(amount, currency!), currency!);
    }

    /// <summary>The fields the stage requires that the deal lacks, as errors on those fields.</summary>
    public static List<FieldError> MissingForStage(Opportunity o, PipelineStage stage)
    {
        var missing = new List<FieldError>();
        foreach (var field in stage.RequiredFields)
        {
            var has = field switch
            {
                "amount" => o.AmountMinor > 0,
                "expectedCloseDate" => o.ExpectedCloseDate is not null,
                "contactId" => o.ContactId is not null,
                "nextStep" => !string.IsNullOrWhiteSpace(o.NextStep),
                "competitors" => !string.IsNullOrWhiteSpace(o.Competitors),
                _ => true,
            };
            if (!has) missing.Add(new(field, "Validation.RequiredForStage", stage.Label));
        }
        return missing;
    }

    /// <summary>Checks a pipeline definition: a name, 2–20 stages with names, probabilities 0–100, known required
    /// fields, at least one open stage, exactly one won and at most one lost stage.</summary>
    public static void ValidatePipeline(PipelineInput input)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, NameMax);
        var stages = input.Stages ?? [];
        if (stages.Count is < 2 or > StagesMax) errors.Add(new("stages", "Validation.Between", 2, StagesMax));
        foreach (var (s, i) in stages.Select((s, i) => (s, i)))
        {
            if (s is null) { errors.Add(new($"stages[{i}]", "Validation.Required")); continue; }
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add(new($"stages[{i}].name", "Validation.Required"));
            TextInput.CheckLength(errors, $"stages[{i}].name", s.Name, ShortTextMax);
            TextInput.CheckLength(errors, $"stages[{i}].nameZh", s.NameZh, ShortTextMax);
            if (s.Probability is < 0 or > 100) errors.Add(new($"stages[{i}].probability", "Validation.Between", 0, 100));
            if (!Enum.IsDefined(s.Kind)) errors.Add(new($"stages[{i}].kind", "Validation.Required"));
            foreach (var f in s.RequiredFields ?? [])
                if (!RequirableFields.Contains(f)) errors.Add(new($"stages[{i}].requiredFields", "Validation.OneOf", string.Join(", ", RequirableFields)));
        }
        var named = stages.Where(s => s is not null && !string.IsNullOrWhiteSpace(s.Name)).Select(s => s.Name!.Trim()).ToList();
        if (named.Count != named.Distinct(StringComparer.OrdinalIgnoreCase).Count()) errors.Add(new("stages", "Validation.StageNamesUnique"));
        if (stages.Count >= 2 && (stages.Count(s => s?.Kind == StageKind.Won) != 1 || stages.Count(s => s?.Kind == StageKind.Lost) > 1
            || !stages.Any(s => s?.Kind == StageKind.Open)))
            errors.Add(new("stages", "Validation.StageKinds"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
    }

    /// <summary>The probability a deal gets on entering <paramref name="stage"/>: won is 100, lost 0, an open stage
    /// gives its default unless the owner set one.</summary>
    public static int ProbabilityOn(PipelineStage stage, Opportunity o) => stage.Kind switch
    {
        StageKind.Won => 100,
        StageKind.Lost => 0,
        _ => o.ProbabilityOverride ?? stage.Probability,
    };

    /// <summary>The stages a new installation starts with.</summary>
    public static PipelineInput DefaultPipeline { get; } = new("Standard",
    [
        new(null, "Qualification", 10, NameZh: "资格确认"),
        new(null, "Needs analysis", 25, NameZh: "需求分析"),
        new(null, "Proposal", 50, RequiredFields: ["amount", "expectedCloseDate"], NameZh: "方案报价"),
        new(null, "Negotiation", 75, RequiredFields: ["amount", "expectedCloseDate", "contactId"], NameZh: "商务谈判"),
        new(null, "Won", 100, StageKind.Won, ["amount"], NameZh: "赢单"),
        new(null, "Lost", 0, StageKind.Lost, NameZh: "输单"),
    ], IsDefault: true);
}
