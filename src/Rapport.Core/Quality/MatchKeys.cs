using Rapport.Core.Leads;

namespace Rapport.Core.Quality;

/// <summary>The blocking keys the duplicate finder compares: a customer is only ever paired with customers that share
/// one of them (the same normalised name, the same name prefix in the same city, the same phone or email), so finding
/// duplicates among a million customers never compares every pair.</summary>
public static class MatchKeys
{
    public const int KeyMax = 200;

    /// <summary>Characters of the normalised name that, with the city, make the prefix block.</summary>
    public const int PrefixLength = 4;

    /// <summary>A company or person name reduced for matching: full-width forms folded to half-width (NFKC),
    /// lower-cased, punctuation and spaces removed, legal suffixes dropped ("Ltd", "GmbH", "有限公司", "集团" …).
    /// "ＡＣＭＥ Trading Co., Ltd." and "acme trading" both become <c>acmetrading</c>. Null when nothing is left.</summary>
    public static string? Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var key = LeadRules.CompanyKey(name.Normalize(NormalizationForm.FormKC));
        return key is null ? null : Cut(key);
    }

    /// <summary>The first letters of the normalised name and the normalised city: catches "Acme Trading" and
    /// "Acme Trade" in Shanghai. Null without both.</summary>
    public static string? Block(string? normalizedName, string? city)
    {
        var c = Name(city);
        if (normalizedName is null || c is null) return null;
        var prefix = new System.Globalization.StringInfo(normalizedName);
        var head = prefix.LengthInTextElements <= PrefixLength ? normalizedName : prefix.SubstringByTextElements(0, PrefixLength);
        return Cut(head + "|" + c);
    }

    /// <summary>A lead's company and person together ("acmetrading|wangfang"): two leads are only paired on names when
    /// both match, since many people work at one company. Null without a company.</summary>
    public static string? CompanyAndName(string? company, string? name)
    {
        var c = Name(company);
        var n = Name(name);
        return c is null || n is null ? null : Cut(c + "|" + n);
    }

    /// <summary>How alike two names are, 0 (nothing shared) to 1 (the same after normalisation): the Dice coefficient
    /// of their character bigrams, which treats Chinese and Latin names alike and shrugs off a swapped word.</summary>
    public static double Similarity(string? a, string? b)
    {
        var x = Name(a);
        var y = Name(b);
        if (x is null || y is null) return 0;
        if (x == y) return 1;
        var bx = Bigrams(x);
        var by = Bigrams(y);
        if (bx.Count == 0 || by.Count == 0) return 0;
        var shared = 0;
        var pool = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in by) pool[g] = pool.GetValueOrDefault(g) + 1;
        foreach (var g in bx)
            if (pool.TryGetValue(g, out var n) && n > 0) { shared++; pool[g] = n - 1; }
        return 2.0 * shared / (bx.Count + by.Count);
    }

    private static List<string> Bigrams(string s)
    {
        if (s.Length == 1) return [s];
        var list = new List<string>(s.Length - 1);
        for (var i = 0; i < s.Length - 1; i++) list.Add(s.Substring(i, 2));
        return list;
    }

    private static string Cut(string s) => s.Length <= KeyMax ? s : s[..KeyMax];
}
