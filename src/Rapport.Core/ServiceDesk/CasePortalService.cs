using Rapport.Core.Mail;

namespace Rapport.Core.ServiceDesk;

/// <summary>
/// The customer portal, reached without an account through a signed, expiring link (<see cref="ICasePortalLinks"/>):
/// the case's status and public conversation, a reply (a customer message, as if emailed: <see
/// cref="CaseService.ReceiveEmailAsync"/>), a rating once resolved, and a fresh link by email. The link is the only
/// credential, so the host calls this as the desk itself (every case reachable), never as the anonymous visitor.
/// </summary>
public sealed class CasePortalService(RapportDbContext db, CaseService cases, ICasePortalLinks links, MailService mail, TimeProvider clock)
{
    public const string MailPurpose = "case-portal";
    private const int Shown = 100;

    public async Task<CasePortalView> ViewAsync(string token, CancellationToken ct)
    {
        var c = await CaseOfAsync(token, ct);
        var page = await cases.MessagesAsync(c.Id, null, Shown, ct);
        var messages = page.Items.Where(m => m.Kind != CaseMessageKind.InternalNote)
            .Select(m => new CasePortalMessage(m.Kind == CaseMessageKind.CustomerMessage, m.Body, m.At)).ToList();
        // What the customer first wrote opens the conversation (shown last, the list being newest first).
        if (page.NextCursor is null && c.Description is { Length: > 0 } description) messages.Add(new CasePortalMessage(true, description, c.CreatedAt));
        return new CasePortalView(c.Number, c.Subject, c.Status, messages, c.Rating, c.RatingComment);
    }

    /// <summary>The customer's reply: a customer message on the case, which opens one waiting on the customer and
    /// reopens one resolved within the reopen window, exactly as an emailed answer does (past the window: a new case,
    /// whose link is emailed and returned). Answers with the token of the page to show next.</summary>
    public async Task<string> ReplyAsync(string token, string? body, CancellationToken ct)
    {
        var c = await CaseOfAsync(token, ct);
        var text = body?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (text.Length == 0) errors.Add(new("body", "Validation.Required"));
        TextInput.CheckLength(errors, "body", text, CaseMessage.BodyMax);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var address = await CaseMailReplySender.AddressAsync(db, c.ContactId, c.CustomerId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var id = await cases.ReceiveEmailAsync(new CaseEmail(c.Id, null, null, address ?? "", c.Subject, text, [], Channel: CaseChannel.Portal), ct);
        if (id != c.Id && address is not null)
        {
            var created = await db.Cases.FirstAsync(x => x.Id == id, ct);
            created.Language ??= c.Language;
            QueueLink(created, address);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return id == c.Id ? token : TokenOf(links.LinkFor(id));
    }

    /// <summary>The customer's 1–5 rating and comment, once the case is resolved or closed (audited with the case).</summary>
    public async Task RateAsync(string token, int rating, string? comment, CancellationToken ct)
    {
        var c = await CaseOfAsync(token, ct);
        c.Rate(rating, comment, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Emails a fresh link to the case numbered <paramref name="number"/> when <paramref name="email"/> is the
    /// case's address. Says nothing either way, so nobody learns from it which cases exist or whose they are.</summary>
    public async Task SendFreshLinkAsync(string? number, string? email, CancellationToken ct)
    {
        var to = ContactPoints.NormalizeEmail(email);
        var n = number?.Trim() ?? "";
        if (to is null || n.Length is 0 or > 40) return;
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Number == n, ct);
        if (c is null || ContactPoints.NormalizeEmail(await CaseMailReplySender.AddressAsync(db, c.ContactId, c.CustomerId, ct)) != to) return;
        QueueLink(c, to);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the mail carrying a fresh portal link to the unit of work (saved by the caller), in the case's language.</summary>
    internal void QueueLink(Case c, string to)
    {
        var lang = c.Language;
        mail.Enqueue(new OutgoingMail([to], $"{MailThreading.SubjectTag(c.Number)} {links.Text(lang, "CasePortal.MailSubject", c.Number)}",
            $"{links.Text(lang, "CasePortal.MailIntro", c.Number, c.Subject)}\n\n{links.Text(lang, "CasePortal.MailFollow")}\n{links.LinkFor(c.Id)}\n\n{links.Text(lang, "CasePortal.MailPersonal")}",
            ThreadToken: MailThreading.IsToken(c.Number) ? c.Number : null, Purpose: MailPurpose, Correlation: $"case:{c.Id}"));
    }

    private static string TokenOf(string link) => link[(link.LastIndexOf('/') + 1)..];

    private async Task<Case> CaseOfAsync(string token, CancellationToken ct)
    {
        var ticket = token.Length is 0 or > 512 ? null : links.Read(token);
        var c = ticket is null ? null : await db.Cases.FirstOrDefaultAsync(x => x.Id == ticket.CaseId, ct);
        if (c is null || ticket!.Expired) throw new PortalLinkExpiredException(c?.Number);
        return c;
    }
}
