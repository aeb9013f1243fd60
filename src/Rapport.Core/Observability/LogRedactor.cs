using System.Text.RegularExpressions;

namespace Rapport.Core.Observability;

/// <summary>The last line of defence for log lines: whatever a message or an exception carries, email addresses,
/// international phone numbers, passwords in connection strings or JSON, bearer and personal access tokens are masked
/// before a line reaches a file or the event table. Names cannot be recognised, so code never logs them in the first
/// place (ids only); this catches what slips through in exception texts.</summary>
public static partial class LogRedactor
{
    public const string Mask = "***";

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        text = Secrets().Replace(text, m => m.Groups["key"].Value + Mask);
        text = JsonSecrets().Replace(text, m => m.Groups["key"].Value + Mask);
        text = Bearer().Replace(text, "Bearer " + Mask);
        text = Tokens().Replace(text, "rpt_" + Mask);
        text = Emails().Replace(text, Mask + "@" + Mask);
        return Phones().Replace(text, "+" + Mask);
    }

    // password=…; pwd=…; secret=…; in connection strings and key=value texts (up to ; or a quote or whitespace).
    [GeneratedRegex(@"(?<key>\b(?:password|pwd|passwd|secret|api[_-]?key|access[_-]?token)\s*[=:]\s*)[^;""'\s,&}]+", RegexOptions.IgnoreCase)]
    private static partial Regex Secrets();

    // "password":"…" in JSON (escaped inside a JSON string too: \"password\":\"…\").
    [GeneratedRegex(@"(?<key>(?<q>\\?"")(?:[a-z]*password|secret|token|apiKey)\k<q>\s*:\s*\k<q>)(?:[^""\\]|\\.)*?(?=\k<q>)", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecrets();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\brpt_[A-Za-z0-9_-]+")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Emails();

    // +86 138 0013 8000, +1 (555) 010-9999, +8613800138000: international numbers, as the app stores them (E.164).
    [GeneratedRegex(@"\+\d[\d ().-]{6,}\d")]
    private static partial Regex Phones();
}
