namespace Rapport.Core.Mail;

/// <summary>An incoming message as the handlers see it: parsed, loop-checked and cut down to what a CRM keeps.</summary>
/// <param name="From">The sender's address, trimmed and lower-cased.</param>
/// <param name="Text">The plain-text body (converted from HTML when there is no text part), control characters removed.</param>
/// <param name="References">Message ids without angle brackets, oldest first.</param>
/// <param name="OmittedAttachments">Attachments left out for exceeding <see cref="MailOptions.MaxInboundAttachmentBytes"/>.</param>
public sealed record InboundMail(
    Guid MailboxId, string? MailboxPurpose, string From, string? FromName, string Subject, string Text,
    string? MessageId, string? InReplyTo, IReadOnlyList<string> References, DateTime Date,
    IReadOnlyList<InboundAttachment> Attachments, int OmittedAttachments)
{
    /// <summary>The thread token this message answers (<see cref="MailThreading.TokenOf"/>), or null.</summary>
    public string? ThreadToken => MailThreading.TokenOf(this);
}

/// <summary>A file that came with an incoming message.</summary>
public sealed record InboundAttachment(string FileName, string ContentType, byte[] Content);
