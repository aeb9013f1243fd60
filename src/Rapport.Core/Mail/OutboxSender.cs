using System.Text.Json;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using Rapport.Core.Privacy;

namespace Rapport.Core.Mail;

/// <summary>
/// Delivers due outbox messages over SMTP. A sender first claims a batch with one conditional UPDATE (state, due time
/// and lease re-checked in its WHERE, so of two senders on two app instances only one wins each row, on SQLite and
/// PostgreSQL alike), sends the batch over its SMTP connection, and records the batch's results under its claim in one
/// transaction. <see cref="MailOptions.Connections"/> senders run side by side, each with its own connection and
/// database scope; the claim keeps them from sending the same message. A sender that dies mid-batch leaves its messages
/// Sending; once their lease ends they are due again. Delivery is therefore at least once: a message is sent twice only
/// if its sender died before recording its batch or a send outlived its lease, and it keeps its Message-ID for
/// receivers to recognise (ADR-038).
/// </summary>
public sealed class OutboxSender(
    RapportDbContext db, SettingsService settings, PiiProtector pii, TimeProvider clock, IOptions<MailOptions> options,
    ConsentGate consent, IEnumerable<IOutboxObserver> observers, IServiceScopeFactory scopes, ILogger<OutboxSender> log)
{
    /// <summary>An attempt's outcome, written with the rest of its batch. <c>Untried</c>: the message was not offered to
    /// the server (the batch stopped at half its lease); it goes back to the queue due at once, its attempt not counted.</summary>
    private sealed record Outcome(OutboxMessage Message, OutboxState State, string? Error, int? Code, bool Untried = false);

    /// <summary>How a batch's delivery ended.</summary>
    private enum Delivery { Done, StoppedAtDeadline, ConnectionLost }

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

    /// <summary>Sends every message due now, batch by batch, over <see cref="MailOptions.Connections"/> SMTP connections
    /// side by side; returns how many attempts were made. Nothing is claimed while SMTP is not configured: the messages
    /// wait, attempts untouched.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var smtp = await settings.GetAsync<SmtpSettings>(ct);
        if (!smtp.IsConfigured) return 0;
        if (Options.Connections <= 1) return await DrainAsync(smtp, ct);
        var attempts = await Task.WhenAll(Enumerable.Range(0, Options.Connections).Select(async _ =>
        {
            // A DbContext serves one caller at a time: each connection claims and records through its own scope.
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OutboxSender>().DrainAsync(smtp, ct);
        }));
        return attempts.Sum();
    }

    /// <summary>One connection's share: claims and sends batches until nothing is due, keeping its SMTP connection open
    /// from one batch to the next.</summary>
    private async Task<int> DrainAsync(SmtpSettings smtp, CancellationToken ct)
    {
        var total = 0;
        var client = new SmtpClient();
        try
        {
            while (true)
            {
                var (batch, contested) = await ClaimAsync(Options.BatchSize, ct);
                // Sending stops at half the lease, so the batch's results are written while the claim still holds.
                var deadline = clock.GetUtcNow().UtcDateTime + Options.Lease / 2;
                if (batch.Count == 0)
                {
                    // Another connection took the rows this one looked at: look again, more may be due.
                    if (contested) continue;
                    return total;
                }
                var outcomes = new List<Outcome>(batch.Count);
                var delivery = Delivery.Done;
                try
                {
                    var deliverable = await SuppressWithoutConsentAsync(batch, outcomes, ct);
                    if (deliverable.Count > 0) delivery = await DeliverAsync(client, deliverable, smtp, outcomes, deadline, ct);
                    if (delivery == Delivery.ConnectionLost)
                    {
                        client.Dispose();
                        client = new SmtpClient();
                    }
                }
                finally
                {
                    // What went out is written even when the app is stopping: left Sending, it would go out again after the lease.
                    await RecordAsync(outcomes, CancellationToken.None);
                }
                total += outcomes.Count(o => !o.Untried);
                // A server this slow is not pressed further by this connection in this run: the next run (moments later),
                // or another connection, takes the rest.
                if (delivery == Delivery.StoppedAtDeadline) return total;
            }
        }
        finally
        {
            if (client.IsConnected)
            {
                try { await client.DisconnectAsync(true, CancellationToken.None); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogDebug("SMTP disconnect: {Error}", MailConnection.Describe(e)); }
            }
            client.Dispose();
        }
    }

    /// <summary>Claims up to <paramref name="size"/> due messages for this sender; <c>Contested</c> when messages were due
    /// but another sender claimed every one of them first.</summary>
    internal async Task<(List<OutboxMessage> Batch, bool Contested)> ClaimAsync(int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Messages whose sender died first (their lease ended), then the queued ones by due time: two index range reads
        // that stop at the batch size (one query with an OR sorted every due message, a whole backlog per batch).
        var ids = await db.OutboxMessages.Where(m => m.State == OutboxState.Sending && m.LeaseUntil < now)
            .OrderBy(m => m.LeaseUntil).ThenBy(m => m.Id).Select(m => m.Id).Take(size).ToListAsync(ct);
        if (ids.Count < size)
            ids.AddRange(await db.OutboxMessages.Where(m => m.State == OutboxState.Queued && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(size - ids.Count).ToListAsync(ct));
        if (ids.Count == 0) return ([], false);
        var claim = Guid.NewGuid();
        var until = now + Options.Lease;
        // The due condition is evaluated again by the UPDATE itself: a row another sender claimed in between no longer
        // matches (PostgreSQL re-checks it after waiting for that sender's row lock; SQLite runs one writer at a time).
        await Due(db.OutboxMessages.Where(m => ids.Contains(m.Id)), now).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Sending)
            .SetProperty(m => m.ClaimToken, claim)
            .SetProperty(m => m.LeaseUntil, until)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        var batch = await db.OutboxMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.ClaimToken == claim).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToListAsync(ct);
        return (batch, batch.Count == 0);
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> q, DateTime now) =>
        q.Where(m => (m.State == OutboxState.Queued && m.NextAttemptAt <= now) || (m.State == OutboxState.Sending && m.LeaseUntil < now));

    /// <summary>Records the messages that need a consent some recipient has not given (marketing to an address that never
    /// opted in, or withdrew) as <see cref="OutboxState.Suppressed"/>, checked at sending time so that a withdrawal made
    /// after the message was queued still stops it; returns the rest.</summary>
    private async Task<List<OutboxMessage>> SuppressWithoutConsentAsync(List<OutboxMessage> batch, List<Outcome> outcomes, CancellationToken ct)
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
                else outcomes.Add(new(m, OutboxState.Suppressed, $"No consent to {purpose} from {without} recipient(s)", null));
            }
        }
        return deliverable;
    }

    private static List<string> Recipients(OutboxMessage m) =>
        new[] { m.To, m.Cc }.Where(list => !string.IsNullOrEmpty(list))
            .SelectMany(list => InternetAddressList.TryParse(list, out var parsed) ? parsed.Mailboxes.Select(b => b.Address) : [])
            .Select(a => a.ToLowerInvariant()).ToList();

    /// <summary>Sends the batch over <paramref name="smtp"/> (connecting it first if needed) and adds each message's
    /// outcome; says whether it stopped at <paramref name="deadline"/> or the connection failed and should not be used again.</summary>
    private async Task<Delivery> DeliverAsync(SmtpClient smtp, List<OutboxMessage> batch, SmtpSettings s, List<Outcome> outcomes, DateTime deadline,
        CancellationToken ct)
    {
        var next = 0;
        try
        {
            if (!smtp.IsConnected) await MailConnection.OpenAsync(smtp, s.Host!, s.Port, s.Security, s.UserName, s.PasswordCipher, pii, ct);
            for (; next < batch.Count; next++)
            {
                // At least one message is always tried, so a server slow to connect still counts attempts (and backs off).
                if (next > 0 && clock.GetUtcNow().UtcDateTime >= deadline)
                {
                    // A slow server took half the lease: the rest goes back to the queue now, recorded under this claim,
                    // so that no other sender reclaims the batch and sends again what this one already sent.
                    for (; next < batch.Count; next++) outcomes.Add(new(batch[next], OutboxState.Queued, null, null, Untried: true));
                    return Delivery.StoppedAtDeadline;
                }
                var m = batch[next];
                try
                {
                    await smtp.SendAsync(ToMime(m, s), ct);
                    outcomes.Add(new(m, OutboxState.Sent, null, 250));
                }
                catch (SmtpCommandException e)
                {
                    // The server answered this message; the connection is still good for the next one.
                    var permanent = (int)e.StatusCode >= 500;
                    outcomes.Add(Failure(m, e, (int)e.StatusCode, permanent));
                }
            }
            return Delivery.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Connection, TLS, sign-in or protocol trouble: a passing failure for every message not yet answered.
            log.LogWarning("SMTP delivery failed: {Error}", MailConnection.Describe(e));
            for (; next < batch.Count; next++) outcomes.Add(Failure(batch[next], e, (e as SmtpCommandException)?.StatusCode is { } c ? (int)c : null, false));
            return Delivery.ConnectionLost;
        }
    }

    private Outcome Failure(OutboxMessage m, Exception e, int? code, bool permanent) =>
        new(m, permanent || m.Attempts >= Options.MaxAttempts ? OutboxState.Failed : OutboxState.Queued, MailConnection.Describe(e), code);

    /// <summary>Writes a batch's outcomes under this sender's claim (a claim lost to an expired lease writes nothing) and
    /// tells the observers, in one transaction: one commit per batch rather than two per message. An observer that
    /// fails is rolled back to its savepoint and logged; the rest of the batch is kept.</summary>
    private async Task RecordAsync(List<Outcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var told = 0;
        foreach (var (m, state, error, code, untried) in outcomes)
        {
            var nextAttempt = untried ? now
                : state == OutboxState.Queued ? now + OutboxMessage.RetryDelay(m.Attempts, Options.RetryFirst, Options.RetryCap, Random.Shared.NextDouble())
                : m.NextAttemptAt;
            DateTime? sentAt = state == OutboxState.Sent ? now : null;
            var written = await db.OutboxMessages.Where(x => x.Id == m.Id && x.ClaimToken == m.ClaimToken && x.State == OutboxState.Sending)
                .ExecuteUpdateAsync(u =>
                {
                    u.SetProperty(x => x.State, state)
                        .SetProperty(x => x.NextAttemptAt, nextAttempt)
                        .SetProperty(x => x.LeaseUntil, (DateTime?)null)
                        .SetProperty(x => x.ClaimToken, (Guid?)null);
                    // An untried message keeps what its last real attempt left, and gets its claim's attempt back.
                    if (untried) u.SetProperty(x => x.Attempts, x => x.Attempts - 1);
                    else u.SetProperty(x => x.SentAt, sentAt).SetProperty(x => x.LastError, error).SetProperty(x => x.LastStatusCode, code);
                }, ct);
            if (written == 0)
            {
                log.LogWarning("Outbox message {Id} outlived its lease; its result ({State}) was not recorded", m.Id, state);
                continue;
            }
            // Nothing happened to an untried message that an observer should hear of.
            if (untried) continue;
            if (state == OutboxState.Failed) log.LogWarning("Outbox message {Id} failed after {Attempts} attempt(s): {Error}", m.Id, m.Attempts, error);
            var delivery = new OutboxDelivery(m.Id, m.MessageId, m.Purpose, m.Correlation, state, m.Attempts, error);
            foreach (var observer in observers)
            {
                var savepoint = "observer" + told++;
                await tx.CreateSavepointAsync(savepoint, ct);
                try
                {
                    await observer.OnDeliveryAsync(delivery, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await tx.RollbackToSavepointAsync(savepoint, ct);
                    db.ChangeTracker.Clear();
                    log.LogError(e, "Outbox observer {Observer} failed for message {Id}", observer.GetType().Name, m.Id);
                }
            }
        }
        await tx.CommitAsync(ct);
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
