namespace Rapport.Server.Tests.Mail;

/// <summary>The outbox against a real SMTP server on loopback: what arrives, retries with backoff on a moved clock,
/// giving up, surviving a restart, and two senders sharing the work without sending anything twice.</summary>
public abstract class OutboxTests(MailApp app)
{
    private const string SmtpUrl = "/api/v1/admin/mail/smtp";

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task UseAsync(SmtpReceiver receiver)
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync(SmtpUrl, new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null,
            "desk@rapport.example.com", "Rapport Desk"))).ShouldBeAsync(HttpStatusCode.OK);
    }

    private static OutgoingMail Mail(string subject) => new(["Ana Li <ana.li@example.com>"], subject, "Hello Ana,\nyour order shipped.");

    [Fact]
    public async Task A_queued_message_arrives_with_its_recipients_threading_headers_and_both_bodies()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var correlation = "case:" + Guid.NewGuid();
        var queued = await app.EnqueueAsync(new OutgoingMail(
            ["Ana Li <ana.li@example.com>", "bo@example.com"], "Re: printer [#CASE-000123]", "We replaced the toner.",
            HtmlBody: "<p>We replaced the <b>toner</b>.</p>", Cc: ["lead@example.com"], ReplyTo: "support@rapport.example.com",
            ThreadToken: "CASE-000123", InReplyTo: "<first.mail@example.com>", References: ["first.mail@example.com"],
            Headers: new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://rapport.example.com/u/1>" },
            Purpose: "case-reply", Correlation: correlation));

        await app.SendDueAsync();

        var got = Assert.Single(receiver.WithId(queued.MessageId));
        Assert.Equal("Re: printer [#CASE-000123]", got.Subject);
        Assert.Equal("\"Rapport Desk\" <desk@rapport.example.com>", got.From.ToString());
        Assert.Equal(["ana.li@example.com", "bo@example.com"], got.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("lead@example.com", got.Cc.Mailboxes.Single().Address);
        Assert.Equal("support@rapport.example.com", got.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("first.mail@example.com", got.InReplyTo);
        Assert.Equal(["first.mail@example.com"], got.References);
        Assert.Equal("<https://rapport.example.com/u/1>", got.Headers["List-Unsubscribe"]);
        Assert.Equal("CASE-000123", MailThreading.TokenFromHeaders(got.MessageId, null));
        Assert.Contains("We replaced the toner.", got.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>toner</b>", got.HtmlBody, StringComparison.Ordinal);
        var delivery = Assert.Single(await app.WithAsync(sp => sp.GetRequiredService<MailService>().DeliveryAsync(correlation, Ct)));
        Assert.Equal(OutboxState.Sent, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        // PostgreSQL keeps microseconds, the clock has ticks.
        Assert.InRange(delivery.SentAt!.Value, app.Clock.GetUtcNow().UtcDateTime.AddMilliseconds(-1), app.Clock.GetUtcNow().UtcDateTime);
        var told = Assert.Single(app.Deliveries, d => d.Correlation == correlation);
        Assert.Equal((OutboxState.Sent, queued.MessageId, "case-reply"), (told.State, told.MessageId, told.Purpose));
    }

    [Fact]
    public async Task A_message_is_queued_exactly_when_the_change_that_caused_it_is_committed()
    {
        var rolledBack = "Rolled back " + Unique();
        var committed = "Committed " + Unique();
        foreach (var (subject, commit) in new[] { (rolledBack, false), (committed, true) })
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            scope.ServiceProvider.GetRequiredService<MailService>().Enqueue(Mail(subject));
            await db.SaveChangesAsync(Ct);
            if (commit) await tx.CommitAsync(Ct);
            else await tx.RollbackAsync(Ct);
        }

        var subjects = await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Subject == rolledBack || m.Subject == committed).Select(m => m.Subject).ToListAsync(Ct));
        Assert.Equal([committed], subjects);
    }

    [Fact]
    public async Task A_message_the_server_turns_away_for_now_is_retried_after_a_backoff_and_delivered()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var queued = await app.EnqueueAsync(Mail("Retry " + Unique()));
        receiver.Refuse(queued.MessageId, 451);
        var start = app.Clock.GetUtcNow().UtcDateTime;

        await app.SendDueAsync();
        var waiting = await app.MessageAsync(queued.Id);
        Assert.Equal(OutboxState.Queued, waiting.State);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(451, waiting.LastStatusCode);
        Assert.Contains("Try again later", waiting.LastError, StringComparison.Ordinal);
        Assert.Contains(app.Deliveries, d => d.Id == queued.Id && d.State == OutboxState.Queued && d.Attempts == 1);
        // The first wait is 30 s, cut to a random point in its upper half.
        Assert.InRange(waiting.NextAttemptAt, start.AddSeconds(15), start.AddSeconds(30));

        await app.SendDueAsync();
        Assert.Empty(receiver.WithId(queued.MessageId));
        Assert.Equal(1, (await app.MessageAsync(queued.Id)).Attempts);

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await app.SendDueAsync();
        var sent = await app.MessageAsync(queued.Id);
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        Assert.Single(receiver.WithId(queued.MessageId));
    }

    [Fact]
    public async Task A_message_refused_on_every_attempt_fails_with_the_error_and_an_administrator_can_send_it_again()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var queued = await app.EnqueueAsync(Mail("Doomed " + Unique()));
        receiver.Refuse(queued.MessageId, 451, int.MaxValue, "Refused by the test");

        var waits = new List<TimeSpan>();
        for (var i = 0; i < MailApp.MaxAttempts; i++)
        {
            await app.SendDueAsync();
            var m = await app.MessageAsync(queued.Id);
            if (m.State == OutboxState.Queued) waits.Add(m.NextAttemptAt - app.Clock.GetUtcNow().UtcDateTime);
            app.Clock.Advance(TimeSpan.FromMinutes(11));
        }
        var failed = await app.MessageAsync(queued.Id);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(MailApp.MaxAttempts, failed.Attempts);
        Assert.Equal(451, failed.LastStatusCode);
        Assert.Contains("Refused by the test", failed.LastError, StringComparison.Ordinal);
        // Backoff doubles: the second wait is at least as long as the most the first could have been.
        Assert.Equal(MailApp.MaxAttempts - 1, waits.Count);
        Assert.InRange(waits[1], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.SendDueAsync();
        Assert.Equal((OutboxState.Failed, MailApp.MaxAttempts), ((await app.MessageAsync(queued.Id)).State, (await app.MessageAsync(queued.Id)).Attempts));

        var admin = await app.AdminClientAsync();
        var list = await (await admin.GetAsync("/api/v1/admin/mail/outbox?state=failed", Ct)).ReadAsync<Page<OutboxMessageDto>>();
        Assert.Contains(list.Items, m => m.Id == queued.Id && m.LastError!.Contains("Refused", StringComparison.Ordinal));
        receiver.Accept(queued.MessageId);
        var retried = await (await admin.PostAsync($"/api/v1/admin/mail/outbox/{queued.Id}/retry", null, Ct)).ReadAsync<OutboxMessageDto>();
        Assert.Equal(OutboxState.Queued, retried.State);
        await app.SendDueAsync();
        Assert.Equal(OutboxState.Sent, (await app.MessageAsync(queued.Id)).State);
        Assert.Single(receiver.WithId(queued.MessageId));
    }

    [Fact]
    public async Task A_permanent_refusal_fails_at_once()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var queued = await app.EnqueueAsync(Mail("Unknown user " + Unique()));
        receiver.Refuse(queued.MessageId, 550);

        await app.SendDueAsync();

        var failed = await app.MessageAsync(queued.Id);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(550, failed.LastStatusCode);
    }

    [Fact]
    public async Task Nothing_is_sent_or_counted_while_smtp_is_not_configured()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync(SmtpUrl, new SmtpSettingsInput(null, 587, MailSecurity.StartTls, null, null, null, null))).ShouldBeAsync(HttpStatusCode.OK);
        var queued = await app.EnqueueAsync(Mail("Later " + Unique()));

        Assert.Equal(0, await app.SendDueAsync());
        Assert.Equal(0, (await app.MessageAsync(queued.Id)).Attempts);

        await UseAsync(receiver);
        await app.SendDueAsync();
        Assert.Single(receiver.WithId(queued.MessageId));
    }

    [Fact]
    public async Task After_a_restart_the_new_instance_delivers_what_was_queued_and_what_a_dead_sender_held()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var queued = await app.EnqueueAsync(Mail("Queued before the restart " + Unique()));
        var held = await app.EnqueueAsync(Mail("Held by a dead sender " + Unique()));
        // A sender claimed it and died mid-send: it stays Sending under a lease nobody will release.
        var leaseEnd = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(5);
        await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().OutboxMessages.Where(m => m.Id == held.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sending).SetProperty(m => m.LeaseUntil, leaseEnd)
                .SetProperty(m => m.ClaimToken, Guid.NewGuid()).SetProperty(m => m.Attempts, 1), Ct));

        // A new instance on the same database, with its background sender on. On PostgreSQL the nodes share one
        // clustered scheduler, so a firing may land on the first node, whose sender is off: the new instance's sender
        // is also run directly, so the test waits for the instance and not for where the scheduler sends a firing.
        await using var restarted = app.WithWebHostBuilder(b => b.UseSetting("Mail:RunJobs", "true"));
        _ = restarted.Server;
        await app.SendDueAsync(restarted.Services);
        await receiver.WaitUntilAsync(() => receiver.WithId(queued.MessageId).Count == 1);
        Assert.Empty(receiver.WithId(held.MessageId));

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.SendDueAsync(restarted.Services);
        await receiver.WaitUntilAsync(() => receiver.WithId(held.MessageId).Count == 1);
        await restarted.DisposeAsync();

        Assert.Single(receiver.WithId(queued.MessageId));
        var delivered = await app.MessageAsync(held.Id);
        Assert.Equal(OutboxState.Sent, delivered.State);
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task A_server_slower_than_half_the_lease_gets_the_rest_of_the_batch_in_the_next_run_and_each_message_once()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        // One connection, so the three messages are one claim.
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("Mail:Connections", "1"));
        var mails = new List<OutboxMessageDto>();
        for (var i = 0; i < 3; i++) mails.Add(await app.EnqueueAsync(Mail($"Slow server {i} " + Unique())));
        var ids = mails.Select(m => m.MessageId).ToHashSet();
        // The first of them takes the server three minutes: past half of the five-minute lease.
        var slowed = 0;
        receiver.OnReceived = m =>
        {
            if (m.MessageId is { } id && ids.Contains(id) && Interlocked.Exchange(ref slowed, 1) == 0) app.Clock.Advance(TimeSpan.FromMinutes(3));
        };

        await app.SendDueAsync(node.Services);
        var sent = mails.Where(m => receiver.WithId(m.MessageId).Count > 0).ToList();
        Assert.Single(sent);
        // The rest went back untried: queued, due now, their claim's attempt not counted.
        foreach (var m in mails.Except(sent))
        {
            var back = await app.MessageAsync(m.Id);
            Assert.Equal((OutboxState.Queued, 0), (back.State, back.Attempts));
            Assert.True(back.NextAttemptAt <= app.Clock.GetUtcNow().UtcDateTime);
        }

        await app.SendDueAsync(node.Services);
        Assert.All(mails, m => Assert.Single(receiver.WithId(m.MessageId)));
        foreach (var m in mails)
        {
            var done = await app.MessageAsync(m.Id);
            Assert.Equal((OutboxState.Sent, 1), (done.State, done.Attempts));
        }
    }

    [Fact]
    public async Task Two_senders_working_at_once_deliver_every_message_exactly_once()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var ids = new List<string>();
        for (var i = 0; i < 60; i++) ids.Add((await app.EnqueueAsync(Mail($"Bulk {i} " + Unique()))).MessageId);

        // A second app instance on the same database, as behind a load balancer.
        await using var second = app.WithWebHostBuilder(_ => { });
        var results = await Task.WhenAll(
            Task.Run(() => app.SendDueAsync()), Task.Run(() => app.SendDueAsync(second.Services)),
            Task.Run(() => app.SendDueAsync()), Task.Run(() => app.SendDueAsync(second.Services)));

        Assert.True(results.Sum() >= 60, $"{results.Sum()} attempts");
        Assert.All(ids, id => Assert.Single(receiver.WithId(id)));
        var states = await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => ids.Contains(m.MessageId)).Select(m => new { m.State, m.Attempts }).ToListAsync(Ct));
        Assert.All(states, s => Assert.Equal((OutboxState.Sent, 1), (s.State, s.Attempts)));
    }

    [Fact]
    public async Task The_smtp_password_is_stored_encrypted_never_shown_and_a_test_email_reports_the_outcome()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await app.AdminClientAsync();
        var saved = await (await admin.PutJsonAsync(SmtpUrl, new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null,
            "Sm7p-secret!", "desk@rapport.example.com", "Rapport Desk"))).ReadNodeAsync();
        Assert.True((bool)saved["hasPassword"]!);
        Assert.Null(saved["password"]);
        Assert.Null(saved["passwordCipher"]);
        var json = await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().Settings.AsNoTracking()
            .Where(s => s.Key == SmtpSettings.Key).Select(s => s.Json).SingleAsync(Ct));
        Assert.DoesNotContain("Sm7p-secret!", json, StringComparison.Ordinal);
        // Saving again without a password keeps it.
        await admin.PutJsonAsync(SmtpUrl, new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null, "desk@rapport.example.com", "Desk"));
        Assert.True((bool)(await (await admin.GetAsync(SmtpUrl, Ct)).ReadNodeAsync())["hasPassword"]!);
        await admin.PutJsonAsync(SmtpUrl, new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null, "desk@rapport.example.com", "Desk", ClearPassword: true));

        var ok = await (await admin.PostJsonAsync($"{SmtpUrl}/test", new SmtpTestInput("it@example.com"))).ReadAsync<SmtpTestResult>();
        receiver.AlwaysRefuseWith = 554;
        var refused = await (await admin.PostJsonAsync($"{SmtpUrl}/test", new SmtpTestInput("it@example.com"))).ReadAsync<SmtpTestResult>();

        Assert.True(ok.Ok, ok.Error);
        Assert.Equal("it@example.com", Assert.Single(receiver.Received).To.Mailboxes.Single().Address);
        Assert.False(refused.Ok);
        Assert.Equal(554, refused.StatusCode);
        Assert.Contains("Refused by the test", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_with_a_bad_address_or_a_structural_header_is_refused()
    {
        var error = await Assert.ThrowsAsync<RapportValidationException>(() => app.EnqueueAsync(new OutgoingMail(
            ["not an address"], "Hi", "Body", Headers: new Dictionary<string, string> { ["Bcc"] = "spy@example.com" })));

        Assert.Contains(error.Errors, e => e is { Field: "to", Code: "Validation.Email" });
        Assert.Contains(error.Errors, e => e is { Field: "headers", Code: "Mail.Header" });
    }
}

public sealed class OutboxOnSqlite(MailSqliteApp app) : OutboxTests(app), IClassFixture<MailSqliteApp>;

public sealed class OutboxOnPostgres(MailPostgresApp app) : OutboxTests(app), IClassFixture<MailPostgresApp>;
