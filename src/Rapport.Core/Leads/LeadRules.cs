using Rapport.Core.Privacy;

namespace Rapport.Core.Leads;

/// <summary>A lead request after validation: trimmed, email lower-cased, phone in E.164, company key worked out.</summary>
public sealed record NormalizedLead(
    string Name, string? Company, string? CompanyKey, string? Title, string? Email, string? Phone,
    string? Source, string? Industry, string? Region, string? Country, string? City, string? Notes);

/// <summary>Validation, normalisation and the status rules of leads.</summary>
public static class LeadRules
{
    public const int NameMax = 200;
    public const int ShortTextMax = 100;
    public const int NotesMax = 4000;
    public const int ReasonMax = 500;

    /// <summary>Checks a create/update request and returns it normalised, or throws with every field error at once.
    /// A lead needs a name and a way to reach them (email or phone). <paramref name="acceptMasked"/> lets masked values
    /// through as they are (a form checking what it will send back; the service swaps them for the stored ones).</summary>
    public static NormalizedLead Validate(LeadInput input, string defaultRegion, bool acceptMasked = false)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        else if (name.Length > NameMax) errors.Add(new("name", "Validation.TooLong", NameMax));
        var email = TextInput.Clean(input.Email) is { } e ? acceptMasked && SensitiveFields.IsMasked(e) ? e : ContactPoints.NormalizeEmail(e) : null;
        if (TextInput.Clean(input.Email) is not null && email is null) errors.Add(new("email", "Validation.Email"));
        var phone = TextInput.Clean(input.Phone) is { } p ? acceptMasked && SensitiveFields.IsMasked(p) ? p : ContactPoints.NormalizePhone(p, defaultRegion) : null;
        if (TextInput.Clean(input.Phone) is not null && phone is null) errors.Add(new("phone", "Validation.Phone"));
        if (TextInput.Clean(input.Email) is null && TextInput.Clean(input.Phone) is null)
            errors.Add(new("email", "Validation.LeadReachable"));
        TextInput.CheckLength(errors, "company", input.Company, NameMax);
        TextInput.CheckLength(errors, "title", input.Title, ShortTextMax);
        TextInput.CheckLength(errors, "source", input.Source, ShortTextMax);
        TextInput.CheckLength(errors, "industry", input.Industry, ShortTextMax);
        TextInput.CheckLength(errors, "region", input.Region, ShortTextMax);
        TextInput.CheckLength(errors, "country", input.Country, ShortTextMax);
        TextInput.CheckLength(errors, "city", input.City, ShortTextMax);
        TextInput.CheckLength(errors, "notes", input.Notes, NotesMax);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var company = TextInput.Clean(input.Company);
        return new NormalizedLead(name, company, CompanyKey(company), TextInput.Clean(input.Title), email, phone,
            TextInput.Clean(input.Source), TextInput.Clean(input.Industry), TextInput.Clean(input.Region),
            TextInput.Clean(input.Country), TextInput.Clean(input.City), TextInput.Clean(input.Notes));
    }

    private static readonly string[] LatinSuffixes =
        ["inc", "incorporated", "ltd", "limited", "llc", "llp", "co", "company", "corp", "corporation", "gmbh", "ag", "plc", "sa", "bv", "group"];

    // Longest first, so "股份有限公司" goes before "有限公司".
    private static readonly string[] ChineseSuffixes =
        ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

    /// <summary>A company name reduced for matching: "Acme Trading Co., Ltd." and "ACME trading" both become
    /// <c>acmetrading</c>; "星辰科技有限公司" becomes <c>星辰科技</c>. Null when nothing is left.</summary>
    public static string? CompanyKey(string? company)
    {
        if (string.IsNullOrWhiteSpace(company)) return null;
        var spaced = new StringBuilder(company.Length);
        foreach (var ch in company.ToLowerInvariant())
            spaced.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        var words = spaced.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && LatinSuffixes.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        var key = string.Concat(words);
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var suffix in ChineseSuffixes)
            {
                if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
                {
                    key = key[..^suffix.Length];
                    stripped = true;
                    break;
                }
            }
        }
        return key.Length == 0 ? null : key;
    }

    /// <summary>Open leads move freely between new, contacted and qualified, or are disqualified; a disqualified lead
    /// can be reopened. Converted is reached only by converting, and is final.</summary>
    public static bool CanMove(LeadStatus from, LeadStatus to) =>
        from != to && from != LeadStatus.Converted && to != LeadStatus.Converted && Enum.IsDefined(to);

    public static bool IsOpen(LeadStatus s) => s is LeadStatus.New or LeadStatus.Contacted or LeadStatus.Qualified;

    /// <summary>Checks a status change; a disqualification needs a reason.</summary>
    public static string? CheckMove(LeadStatus from, LeadStatusInput input)
    {
        if (!Enum.IsDefined(input.Status)) throw RapportValidationException.For("status", "Validation.Required");
        if (!CanMove(from, input.Status))
            throw RapportValidationException.For("status", "Validation.LeadTransition", from, input.Status);
        var reason = TextInput.Clean(input.Reason);
        if (input.Status == LeadStatus.Disqualified && reason is null)
            throw RapportValidationException.For("reason", "Validation.Required");
        if (reason?.Length > ReasonMax) throw RapportValidationException.For("reason", "Validation.TooLong", ReasonMax);
        return input.Status == LeadStatus.Disqualified ? reason : null;
    }
}
