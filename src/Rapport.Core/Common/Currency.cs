using System.Collections.Frozen;

namespace Rapport.Core.Common;

/// <summary>
/// ISO 4217 currencies and their minor units. Amounts are <c>decimal</c> at the edges and whole minor units
/// (<c>long</c>) in the database, so SQL adds them up exactly: a yen is 1 minor unit, a yuan 100 fen, a Kuwaiti dinar
/// 1,000 fils. Every conversion goes through here and rounds half away from zero.
/// </summary>
public static class Currency
{
    /// <summary>Currencies whose minor unit is not the hundredth (ISO 4217 list); every other code has two decimals.</summary>
    private static readonly FrozenDictionary<string, int> Exponents = new Dictionary<string, int>
    {
        // No minor unit.
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0, ["PYG"] = 0,
        ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        // Thousandths.
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        // Ten-thousandths.
        ["CLF"] = 4, ["UYW"] = 4,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Codes with a minor-unit exponent other than 2, by exponent (for SQL that converts stored amounts).</summary>
    public static IReadOnlyList<string> WithExponent(int exponent) =>
        [.. Exponents.Where(e => e.Value == exponent).Select(e => e.Key).Order(StringComparer.Ordinal)];

    /// <summary>The largest amount the product accepts in any currency: far beyond any deal, and its minor units
    /// (even at four decimals) and their sums stay far inside <c>long</c>.</summary>
    public const decimal AmountMax = 100_000_000_000m;

    /// <summary>How many decimals the currency's minor unit has: 0 (JPY), 2 (CNY, USD, EUR …), 3 (KWD), 4 (CLF).</summary>
    public static int Exponent(string currency) => Exponents.TryGetValue(currency, out var e) ? e : 2;

    /// <summary>Three letters, upper-cased; null when it is not a currency code.</summary>
    public static string? Normalize(string? raw) =>
        raw?.Trim().ToUpperInvariant() is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? c : null;

    /// <summary>The amount rounded, half away from zero, to what the currency can express.</summary>
    public static decimal Round(decimal amount, string currency) =>
        decimal.Round(amount, Exponent(currency), MidpointRounding.AwayFromZero);

    /// <summary>Whole minor units (fen, cents, yen, fils), rounded half away from zero.</summary>
    public static long ToMinor(decimal amount, string currency) =>
        checked((long)(Round(amount, currency) * Scale(currency)));

    public static decimal FromMinor(long minor, string currency) => minor / Scale(currency);

    /// <summary>A price or value the currency can express exactly: 0 or more, at most <see cref="AmountMax"/>, with no
    /// more decimals than its minor unit (2.5 yen or 0.001 yuan is refused, not silently rounded).</summary>
    public static bool IsAmount(decimal amount, string currency) =>
        amount >= 0 && amount <= AmountMax && amount == Round(amount, currency);

    private static decimal Scale(string currency) => Exponent(currency) switch { 0 => 1m, 3 => 1_000m, 4 => 10_000m, _ => 100m };
}
