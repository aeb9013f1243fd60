using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using MimeKit;
using Rapport.Core.Privacy;

namespace Rapport.Core.Mail;

/// <summary>
/// Takes new mail from the IMAP mailboxes: everything after the last UID seen (under the folder's UIDVALIDITY), one
/// message per transaction. Each message gets a row in <see cref="InboundMessage"/> in the same transaction as what the
/// <see cref="IInboundMailHandler"/>s save and as the mailbox's new position, so a message is acted on exactly once,
/// whether the app restarts or two instances poll together (the log's unique key turns the second away). The folder
/// is opened read-only: Rapport never changes the mailbox.
/// </summary>
public sealed class ImapPoller(
    RapportDbContext db, SettingsService settings, PiiProtector pii, TimeProvider clock, IOptions<MailOptions> options,
    IEnumerable<IInboundMailHandler> handlers, ILogger<ImapPoller> log)
{
    /// <summary>Polls every active mailbox once.</summary>
    public async Task<IReadOnlyList<MailboxPollResult>> PollOnceAsync(CancellationToken ct)
    {
        var ids = await db.Mailboxes.AsNoTracking().Where(m => m.Active).OrderBy(m => m.Name).Select(m => m.Id).ToListAsync(ct);
        var results = new List<MailboxPollResult>();
        foreach (var id in ids) results.Add(await PollAsync(id, ct));
        return results;
    }

    public async Task<MailboxPollResult> PollAsync(Guid mailboxId, CancellationToken ct)
    {
        var box = await db.Mailboxes.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mailboxId, ct)
            ?? throw new NotFoundException("Mailbox", mailboxId);
        var smtp = await settings.GetAsync<SmtpSettings>(ct);
        var own = new[] { smtp.FromAddress, ContactPoints.NormalizeEmail(box.UserName) }.OfType<string>().Select(a => a.ToLowerInvariant()).ToHashSet();
        int processed = 0, ignored = 0, failed = 0;
        string? error = null;
        using var imap = new ImapClient();
        try
        {
            await MailConnection.OpenAsync(imap, box.Host, box.Port, box.Security, box.UserName, box.PasswordCipher, pii, ct);
            var folder = await imap.GetFolderAsync(box.Folder, ct);
            await folder.OpenAsync(FolderAccess.ReadOnly, ct);
            long validity = folder.UidValidity;
            // A new UIDVALIDITY renumbers the folder: start over; Message-IDs already logged are recognised and skipped.
            var last = box.UidValidity == validity ? box.LastUid : 0;
            var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId((uint)last + 1), UniqueId.MaxValue)), ct))
                .Where(u => u.Id > last).OrderBy(u => u.Id).Take(options.Value.ImapBatchSize).ToList();
            foreach (var uid in uids)
            {
                var message = await folder.GetMessageAsync(uid, ct);
                switch (await ProcessAsync(box, validity, uid.Id, message, own, ct))
                {
                    case InboundOutcome.Processed: processed++; break;
                    case InboundOutcome.Ignored: ignored++; break;
                    case InboundOutcome.Failed: failed++; break;
                }
            }
            if (uids.Count == 0) await AdvanceAsync(box.Id, validity, last, ct);
            await imap.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = MailConnection.Describe(e);
            log.LogWarning("Polling mailbox {Mailbox} failed: {Error}", box.Name, error);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Mailboxes.Where(m => m.Id == box.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastPolledAt, now).SetProperty(m => m.LastError, error), ct);
        return new MailboxPollResult(box.Id, processed, ignored, failed, error);
    }

    /// <summary>Logs, filters and hands one message to the handlers; null when it was already taken.</summary>
    private async Task<InboundOutcome?> ProcessAsync(Mailbox box, long validity, long uid, MimeMessage message, IReadOnlyCollection<string> own, CancellationToken ct)
    {
        var messageId = message.MessageId is { } id ? MailText.Line(id, 250) : null;
        if (await db.InboundMessages.AnyAsync(m => m.MailboxId == box.Id
                && ((m.UidValidity == validity && m.Uid == uid) || (messageId != null && m.MessageId == messageId)), ct))
        {
            await AdvanceAsync(box.Id, validity, uid, ct);
            return null;
        }
        InboundMessage Row(InboundOutcome outcome, string? reason) => new()
        {
            MailboxId = box.Id, UidValidity = validity, Uid = uid, MessageId = messageId,
            From = MailText.Line(message.From.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant(), 320),
            Subject = MailText.Line(message.Subject, 998), ReceivedAt = clock.GetUtcNow().UtcDateTime,
            Outcome = outcome, Reason = reason,
        };

        var reason = InboundFilter.ReasonToIgnore(message, own);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var row = Row(InboundOutcome.Ignored, reason);
            if (reason is null)
            {
                var mail = ToInbound(box, message);
                foreach (var handler in handlers)
                {
                    if (!await handler.HandleAsync(mail, ct)) continue;
                    row.Outcome = InboundOutcome.Processed;
                    break;
                }
                if (row.Outcome != InboundOutcome.Processed) row.Reason = "no-handler";
            }
            db.InboundMessages.Add(row);
            await db.SaveChangesAsync(ct);
            await AdvanceAsync(box.Id, validity, uid, ct);
            await tx.CommitAsync(ct);
            return row.Outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            log.LogWarning(e, "Incoming message {Uid} of mailbox {Mailbox} failed", uid, box.Name);
            try
            {
                db.InboundMessages.Add(Row(InboundOutcome.Failed, MailConnection.Describe(e)));
                await db.SaveChangesAsync(ct);
                await AdvanceAsync(box.Id, validity, uid, ct);
                return InboundOutcome.Failed;
            }
            catch (DbUpdateException)
            {
                // Another instance logged this message first.
                db.ChangeTracker.Clear();
                return null;
            }
        }
    }

    private Task<int> AdvanceAsync(Guid id, long validity, long uid, CancellationToken ct) =>
        db.Mailboxes.Where(m => m.Id == id && (m.UidValidity != validity || m.UidValidity == null || m.LastUid < uid))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.UidValidity, validity).SetProperty(m => m.LastUid, uid), ct);

    private InboundMail ToInbound(Mailbox box, MimeMessage message)
    {
        var sender = message.From.Mailboxes.First();
        var from = ContactPoints.NormalizeEmail(sender.Address) ?? sender.Address.Trim().ToLowerInvariant();
        var text = message.TextBody ?? (message.HtmlBody is { } html ? MailText.FromHtml(html) : "");
        var attachments = new List<InboundAttachment>();
        var omitted = 0;
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            if (content.Length > options.Value.MaxInboundAttachmentBytes)
            {
                omitted++;
                continue;
            }
            var name = MailText.Line(part.FileName, 255);
            attachments.Add(new InboundAttachment(name.Length == 0 ? "attachment" : name, part.ContentType.MimeType, content.ToArray()));
        }
        var date = message.Date == DateTimeOffset.MinValue ? clock.GetUtcNow().UtcDateTime : message.Date.UtcDateTime;
        return new InboundMail(box.Id, box.Purpose, from, TextInput.Clean(MailText.Line(sender.Name, 200)), MailText.Line(message.Subject, 998),
            MailText.Clean(text), message.MessageId, message.InReplyTo, [.. message.References], date, attachments, omitted);
    }
}
