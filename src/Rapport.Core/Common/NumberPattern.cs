using System.Text.RegularExpressions;

namespace Rapport.Core.Common;

/// <summary>Record number patterns such as <c>C-{yyyy}-{seq:00000}</c>: tokens {yyyy} {yy} {MM} {dd} and {seq:000}.</summary>
public static partial class NumberPattern
{
    [GeneratedRegex(@"\{(yyyy|yy|MM|dd|seq(?::(0+))?)\}")]
    private static partial Regex PatternToken();

    /// <summary>Renders the date tokens of a number pattern; returns the counter key (<paramref name="counter"/> and the
    /// dated pattern) and a formatter for the counter.</summary>
    public static (string SequenceKey, Func<long, string> Format) Parse(string pattern, DateTime now, string counter = "customer:")
    {
        var seqFormat = "0";
        var dated = PatternToken().Replace(pattern, m => m.Groups[1].Value switch
        {
            "yyyy" => now.ToString("yyyy", CultureInfo.InvariantCulture),
            "yy" => now.ToString("yy", CultureInfo.InvariantCulture),
            "MM" => now.ToString("MM", CultureInfo.InvariantCulture),
            "dd" => now.ToString("dd", CultureInfo.InvariantCulture),
            _ => Keep(m, ref seqFormat),
        });
        // Checked after parsing: a malformed counter such as {seq:5} would otherwise stay literal text and every
        // customer would get the same number.
        if (!dated.Contains("{seq}", StringComparison.Ordinal))
            throw new InvalidOperationException($"Number pattern '{pattern}' has no {{seq}} or {{seq:000}} token.");
        // The default keeps the "customer:" prefix every installation's counters were created with.
        return (counter + dated, seq => dated.Replace("{seq}", seq.ToString(seqFormat, CultureInfo.InvariantCulture), StringComparison.Ordinal));

        static string Keep(Match m, ref string format)
        {
            if (m.Groups[2].Success) format = m.Groups[2].Value;
            return "{seq}";
        }
    }
}
