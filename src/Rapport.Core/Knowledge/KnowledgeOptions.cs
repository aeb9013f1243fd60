namespace Rapport.Core.Knowledge;

/// <summary>Settings under <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    /// <summary>Where the help centre's "contact us" link points when no article fits a visitor's question: a path on
    /// this site (the public case form) or an http(s) or mailto address. Empty: no link, only the message.</summary>
    public string ContactUrl { get; set; } = "";

    /// <summary>The public case form (its token) the "contact us" link opens, pre-filled with the visitor's question.
    /// Empty or not an active form: the oldest active form; no active form at all: <see cref="ContactUrl"/>.</summary>
    public string CaseFormToken { get; set; } = "";

    /// <summary>Whether <paramref name="url"/> is a usable <see cref="ContactUrl"/>.</summary>
    public static bool IsValidContactUrl(string? url) =>
        string.IsNullOrEmpty(url)
        || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal))
        || (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "mailto");
}
