using Rapport.Core.Privacy;
using Rapport.Server.Tests.Mail;

namespace Rapport.Server.Tests.Privacy;

/// <summary>The consent ledger: lines added with their proof and never changed, the newest one per purpose is what
/// holds, the outbox sends marketing mail only where it holds, and an unsubscribe link withdraws it.</summary>
public abstract class ConsentTests(MailApp app)
{
    private static string Ledger(Guid customerId) => $"{CustomersUrl}/{customerId}/consents";

    private static string NewEmail() => $"c{TestData.Unique()}@example.com";

    private async Task<CustomerDto> CustomerWithAsync(HttpClient client, string email) =>
        await client.CreateAsync(CustomerSamples.Valid() with { Name = "Consent " + TestData.Unique(), Emails = [email], Phones = null });

    private static Task<ConsentEntryDto> RecordAsync(HttpClient client, Guid customerId, ConsentInput input) =>
        client.PostCreatedAsync<ConsentEntryDto>(Ledger(customerId), input);

    [Fact]
    public async Task A_consent_given_then_withdrawn_keeps_both_lines_with_their_proof_and_the_newest_is_what_holds()
    {
        var admin = await app.AdminClientAsync();
        var email = NewEmail();
        var customer = await CustomerWithAsync(admin, email);
        var signedAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(-3);
        await RecordAsync(admin, customer.Id, new ConsentInput(ConsentPurpose.MarketingEmail, true, ConsentSource.WebForm, email.ToUpperInvariant(),
            "I'd like news about offers (newsletter form, v2)", signedAt));
        await RecordAsync(admin, customer.Id, new ConsentInput(ConsentPurpose.Profiling, true, ConsentSource.Agent));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var withdrawal = await RecordAsync(admin, customer.Id, new ConsentInput(ConsentPurpose.MarketingEmail, false, ConsentSource.Agent, email,
            "Asked on the phone to stop the newsletter"));

        var ledger = await admin.GetFromJsonAsync<ConsentLedgerDto>(Ledger(customer.Id), Json.Options, Ct);
        Assert.Equal(3, ledger!.History.Count);
        Assert.Equal(withdrawal.Id, ledger.History[0].Id);
        var mail = Assert.Single(ledger.Current, e => e.Purpose == ConsentPurpose.MarketingEmail);
        Assert.False(mail.Granted);
        Assert.Equal(email, mail.Address);
        Assert.Equal("Administrator", mail.RecordedBy);
        var profiling = Assert.Single(ledger.Current, e => e.Purpose == ConsentPurpose.Profiling);
        Assert.True(profiling.Granted);
        Assert.Null(profiling.Address);
        var first = Assert.Single(ledger.History, e => e.Source == ConsentSource.WebForm);
        Assert.Equal("I'd like news about offers (newsletter form, v2)", first.Proof);
        // The decision's own date is kept (a form signed three days ago), beside when it was recorded.
        Assert.InRange(first.At, signedAt.AddSeconds(-1), signedAt.AddSeconds(1));
        Assert.True(first.RecordedAt > first.At);
    }

    [Fact]
    public async Task A_consent_for_an_address_the_customer_does_not_have_or_dated_in_the_future_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var customer = await CustomerWithAsync(admin, NewEmail());
        await (await admin.PostJsonAsync(Ledger(customer.Id),
                new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: "someone.else@example.com")))
            .ShouldRejectAsync("address", "Consent.AddressNotOnFile");
        await (await admin.PostJsonAsync(Ledger(customer.Id),
                new ConsentInput(ConsentPurpose.MarketingEmail, true, At: app.Clock.GetUtcNow().UtcDateTime.AddDays(2))))
            .ShouldRejectAsync("at", "Consent.AtInFuture");
        await (await admin.PostJsonAsync(Ledger(customer.Id),
                new ConsentInput(ConsentPurpose.MarketingEmail, false, ConsentSource.UnsubscribeLink)))
            .ShouldRejectAsync("source", "Validation.Invalid");
        var ledger = await admin.GetFromJsonAsync<ConsentLedgerDto>(Ledger(customer.Id), Json.Options, Ct);
        Assert.Empty(ledger!.History);
    }

    [Fact]
    public async Task A_sales_rep_neither_reads_nor_writes_the_ledger_of_a_customer_outside_their_scope()
    {
        var admin = await app.AdminClientAsync();
        var customer = await CustomerWithAsync(admin, NewEmail());
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        await (await rep.GetAsync(Ledger(customer.Id), Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await rep.PostJsonAsync(Ledger(customer.Id), new ConsentInput(ConsentPurpose.MarketingEmail, true)))
            .ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Marketing_mail_goes_only_where_consent_holds_when_it_is_sent_and_transactional_mail_is_never_stopped()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp", new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null,
            "news@rapport.example.com", "Rapport News"))).ShouldBeAsync(HttpStatusCode.OK);
        string opted = NewEmail(), changedMind = NewEmail(), never = NewEmail();
        var a = await CustomerWithAsync(admin, opted);
        var b = await CustomerWithAsync(admin, changedMind);
        await CustomerWithAsync(admin, never);
        await RecordAsync(admin, a.Id, new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: opted));
        await RecordAsync(admin, b.Id, new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: changedMind));

        var campaign = "Spring offers " + TestData.Unique();
        var toOpted = await app.EnqueueAsync(new OutgoingMail([opted], campaign, "20% off", Purpose: "campaign"));
        var toChangedMind = await app.EnqueueAsync(new OutgoingMail([changedMind], campaign, "20% off", Purpose: "campaign"));
        var toNever = await app.EnqueueAsync(new OutgoingMail([never], campaign, "20% off", Purpose: "campaign"));
        var reply = await app.EnqueueAsync(new OutgoingMail([never], "Re: your order " + TestData.Unique(), "It shipped.", Purpose: "case-reply"));
        // Withdrawn after the campaign was queued, before it went out: the sender asks at sending time.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await RecordAsync(admin, b.Id, new ConsentInput(ConsentPurpose.MarketingEmail, false, Address: changedMind));

        await app.SendDueAsync();

        Assert.Single(receiver.WithId(toOpted.MessageId));
        Assert.Single(receiver.WithId(reply.MessageId));
        Assert.Empty(receiver.WithId(toChangedMind.MessageId));
        Assert.Empty(receiver.WithId(toNever.MessageId));
        Assert.Equal(OutboxState.Sent, (await app.MessageAsync(toOpted.Id)).State);
        Assert.Equal(OutboxState.Sent, (await app.MessageAsync(reply.Id)).State);
        foreach (var stopped in new[] { toChangedMind, toNever })
        {
            var m = await app.MessageAsync(stopped.Id);
            Assert.Equal(OutboxState.Suppressed, m.State);
            Assert.Contains("consent", m.LastError, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(app.Deliveries, d => d.MessageId == toNever.MessageId && d.State == OutboxState.Suppressed);
    }

    [Fact]
    public async Task An_unsubscribe_link_withdraws_the_consent_once_and_a_forged_link_changes_nothing()
    {
        var admin = await app.AdminClientAsync();
        var email = NewEmail();
        var customer = await CustomerWithAsync(admin, email);
        await RecordAsync(admin, customer.Id, new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: email));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var url = new Uri(app.Services.GetRequiredService<IConsentLinks>().UnsubscribeUrl(email, ConsentPurpose.MarketingEmail));
        Assert.DoesNotContain(email, url.ToString(), StringComparison.OrdinalIgnoreCase);
        var visitor = app.CreateClient();

        var page = await visitor.GetStringAsync(url.PathAndQuery, Ct);
        Assert.Contains("c***@example.com", page, StringComparison.Ordinal);
        var ledger = await admin.GetFromJsonAsync<ConsentLedgerDto>(Ledger(customer.Id), Json.Options, Ct);
        Assert.True(Assert.Single(ledger!.Current).Granted);    // looking at the page changes nothing

        // RFC 8058 one-click, as a mail client sends it; then a second click.
        for (var i = 0; i < 2; i++)
        {
            await (await visitor.PostAsync(url.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct))
                .ShouldBeAsync(HttpStatusCode.OK);
        }
        ledger = await admin.GetFromJsonAsync<ConsentLedgerDto>(Ledger(customer.Id), Json.Options, Ct);
        Assert.Equal(2, ledger!.History.Count);
        var now = Assert.Single(ledger.Current);
        Assert.False(now.Granted);
        Assert.Equal(ConsentSource.UnsubscribeLink, now.Source);
        Assert.Contains("One-click", now.Proof, StringComparison.Ordinal);

        var forged = url.PathAndQuery[..^3] + (url.PathAndQuery[^3..] == "AAA" ? "BBB" : "AAA");
        await (await visitor.PostAsync(forged, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct))
            .ShouldBeAsync(HttpStatusCode.NotFound);
        // Nobody on file has this address: the withdrawal is kept all the same, and the gate honours it.
        var stranger = NewEmail();
        var strangerUrl = new Uri(app.Services.GetRequiredService<IConsentLinks>().UnsubscribeUrl(stranger, ConsentPurpose.MarketingEmail));
        await (await visitor.PostAsync(strangerUrl.PathAndQuery, new FormUrlEncodedContent([]), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var refused = await app.WithAsync(sp => sp.GetRequiredService<ConsentGate>().RefusedAsync([stranger, email], ConsentPurpose.MarketingEmail, Ct));
        Assert.Equal(new[] { email, stranger }.Order(StringComparer.Ordinal), refused.Order(StringComparer.Ordinal));
    }
}

public sealed class ConsentOnSqlite(MailSqliteApp app) : ConsentTests(app), IClassFixture<MailSqliteApp>;

public sealed class ConsentOnPostgres(MailPostgresApp app) : ConsentTests(app), IClassFixture<MailPostgresApp>;
