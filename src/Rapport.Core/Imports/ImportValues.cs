using System.Text.RegularExpressions;

namespace Rapport.Core.Imports;

/// <summary>The value transforms every imported cell goes through before the module's own validation: trim,
/// full-width → half-width, dates in the ways spreadsheets write them, lists split on the usual separators, and
/// enum values named in English or Chinese.</summary>
public static partial class ImportValues
{
    /// <summary>Trimmed, a formula escape undone, full-width ASCII (ＡＢＣ１２３＠，) and the ideographic space made half-width; blank is null.</summary>
    public static string? Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        // A cell a CSV export neutralised against formulas ('+86 138…, '-5) reads as the value it stands for.
        if (raw.Length > 1 && raw[0] == '\'' && raw[1] is '=' or '+' or '-' or '@' or '\t' or '\r') raw = raw[1..];
        var s = raw.AsSpan().Trim();
        var needs = false;
        foreach (var c in s)
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000') { needs = true; break; }
        if (!needs) return s.Length == raw.Length ? raw : s.ToString();
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
            b.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        return TextInput.Clean(b.ToString());
    }

    /// <summary>A list cell (phones, emails, tags) split on , ; / | 、 and line breaks (full-width ones too, after <see cref="Clean"/>).</summary>
    public static List<string> Split(string? cell) =>
        Clean(cell) is { } s ? [.. ListSeparators().Split(s).Select(x => x.Trim()).Where(x => x.Length > 0)] : [];

    /// <summary>2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日 (a time after it is ignored); null when it is none of them.</summary>
    public static DateOnly? ParseDate(string? raw)
    {
        if (Clean(raw) is not { } s) return null;
        var m = DateShape().Match(s);
        if (!m.Success) return null;
        var (y, mo, d) = (int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture));
        return y is >= 1 and <= 9999 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }

    /// <summary>An ISO 8601 date and time with its offset or <c>Z</c> (<c>2026-11-29T05:49:00+08:00</c>, what Rapport's exports
    /// write) as that exact instant in UTC; null for anything else (a date, or a time without an offset, is the
    /// reader's to place in a zone).</summary>
    public static DateTime? ParseInstant(string? raw) =>
        Clean(raw) is { } s && s.Length > 10 && s[10] is 'T' or 't'
        && DateTimeOffset.TryParseExact(s, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.UtcDateTime : null;

    private static readonly string[] InstantFormats = ["yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy-MM-ddTHH:mm:ssZ"];

    /// <summary>An amount as spreadsheets write it: 1200, 1,200.50, ¥1,200, 1200元, -5 (the module's rules judge the
    /// sign and the decimals); null when blank; false when it is not a number.</summary>
    public static bool TryAmount(string? raw, out decimal? amount)
    {
        amount = null;
        if (Clean(raw) is not { } s) return true;
        s = AmountNoise().Replace(s, "");
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return false;
        amount = value;
        return true;
    }

    /// <summary>A currency as people write it (人民币, RMB, 元, ¥, 美元, US$ …) as its ISO 4217 code; another value upper-cased
    /// as given, for the module's own check; null when blank.</summary>
    public static string? CurrencyOf(string? raw) =>
        Clean(raw) is { } s ? CurrencySynonyms.GetValueOrDefault(s, s.ToUpperInvariant()) : null;

    private static readonly Dictionary<string, string> CurrencySynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["人民币"] = "CNY", ["rmb"] = "CNY", ["元"] = "CNY", ["¥"] = "CNY", ["￥"] = "CNY", ["yuan"] = "CNY", ["renminbi"] = "CNY",
        ["美元"] = "USD", ["美金"] = "USD", ["$"] = "USD", ["us$"] = "USD", ["dollar"] = "USD",
        ["欧元"] = "EUR", ["€"] = "EUR", ["euro"] = "EUR",
        ["港币"] = "HKD", ["港元"] = "HKD", ["hk$"] = "HKD",
        ["日元"] = "JPY", ["英镑"] = "GBP", ["£"] = "GBP",
    };

    /// <summary>An enum value by its name or one of its synonyms (case-insensitive); null when blank; throws on an unknown value.</summary>
    public static bool TryEnum<T>(string? raw, IReadOnlyDictionary<string, T> synonyms, out T? value) where T : struct, Enum
    {
        value = null;
        if (Clean(raw) is not { } s) return true;
        if (Enum.TryParse<T>(s, ignoreCase: true, out var named) && Enum.IsDefined(named) && !char.IsDigit(s[0])) { value = named; return true; }
        if (synonyms.TryGetValue(s, out var synonym)) { value = synonym; return true; }
        return false;
    }

    /// <summary>A header as compared with the synonyms: half-width, lower case, without spaces, _ - * : and brackets' content markers.</summary>
    public static string HeaderKey(string header) =>
        HeaderNoise().Replace(Clean(header)?.ToLowerInvariant() ?? "", "");

    [GeneratedRegex(@"[,;/|、\r\n]+")]
    private static partial Regex ListSeparators();

    [GeneratedRegex(@"^(?<y>\d{4})\s*(?:[-/.年])\s*(?<m>\d{1,2})\s*(?:[-/.月])\s*(?<d>\d{1,2})\s*日?(?:[ T].*)?$")]
    private static partial Regex DateShape();

    [GeneratedRegex(@"[\s,¥￥$€£元]|(?i:rmb|cny|usd|eur)")]
    private static partial Regex AmountNoise();

    [GeneratedRegex(@"[\s_\-*:()（）]+")]
    private static partial Regex HeaderNoise();
}
