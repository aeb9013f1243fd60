using System.Text.Json;
using MailKit.Net.Smtp;
using MimeKit;
using Rapport.Core.Privacy;

namespace Rapport.Core.Mail;

/// <summary>
/// The outbox as other modules use it (<see cref="Enqueue"/>, <see cref="DeliveryAsync"/>) and as administrators
/// manage it (SMTP settings, test email, the list of queued and failed messages, retry).
/// </summary>
public sealed class MailService(RapportDbContext db, SettingsService settings, PiiProtector pii, ICurrentUser user, TimeProvider clock)
{
    /// <summary>Headers a caller may not set: Rapport writes them from the message's own fields.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Return-Path",
    };

    private bool _signalOnSave;

    /// <summary>
    /// Adds <paramref name="mail"/> to the outbox in the caller's unit of work: it is written by the caller's own
    /// <c>SaveChangesAsync</c> (inside the caller's transaction, if any), so the message exists exactly when the change
    /// that caused it does. The sender is woken once it is saved.
    /// </summary>
    public OutboxMessage Enqueue(OutgoingMail mail)
    {
        var errors = new List<FieldError>();
        var to = Addresses(errors, "to", mail.To, required: true);
        var cc = Addresses(errors, "cc", mail.Cc, required: false);
        var replyTo = Addresses(errors, "replyTo", mail.ReplyTo is null ? null : [mail.ReplyTo], required: false);
        var from = Addresses(errors, "fromAddress", mail.FromAddress is null ? null : [mail.FromAddress], required: false);
        if (string.IsNullOrWhiteSpace(mail.Subject)) errors.Add(new("subject", "Validation.Required"));
        TextInput.CheckLength(errors, "subject", mail.Subject, 900);
        if (mail.Subject?.AsSpan().IndexOfAny('\r', '\n') >= 0) errors.Add(new("subject", SafeText.ErrorCode));
        if (string.IsNullOrWhiteSpace(mail.TextBody)) errors.Add(new("textBody", "Validation.Required"));
        SafeText.Check(errors, "textBody", mail.TextBody);
        SafeText.Check(errors, "htmlBody", mail.HtmlBody);
        TextInput.CheckLength(errors, "fromName", mail.FromName, 200);
        TextInput.CheckLength(errors, "purpose", mail.Purpose, 50);
        TextInput.CheckLength(errors, "correlation", mail.Correlation, 100);
        if ((mail.Attachments ?? []).Sum(a => (long)a.Content.Length) > OutboxAttachment.MaxBytes) errors.Add(new("attachments", "Validation.TooLong", OutboxAttachment.MaxBytes));
        foreach (var a in mail.Attachments ?? [])
            if (string.IsNullOrWhiteSpace(a.FileName) || a.FileName.Length > OutboxAttachment.FileNameMax || !SafeText.IsSafe(a.FileName) || a.ContentType.Length > OutboxAttachment.ContentTypeMax)
                errors.Add(new("attachments", "Validation.Invalid"));
        foreach (var (name, value) in mail.Headers ?? new Dictionary<string, string>())
            if (Reserved.Contains(name) || name.Length is 0 or > 76 || name.Any(c => c is <= ' ' or > '~' or ':')
                || value.Length > 2000 || value.AsSpan().IndexOfAny('\r', '\n') >= 0 || !SafeText.IsSafe(value))
                errors.Add(new("headers", "Mail.Header", name));
        string? messageId = null;
        try
        {
            messageId = MailThreading.NewMessageId(mail.ThreadToken);
        }
        catch (ArgumentException)
        {
            errors.Add(new("threadToken", "Validation.Invalid"));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            To = to!, Cc = cc, ReplyTo = replyTo, FromAddress = from, FromName = TextInput.Clean(mail.FromName),
            Subject = mail.Subject!.Trim(), TextBody = mail.TextBody, HtmlBody = mail.HtmlBody, MessageId = messageId!,
            InReplyTo = Bare(mail.InReplyTo),
            References = mail.References is { Count: > 0 } refs ? string.Join(' ', refs.Select(Bare).OfType<string>()) : null,
            HeadersJson = mail.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null,
            Purpose = TextInput.Clean(mail.Purpose), Correlation = TextInput.Clean(mail.Correlation),
            CreatedAt = now, NextAttemptAt = now,
        };
        foreach (var a in mail.Attachments ?? [])
            message.Attachments.Add(new OutboxAttachment { MessageId = message.Id, FileName = a.FileName, ContentType = a.ContentType, Content = a.Content });
        db.OutboxMessages.Add(message);
        if (!_signalOnSave)
        {
            _signalOnSave = true;
            db.SavedChanges += (_, _) => OutboxSender.Signal();
        }
        return message;
    }

    /// <summary><see cref="Enqueue"/> and save at once, for callers with nothing else to save.</summary>
    public async Task<OutboxMessageDto> EnqueueAsync(OutgoingMail mail, CancellationToken ct)
    {
        var message = Enqueue(mail);
        await db.SaveChangesAsync(ct);
        return OutboxMessageDto.From(message);
    }

    /// <summary>The outgoing messages tied to <paramref name="correlation"/> (<c>case:{id}</c>), newest first. Callers
    /// check their own permissions on what the correlation names.</summary>
    public async Task<IReadOnlyList<OutboxMessageDto>> DeliveryAsync(string correlation, CancellationToken ct) =>
        await db.OutboxMessages.AsNoTracking().Where(m => m.Correlation == correlation).OrderByDescending(m => m.Id)
            .Select(OutboxMessageDto.Projection).Take(Keyset.MaxPageSize).ToListAsync(ct);

    /// <summary>The outbox for administrators: by state, newest first.</summary>
    public async Task<Page<OutboxMessageDto>> ListAsync(OutboxState? state, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var size = Keyset.ClampPageSize(limit);
        var query = db.OutboxMessages.AsNoTracking();
        if (state is { } s) query = query.Where(m => m.State == s);
        var rows = await Keyset.Seek(query, m => m.Id, m => m.Id, descending: true, cursor, size).Select(OutboxMessageDto.Projection).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, m => m.Id, m => m.Id);
        long? total = null;
        var capped = false;
        if (cursor is null) (total, capped) = await Keyset.CappedCountAsync(query, ct);
        return new Page<OutboxMessageDto>(items, next, total, capped);
    }

    /// <summary>Sends a failed (or waiting) message again now, with a fresh count of attempts.</summary>
    public async Task<OutboxMessageDto> RetryAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("OutboxMessage", id);
        message.Retry(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        OutboxSender.Signal();
        return OutboxMessageDto.From(message);
    }

    public async Task<SmtpSettingsView> GetSmtpAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        return View(await settings.GetAsync<SmtpSettings>(ct));
    }

    public async Task<SmtpSettingsView> SaveSmtpAsync(SmtpSettingsInput input, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var current = await settings.GetAsync<SmtpSettings>(ct);
        var errors = new List<FieldError>();
        TextInput.CheckLength(errors, "password", input.Password, 500);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var cipher = input.ClearPassword ? null : input.Password is { Length: > 0 } p ? pii.Protect(p) : current.PasswordCipher;
        var next = new SmtpSettings(TextInput.Clean(input.Host), input.Port, input.Security, TextInput.Clean(input.UserName), cipher,
            ContactPoints.NormalizeEmail(input.FromAddress) ?? TextInput.Clean(input.FromAddress), TextInput.Clean(input.FromName));
        var saved = await settings.SaveAsync(next, ct);
        OutboxSender.Signal();
        return View(saved);
    }

    /// <summary>Sends a short message to <see cref="SmtpTestInput.To"/> right now with the saved settings and says
    /// what the server answered.</summary>
    public async Task<SmtpTestResult> SendTestAsync(SmtpTestInput input, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var to = ContactPoints.NormalizeEmail(input.To) ?? throw RapportValidationException.For("to", "Validation.Email");
        var s = await settings.GetAsync<SmtpSettings>(ct);
        if (!s.IsConfigured) throw RapportValidationException.For("host", "Mail.NotConfigured");
        var message = new MimeMessage { Subject = "Rapport test email", MessageId = MailThreading.NewMessageId() };
        message.From.Add(new MailboxAddress(s.FromName, s.FromAddress!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = $"This is a test email from Rapport, sent by {user.UserName} at {clock.GetUtcNow():u}." };
        using var smtp = new SmtpClient();
        try
        {
            await MailConnection.OpenAsync(smtp, s.Host!, s.Port, s.Security, s.UserName, s.PasswordCipher, pii, ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(true, ct);
            return new SmtpTestResult(true, null, 250);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new SmtpTestResult(false, MailConnection.Describe(e), (e as SmtpCommandException) is { } c ? (int)c.StatusCode : null);
        }
    }

    private static SmtpSettingsView View(SmtpSettings s) =>
        new(s.Host, s.Port, s.Security, s.UserName, s.PasswordCipher is not null, s.FromAddress, s.FromName, s.IsConfigured);

    /// <summary>The addresses as one RFC 5322 list, each checked; null when there are none.</summary>
    private static string? Addresses(List<FieldError> errors, string field, IReadOnlyList<string>? raw, bool required)
    {
        var list = new InternetAddressList();
        foreach (var a in raw ?? [])
        {
            if (a is null || a.AsSpan().IndexOfAny('\r', '\n') >= 0 || !MailboxAddress.TryParse(a, out var parsed)
                || ContactPoints.NormalizeEmail(parsed.Address) is null)
            {
                errors.Add(new(field, "Validation.Email"));
                continue;
            }
            list.Add(parsed);
        }
        if (list.Count == 0)
        {
            if (required) errors.Add(new(field, "Validation.Required"));
            return null;
        }
        if (list.Count > 50) errors.Add(new(field, "Validation.TooMany", 50));
        return list.ToString();
    }

    private static string? Bare(string? messageId) => TextInput.Clean(messageId)?.Trim('<', '>');
}
