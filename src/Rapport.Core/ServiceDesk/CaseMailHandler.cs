using Rapport.Core.Customers;
using Rapport.Core.Mail;

namespace Rapport.Core.ServiceDesk;

/// <summary>
/// Turns mail of the mailboxes whose purpose is <see cref="MailboxPurpose"/> into the case conversation: a message whose
/// thread token names a case is the customer's answer on it; any other message from a known contact or customer opens a
/// new case on the email channel. Mail from an unknown sender is left alone (a case needs a customer): the log says
/// <c>no-handler</c>.
/// </summary>
public sealed class CaseMailHandler(RapportDbContext db, CaseService cases) : IInboundMailHandler
{
    public const string MailboxPurpose = "cases";

    public async Task<bool> HandleAsync(InboundMail mail, CancellationToken ct)
    {
        if (!string.Equals(mail.MailboxPurpose, MailboxPurpose, StringComparison.OrdinalIgnoreCase)) return false;
        var from = ContactPoints.NormalizeEmail(mail.From);
        if (from is null) return false;
        if (mail.ThreadToken is { } token && await CaseOfAsync(token, ct) is { } caseId)
        {
            await cases.ReceiveEmailAsync(new CaseEmail(caseId, null, null, from, mail.Subject, mail.Text, mail.Attachments, mail.MessageId), ct);
            return true;
        }
        var contact = await db.Contacts.Where(c => c.Emails.Contains(from)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.CustomerId }).FirstOrDefaultAsync(ct);
        var customerId = contact?.CustomerId ?? await db.CustomerChannels.Where(ch => ch.Kind == ChannelKind.Email && ch.Value == from)
            .OrderBy(ch => ch.Id).Select(ch => (Guid?)ch.CustomerId).FirstOrDefaultAsync(ct);
        if (customerId is null) return false;
        await cases.ReceiveEmailAsync(new CaseEmail(null, customerId, contact?.Id, from, mail.Subject, mail.Text, mail.Attachments, mail.MessageId), ct);
        return true;
    }

    /// <summary>The case numbered <paramref name="token"/> (tokens come back upper-cased, as the default numbers are), or null.</summary>
    private Task<Guid?> CaseOfAsync(string token, CancellationToken ct) =>
        db.Cases.Where(c => c.Number == token).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
}

/// <summary>A customer's email for <see cref="CaseService.ReceiveEmailAsync"/>: on the case it answers, or (no case)
/// a new case for <see cref="CustomerId"/>, on <see cref="Channel"/> (the portal sends its replies this way too).
/// <see cref="MessageId"/> is the email's own (replies thread to it).</summary>
public sealed record CaseEmail(Guid? CaseId, Guid? CustomerId, Guid? ContactId, string From, string Subject, string Text,
    IReadOnlyList<InboundAttachment> Attachments, string? MessageId = null, CaseChannel Channel = CaseChannel.Email);
