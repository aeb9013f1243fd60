namespace Rapport.Core.Quality;

/// <summary>Which blocking keys two records share: customers an email, phone, name or name prefix and city; contacts an
/// email, phone or name (within one customer); leads an email, phone, or company and name together.</summary>
[Flags]
public enum DuplicateReasons
{
    None = 0,
    Email = 1,
    Phone = 2,
    Name = 4,
    NameAndCity = 8,
    CompanyAndName = 16,
}

/// <summary>How likely a pair is one record twice, 0–100: an email or phone in common weighs most, the same
/// normalised name (for leads: the same company and name) next, and the names' similarity adds the rest.</summary>
public static class DuplicateScore
{
    public static int Of(DuplicateReasons reasons, double nameSimilarity)
    {
        var score = 0.0;
        if (reasons.HasFlag(DuplicateReasons.Email)) score += 45;
        if (reasons.HasFlag(DuplicateReasons.Phone)) score += 40;
        if (reasons.HasFlag(DuplicateReasons.Name) || reasons.HasFlag(DuplicateReasons.CompanyAndName)) score += 35;
        else if (reasons.HasFlag(DuplicateReasons.NameAndCity)) score += 15;
        score += 30 * Math.Clamp(nameSimilarity, 0, 1);
        return (int)Math.Min(100, Math.Round(score, MidpointRounding.AwayFromZero));
    }

    /// <summary>The reasons as the API names them ("email", "phone", "name", "nameAndCity", "companyAndName").</summary>
    public static IReadOnlyList<string> Names(DuplicateReasons reasons) =>
        [.. Enum.GetValues<DuplicateReasons>().Where(r => r != DuplicateReasons.None && reasons.HasFlag(r))
            .Select(r => JsonNamingPolicyCamel(r.ToString()))];

    private static string JsonNamingPolicyCamel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
