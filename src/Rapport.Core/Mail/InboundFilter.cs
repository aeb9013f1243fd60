using MimeKit;

namespace Rapport.Core.Mail;

/// <summary>Mail no one should answer: auto-replies, bulk and list mail, bounces, and Rapport's own mail coming back
/// (answering those is how mail loops start).</summary>
public static class InboundFilter
{
    private static readonly string[] AutoReplyHeaders = ["X-Autoreply", "X-Autorespond", "X-AutoReply-From", "X-Mail-Autoreply"];
    private static readonly string[] BulkPrecedence = ["bulk", "junk", "list", "auto_reply"];
    private static readonly string[] DaemonNames = ["mailer-daemon", "postmaster", "noreply-dmarc-support"];

    /// <summary>Why <paramref name="message"/> is to be left alone, or null to hand it to the handlers.</summary>
    /// <param name="ownAddresses">Rapport's own sender addresses, lower-case.</param>
    public static string? ReasonToIgnore(MimeMessage message, IReadOnlyCollection<string> ownAddresses)
    {
        var auto = message.Headers[HeaderId.AutoSubmitted];
        if (auto is not null && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase)) return "auto-submitted";
        if (AutoReplyHeaders.Any(h => message.Headers.Contains(h))) return "auto-reply";
        var precedence = message.Headers["Precedence"]?.Trim();
        if (precedence is not null && BulkPrecedence.Contains(precedence, StringComparer.OrdinalIgnoreCase)) return "bulk";
        if (MailThreading.IsOwn(message.MessageId)) return "own-message";
        if (message.Body is MultipartReport || message.Headers[HeaderId.ReturnPath]?.Trim() == "<>") return "bounce";
        var from = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(from)) return "no-sender";
        var local = from.Split('@')[0];
        if (DaemonNames.Contains(local)) return "bounce";
        if (ownAddresses.Contains(from)) return "own-address";
        return null;
    }
}
