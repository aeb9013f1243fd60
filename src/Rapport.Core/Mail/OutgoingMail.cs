namespace Rapport.Core.Mail;

/// <summary>A message for <see cref="MailService.Enqueue"/>. Addresses are RFC 5322 (<c>Ana Li &lt;ana@example.com&gt;</c>
/// or a bare address).</summary>
/// <param name="ThreadToken">Put into the Message-ID (<c>CASE-000123</c>) so replies thread back (<see cref="MailThreading"/>).</param>
/// <param name="InReplyTo">The Message-ID this answers, without angle brackets.</param>
/// <param name="References">The thread's Message-IDs, oldest first, without angle brackets.</param>
/// <param name="Headers">Further headers such as <c>List-Unsubscribe</c>; the structural ones (From, To, Subject, …) are refused.</param>
/// <param name="Purpose">What kind of mail this is (<c>case-reply</c>, <c>campaign</c>).</param>
/// <param name="Correlation">What it belongs to (<c>case:{id}</c>); <see cref="MailService.DeliveryAsync"/> finds it by this.</param>
/// <param name="Attachments">Files sent with it (at most 10 MB in all).</param>
public sealed record OutgoingMail(
    IReadOnlyList<string> To, string Subject, string TextBody, string? HtmlBody = null,
    IReadOnlyList<string>? Cc = null, string? ReplyTo = null, string? FromAddress = null, string? FromName = null,
    string? ThreadToken = null, string? InReplyTo = null, IReadOnlyList<string>? References = null,
    IReadOnlyDictionary<string, string>? Headers = null, string? Purpose = null, string? Correlation = null,
    IReadOnlyList<MailAttachment>? Attachments = null);
