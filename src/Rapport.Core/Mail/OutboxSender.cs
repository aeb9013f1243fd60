using System.Text.Json;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;
using Rapport.Core.Privacy;

namespace Rapport.Core.Mail;

/// <summary>
/// Delivers due outbox messages over SMTP. A sender first claims a batch with one conditional UPDATE (state, due time
/// and lease re-checked in its WHERE, so of two senders on two app instances only one wins each row, on SQLite and
/// PostgreSQL alike), sends the batch over one connection, and records each result under its claim. A sender that
/// dies mid-batch leaves its messages Sending; once their lease ends they are due again. Delivery is therefore at least
/// once: a message is sent twice only if a send outlives its lease, and it keeps its Message-ID for receivers to
/// recognise.
/// </summary>
public sealed class OutboxSender(
    RapportDbContext db, SettingsService settings, PiiProtector pii, TimeProvider clock, IOptions<MailOptions> options,
    ConsentGate consent, IEnumerable<IOutboxObserver> observers, ILogger<OutboxSender> log)
{
    private static readonly SemaphoreSlim Pending = new(0, 1);
    private MailOptions Options => options.Value;

    /// <summary>Wakes the background sender: something was queued.</summary>
    public static void Signal()
    {
        if (Pending.CurrentCount == 0)
        {
            try { Pending.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    /// <summary>Waits until <see cref="Signal"/> or the timeout.</summary>
    public static Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => Pending.WaitAsync(timeout, ct);

    /// <summary>Sends every message due now, batch by batch; returns how many attempts were made. Nothing is claimed
    /// while SMTP is not configured: the messages wait, attempts untouched.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var smtp = await settings.GetAsync<SmtpSettings>(ct);
        if (!smtp.IsConfigured) return 0;
        var total = 0;
        while (true)
        {
            var batch = await ClaimAsync(Options.BatchSize, ct);
            if (batch.Count == 0) return total;
            var deliverable = await SuppressWithoutConsentAsync(batch, ct);
            if (deliverable.Count > 0) await DeliverAsync(deliverable, smtp, ct);
            total += batch.Count;
        }
    }

    /// <summary>Claims up to <paramref name="size"/> due messages for this sender.</summary>
    internal async Task<List<OutboxMessage>> ClaimAsync(int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await Due(db.OutboxMessages, now).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(size).ToListAsync(ct);
        if (ids.Count == 0) return [];
        var claim = Guid.NewGuid();
        var until = now + Options.Lease;
        // The due condition is evaluated again by the UPDATE itself: a row another sender claimed in between no longer
        // matches (PostgreSQL re-checks it after waiting for that sender's row lock; SQLite runs one writer at a time).
        await Due(db.OutboxMessages.Where(m => ids.Contains(m.Id)), now).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Sending)
            .SetProperty(m => m.ClaimToken, claim)
            .SetProperty(m => m.LeaseUntil, until)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        return await db.OutboxMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.ClaimToken == claim).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToListAsync(ct);
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> q, DateTime now) =>
        q.Where(m => (m.State == OutboxState.Queued && m.NextAttemptAt <= now) || (m.State == OutboxState.Sending && m.LeaseUntil < now));

    /// <summary>Records the messages that need a consent some recipient has not given (marketing to an address that never
    /// opted in, or withdrew) as <see cref="OutboxState.Suppressed"/>, checked at sending time so that a withdrawal made
    /// after the message was queued still stops it; returns the rest.</summary>
    private async Task<List<OutboxMessage>> SuppressWithoutConsentAsync(List<OutboxMessage> batch, CancellationToken ct)
    {
        var deliverable = new List<OutboxMessage>(batch.Count);
        foreach (var group in batch.GroupBy(m => ConsentGate.ForMail(m.Purpose)))
        {
            if (group.Key is not { } purpose)
            {
                deliverable.AddRange(group);
                continue;
            }
            var recipients = group.ToDictionary(m => m.Id, Recipients);
            var refused = await consent.RefusedAsync(recipients.Values.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToList(), purpose, ct);
            foreach (var m in group)
            {
                var without = recipients[m.Id].Count(refused.Contains);
                if (without == 0) deliverable.Add(m);
                else await RecordAsync(m, OutboxState.Suppressed, $"No consent to {purpose} from {without} recipient(s)", null, ct);
            }
        }
        return deliverable;
    }

    private static List<string> Recipients(OutboxMessage m) =>
        new[] { m.To, m.Cc }.Where(list => !string.IsNullOrEmpty(list))
            .SelectMany(list => InternetAddressList.TryParse(list, out var parsed) ? parsed.Mailboxes.Select(b => b.Address) : [])
            .Select(a => a.ToLowerInvariant()).ToList();

    private async Task DeliverAsync(List<OutboxMessage> batch, SmtpSettings s, CancellationToken ct)
    {
        using var smtp = new SmtpClient();
        var next = 0;
        try
        {
            await MailConnection.OpenAsync(smtp, s.Host!, s.Port, s.Security, s.UserName, s.PasswordCipher, pii, ct);
            for (; next < batch.Count; next++)
            {
                var m = batch[next];
                try
                {
                    await smtp.SendAsync(ToMime(m, s), ct);
                    await RecordAsync(m, OutboxState.Sent, null, 250, ct);
                }
                catch (SmtpCommandException e)
                {
                    // The server answered this message; the connection is still good for the next one.
                    var permanent = (int)e.StatusCode >= 500;
                    await FailAsync(m, e, (int)e.StatusCode, permanent, ct);
                }
            }
            await smtp.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Connection, TLS, sign-in or protocol trouble: a passing failure for every message not yet answered.
            log.LogWarning("SMTP delivery failed: {Error}", MailConnection.Describe(e));
            for (; next < batch.Count; next++) await FailAsync(batch[next], e, (e as SmtpCommandException)?.StatusCode is { } c ? (int)c : null, false, ct);
        }
    }

    private Task FailAsync(OutboxMessage m, Exception e, int? code, bool permanent, CancellationToken ct)
    {
        var error = MailConnection.Describe(e);
        return permanent || m.Attempts >= Options.MaxAttempts
            ? RecordAsync(m, OutboxState.Failed, error, code, ct)
            : RecordAsync(m, OutboxState.Queued, error, code, ct);
    }

    /// <summary>Writes an attempt's outcome under this sender's claim (a claim lost to an expired lease writes nothing).</summary>
    private async Task RecordAsync(OutboxMessage m, OutboxState state, string? error, int? code, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var nextAttempt = state == OutboxState.Queued
            ? now + OutboxMessage.RetryDelay(m.Attempts, Options.RetryFirst, Options.RetryCap, Random.Shared.NextDouble())
            : m.NextAttemptAt;
        DateTime? sentAt = state == OutboxState.Sent ? now : null;
        var written = await db.OutboxMessages.Where(x => x.Id == m.Id && x.ClaimToken == m.ClaimToken && x.State == OutboxState.Sending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(x => x.State, state)
                .SetProperty(x => x.NextAttemptAt, nextAttempt)
                .SetProperty(x => x.LeaseUntil, (DateTime?)null)
                .SetProperty(x => x.ClaimToken, (Guid?)null)
                .SetProperty(x => x.SentAt, sentAt)
                .SetProperty(x => x.LastError, error)
                .SetProperty(x => x.LastStatusCode, code), ct);
        if (written == 0)
        {
            log.LogWarning("Outbox message {Id} outlived its lease; its result ({State}) was not recorded", m.Id, state);
            return;
        }
        if (state == OutboxState.Failed) log.LogWarning("Outbox message {Id} failed after {Attempts} attempt(s): {Error}", m.Id, m.Attempts, error);
        var delivery = new OutboxDelivery(m.Id, m.MessageId, m.Purpose, m.Correlation, state, m.Attempts, error);
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnDeliveryAsync(delivery, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox observer {Observer} failed for message {Id}", observer.GetType().Name, m.Id);
            }
        }
    }

    internal static MimeMessage ToMime(OutboxMessage m, SmtpSettings s)
    {
        var message = new MimeMessage
        {
            Subject = m.Subject,
            MessageId = m.MessageId,
            Date = new DateTimeOffset(m.CreatedAt, TimeSpan.Zero),
        };
        message.From.Add(new MailboxAddress(m.FromName ?? s.FromName, m.FromAddress ?? s.FromAddress!));
        message.To.AddRange(InternetAddressList.Parse(m.To));
        if (m.Cc is not null) message.Cc.AddRange(InternetAddressList.Parse(m.Cc));
        if (m.ReplyTo is not null) message.ReplyTo.AddRange(InternetAddressList.Parse(m.ReplyTo));
        if (m.InReplyTo is not null) message.InReplyTo = m.InReplyTo;
        if (m.References is not null)
            foreach (var id in m.References.Split(' ', StringSplitOptions.RemoveEmptyEntries)) message.References.Add(id);
        if (m.HeadersJson is not null)
            foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(m.HeadersJson) ?? [])
                message.Headers.Add(name, value);
        var body = new BodyBuilder { TextBody = m.TextBody, HtmlBody = m.HtmlBody };
        foreach (var a in m.Attachments) body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }
}
