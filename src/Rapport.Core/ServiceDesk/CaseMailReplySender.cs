using Rapport.Core.Customers;
using Rapport.Core.Mail;

namespace Rapport.Core.ServiceDesk;

/// <summary>
/// Emails a case's public replies through the outbox, in the save that stores the reply: to the case's contact, else
/// the customer's first email (none: the reply stays in Rapport, <see cref="DeliveryState.None"/>). The subject carries
/// <c>[#{case number}]</c> and the Message-ID the case number, so the customer's answer threads back
/// (<see cref="CaseMailHandler"/>); the body ends with a fresh link to the case's portal page (<see cref="ICasePortalLinks"/>).
/// As an <see cref="IOutboxObserver"/> it moves the reply's delivery state on.
/// </summary>
public sealed class CaseMailReplySender(RapportDbContext db, MailService mail, ICasePortalLinks portal) : ICaseReplySender, IOutboxObserver
{
    public const string Purpose = "case-reply";
    private const string CorrelationPrefix = "casemessage:";

    public static string CorrelationOf(Guid messageId) => CorrelationPrefix + messageId;

    public async Task<DeliveryState> QueueAsync(CaseReply reply, CancellationToken ct)
    {
        var to = await AddressAsync(db, reply.ContactId, reply.CustomerId, ct);
        if (to is null) return DeliveryState.None;
        var language = await db.Cases.IgnoreQueryFilters([QueryFilters.Scope]).Where(c => c.Id == reply.CaseId).Select(c => c.Language).FirstOrDefaultAsync(ct);
        var body = $"{reply.Body}\n\n-- \n{portal.Text(language, "CasePortal.ReplyFooter", portal.LinkFor(reply.CaseId))}";
        var tag = MailThreading.SubjectTag(reply.CaseNumber);
        var subject = reply.Subject.Contains(tag, StringComparison.OrdinalIgnoreCase) ? reply.Subject : $"{tag} {reply.Subject}";
        // The customer's latest email on the case: the reply answers it, so their mail client shows both in one thread.
        var inbound = await db.CaseMessages.IgnoreQueryFilters([QueryFilters.Scope]).AsNoTracking()
            .Where(m => m.CaseId == reply.CaseId && m.Kind == CaseMessageKind.CustomerMessage && m.MailMessageId != null)
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Select(m => m.MailMessageId).FirstOrDefaultAsync(ct);
        mail.Enqueue(new OutgoingMail([to], subject, body,
            ThreadToken: MailThreading.IsToken(reply.CaseNumber) ? reply.CaseNumber : null,
            InReplyTo: inbound, References: inbound is null ? null : [inbound],
            Purpose: Purpose, Correlation: CorrelationOf(reply.MessageId)));
        return DeliveryState.Queued;
    }

    public async Task OnDeliveryAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        if (delivery.Purpose != Purpose || delivery.Correlation is not { } correlation
            || !correlation.StartsWith(CorrelationPrefix, StringComparison.Ordinal)
            || !Guid.TryParse(correlation.AsSpan(CorrelationPrefix.Length), out var id))
            return;
        var state = delivery.State switch
        {
            OutboxState.Sent => DeliveryState.Sent,
            OutboxState.Failed or OutboxState.Suppressed => DeliveryState.Failed,
            _ => DeliveryState.Queued,
        };
        var message = await db.CaseMessages.IgnoreQueryFilters([QueryFilters.Scope]).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null || message.DeliveryState == state) return;
        message.Delivery(state);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The case's contact's first email, else the customer's (primary first), else null.</summary>
    internal static async Task<string?> AddressAsync(RapportDbContext db, Guid? contactId, Guid customerId, CancellationToken ct)
    {
        if (contactId is { } contact
            && (await db.Contacts.Where(c => c.Id == contact).Select(c => c.Emails).FirstOrDefaultAsync(ct))?.FirstOrDefault() is { } contactEmail)
            return contactEmail;
        return await db.CustomerChannels.Where(ch => ch.CustomerId == customerId && ch.Kind == ChannelKind.Email)
            .OrderByDescending(ch => ch.IsPrimary).ThenBy(ch => ch.Id).Select(ch => ch.Value).FirstOrDefaultAsync(ct);
    }
}
