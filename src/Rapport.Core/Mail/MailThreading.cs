using System.Text.RegularExpressions;

namespace Rapport.Core.Mail;

/// <summary>
/// Threads mail by a token such as <c>CASE-000123</c> or a case number such as <c>CS-2026-00001</c>: Rapport's own Message-IDs carry it
/// (<c>&lt;CASE-000123.{guid}@rapport&gt;</c>), so a reply's In-Reply-To or References finds it, and subjects carry it
/// as <c>[#CASE-000123]</c> for mail clients that drop those headers.
/// </summary>
public static partial class MailThreading
{
    public const string Domain = "rapport";
    private const string NoToken = "m";

    /// <summary>A new Message-ID (without angle brackets) carrying <paramref name="token"/>, if any.</summary>
    public static string NewMessageId(string? token = null)
    {
        if (token is not null && !IsToken(token))
            throw new ArgumentException("A thread token is letters, then dashes and digits (CASE-000123, CS-2026-00001).", nameof(token));
        return $"{token ?? NoToken}.{Guid.CreateVersion7():N}@{Domain}";
    }

    /// <summary>Whether <paramref name="token"/> can thread mail (letters, then dashes and digits).</summary>
    public static bool IsToken(string? token) => token is not null && TokenPattern().IsMatch(token);

    /// <summary>The subject tag for <paramref name="token"/>: <c>[#CASE-000123]</c>.</summary>
    public static string SubjectTag(string token) => $"[#{token}]";

    /// <summary>The token in a subject's <c>[#CASE-000123]</c> tag, or null.</summary>
    public static string? TokenFromSubject(string? subject) =>
        subject is not null && SubjectTagPattern().Match(subject) is { Success: true } m ? m.Groups[1].Value.ToUpperInvariant() : null;

    /// <summary>The token of the newest of Rapport's own Message-IDs among In-Reply-To and References, or null.</summary>
    public static string? TokenFromHeaders(string? inReplyTo, IEnumerable<string>? references)
    {
        if (TokenOfId(inReplyTo) is { } direct) return direct;
        foreach (var id in (references ?? []).Reverse())
            if (TokenOfId(id) is { } token) return token;
        return null;
    }

    /// <summary>The thread of an incoming message: its headers first (they name our message exactly), then the subject.</summary>
    public static string? TokenOf(InboundMail mail) =>
        TokenFromHeaders(mail.InReplyTo, mail.References) ?? TokenFromSubject(mail.Subject);

    /// <summary>Whether <paramref name="messageId"/> is one Rapport made (mail of ours coming back is a loop).</summary>
    public static bool IsOwn(string? messageId) => messageId is not null && OwnIdPattern().IsMatch(messageId.Trim());

    private static string? TokenOfId(string? messageId) =>
        messageId is not null && OwnIdPattern().Match(messageId.Trim()) is { Success: true } m && m.Groups[1].Value != NoToken
            ? m.Groups[1].Value.ToUpperInvariant()
            : null;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:-[0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\[#([A-Za-z][A-Za-z0-9]*(?:-[0-9]+)+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectTagPattern();

    [GeneratedRegex(@"^<?([A-Za-z][A-Za-z0-9]*(?:-[0-9]+)+|m)\.[0-9a-f]{32}@rapport>?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OwnIdPattern();
}
