using MimeKit;
using Rapport.Server.Tests.Mail;

namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>Cases by email against a real SMTP receiver and a real dovecot: a public reply reaches the customer tagged
/// with the case number and shows as sent; the customer's answer threads back into the case and moves it out of
/// pending; mail from a known contact without a case opens one; an auto-reply changes nothing.</summary>
public abstract class CaseMailTests(MailApp app)
{
    private const string Cases = "/api/v1/cases";
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<(HttpClient Admin, CaseDto Case, string Email)> CaseAsync()
    {
        var admin = await app.AdminClientAsync();
        var email = $"ana.{Unique()}@example.com";
        var customer = await admin.CreateAsync(CustomerSamples.Valid(email: email));
        var response = await admin.PostJsonAsync(Cases, new CaseInput(customer.Id, "Printer jams " + Unique(), null, CaseType.Incident, CaseChannel.Phone,
            CasePriority.Normal));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return (admin, await response.ReadAsync<CaseDto>(), email);
    }

    private static async Task<List<CaseMessageDto>> MessagesAsync(HttpClient admin, Guid caseId) =>
        [.. (await (await admin.GetAsync($"{Cases}/{caseId}/messages", Ct)).ReadAsync<Page<CaseMessageDto>>()).Items];

    private async Task<(Guid Id, string Folder)> MailboxAsync(HttpClient admin)
    {
        var folder = await ImapServer.NewFolderAsync();
        var (host, port, user, password) = ImapServer.Address;
        var created = await (await admin.PostJsonAsync("/api/v1/admin/mailboxes", new MailboxInput("Cases " + folder, host, port, MailSecurity.None,
            user, password, folder, Purpose: CaseMailHandler.MailboxPurpose))).ReadAsync<MailboxDto>();
        return (created.Id, folder);
    }

    private static async Task<MailboxPollResult> PollAsync(HttpClient admin, Guid box)
    {
        var result = await (await admin.PostAsync($"/api/v1/admin/mailboxes/{box}/poll", null, Ct)).ReadAsync<MailboxPollResult>();
        Assert.Null(result.Error);
        return result;
    }

    private static MimeMessage Mail(string from, string subject, string text)
    {
        var m = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com") };
        m.From.Add(MailboxAddress.Parse(from));
        m.To.Add(MailboxAddress.Parse("desk@rapport.example.com"));
        m.Body = new TextPart("plain") { Text = text };
        return m;
    }

    [Fact]
    public async Task A_public_reply_reaches_the_customer_tagged_with_the_case_number_and_shows_as_sent()
    {
        await using var receiver = SmtpReceiver.Start();
        var (admin, c, email) = await CaseAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp", new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null,
            "desk@rapport.example.com", "Rapport Desk"))).ShouldBeAsync(HttpStatusCode.OK);

        var posted = await admin.PostJsonAsync($"{Cases}/{c.Id}/messages", new CaseMessageInput(CaseMessageKind.PublicReply, "A technician comes tomorrow."));
        await posted.ShouldBeAsync(HttpStatusCode.Created);
        var reply = await posted.ReadAsync<CaseMessageDto>();
        Assert.Equal(DeliveryState.Queued, reply.DeliveryState);
        await app.SendDueAsync();

        var got = Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Equal($"[#{c.Number}] {c.Subject}", got.Subject);
        Assert.Equal(c.Number, MailThreading.TokenFromHeaders(got.MessageId, null));
        Assert.Contains("A technician comes tomorrow.", got.TextBody, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Sent, (await MessagesAsync(admin, c.Id)).Single(m => m.Id == reply.Id).DeliveryState);
    }

    [Fact]
    public async Task An_emailed_answer_threads_into_its_case_with_its_allowed_files_and_moves_a_pending_case_back_to_open()
    {
        var (admin, c, email) = await CaseAsync();
        await admin.PostJsonAsync($"{Cases}/{c.Id}/open", new { });
        await (await admin.PostJsonAsync($"{Cases}/{c.Id}/wait", new { })).ShouldBeAsync(HttpStatusCode.OK);
        var (box, folder) = await MailboxAsync(admin);
        var byHeader = Mail(email.ToUpperInvariant(), "Re: your case", "It jams again.");
        byHeader.InReplyTo = MailThreading.NewMessageId(c.Number);
        var withFile = new BodyBuilder { TextBody = "Photo attached." };
        withFile.Attachments.Add("jam.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], new ContentType("image", "png"));
        withFile.Attachments.Add("fix.exe", Encoding.ASCII.GetBytes("MZ"), new ContentType("application", "x-msdownload"));
        var bySubject = Mail(email, $"AW: [#{c.Number}] {c.Subject}", "");
        bySubject.Body = withFile.ToMessageBody();
        await ImapServer.AppendAsync(folder, byHeader, bySubject);

        Assert.Equal(2, (await PollAsync(admin, box)).Processed);

        var status = (await (await admin.GetAsync($"{Cases}/{c.Id}", Ct)).ReadAsync<CaseDto>()).Status;
        Assert.Equal(CaseStatus.Open, status);
        var messages = await MessagesAsync(admin, c.Id);
        Assert.All(messages, m => Assert.Equal((CaseMessageKind.CustomerMessage, email), (m.Kind, m.FromAddress)));
        Assert.Equal(["Photo attached.", "It jams again."], messages.Select(m => m.Body));
        // The file the attachment store refuses is left out; the message and the other file are kept.
        Assert.Equal("jam.png", Assert.Single(messages[0].Attachments).FileName);
    }

    [Fact]
    public async Task Mail_from_a_known_contact_without_a_case_opens_one_and_mail_from_a_stranger_is_left_alone()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contactEmail = $"bo.{Unique()}@example.com";
        var contact = await (await admin.PostJsonAsync($"/api/v1/customers/{customer.Id}/contacts",
            new ContactInput { Name = "Bo Chen", Emails = [contactEmail] })).ReadAsync<ContactDto>();
        var (box, folder) = await MailboxAsync(admin);
        var subject = "Invoice question " + Unique();
        await ImapServer.AppendAsync(folder, Mail($"Bo Chen <{contactEmail}>", subject, "Why two invoices?"),
            Mail($"stranger.{Unique()}@example.com", "Hello", "Who are you?"));

        var poll = await PollAsync(admin, box);

        Assert.Equal((1, 1), (poll.Processed, poll.Ignored));
        var page = await (await admin.GetAsync($"{Cases}?customerId={customer.Id}&sort=created", Ct)).ReadAsync<Page<CaseListItem>>();
        var opened = Assert.Single(page.Items);
        var c = await (await admin.GetAsync($"{Cases}/{opened.Id}", Ct)).ReadAsync<CaseDto>();
        Assert.Equal((subject, CaseChannel.Email, contact.Id, CaseStatus.New), (c.Subject, c.Channel, c.ContactId, c.Status));
        var message = Assert.Single(await MessagesAsync(admin, c.Id));
        Assert.Equal((CaseMessageKind.CustomerMessage, "Why two invoices?", contactEmail), (message.Kind, message.Body, message.FromAddress));
    }

    [Fact]
    public async Task A_case_opened_by_email_runs_its_SLA_and_the_customers_emailed_answer_credits_the_wait_to_its_resolution_due_time()
    {
        var admin = await app.AdminClientAsync();
        // Around the clock, so due times are plain arithmetic: 1 h to the first response, 4 h to the resolution.
        var calendars = await (await admin.GetAsync("/api/v1/sla/calendars", Ct)).ReadAsync<List<BusinessCalendarDto>>();
        var policies = await (await admin.GetAsync("/api/v1/sla/policies", Ct)).ReadAsync<List<SlaPolicyDto>>();
        if (!policies.Any(p => p.Name == "Mail SLA"))
            await (await admin.PostJsonAsync("/api/v1/sla/policies", new SlaPolicyInput("Mail SLA",
                calendars.Single(c => c.Name == BusinessCalendarService.AroundTheClockName).Id, true, [new SlaTarget(CasePriority.Normal, null, null, 60, null, 240)], []))).ShouldBeAsync(HttpStatusCode.Created);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var email = $"li.{Unique()}@example.com";
        await (await admin.PostJsonAsync($"/api/v1/customers/{customer.Id}/contacts", new ContactInput { Name = "Li Wei", Emails = [email] })).ShouldBeAsync(HttpStatusCode.Created);
        var (box, folder) = await MailboxAsync(admin);
        await ImapServer.AppendAsync(folder, Mail(email, "Broken hinge " + Unique(), "The door hinge broke."));
        await PollAsync(admin, box);
        var opened = Assert.Single((await (await admin.GetAsync($"{Cases}?customerId={customer.Id}", Ct)).ReadAsync<Page<CaseListItem>>()).Items);
        var c = await (await admin.GetAsync($"{Cases}/{opened.Id}", Ct)).ReadAsync<CaseDto>();

        Assert.Equal((c.CreatedAt.AddHours(1), c.CreatedAt.AddHours(4)), (c.FirstResponseDueAt, c.ResolutionDueAt));

        // It waits on the customer for three hours; their emailed answer opens it with the due time three hours later.
        await (await admin.PostJsonAsync($"{Cases}/{c.Id}/wait", new { })).ShouldBeAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(3));
        admin = await app.AdminClientAsync();
        await ImapServer.AppendAsync(folder, Mail(email, $"Re: [#{c.Number}] {c.Subject}", "Here is a photo of it."));
        await PollAsync(admin, box);

        var answered = await (await admin.GetAsync($"{Cases}/{c.Id}", Ct)).ReadAsync<CaseDto>();
        Assert.Equal((CaseStatus.Open, c.ResolutionDueAt!.Value.AddHours(3)), (answered.Status, answered.ResolutionDueAt));
    }

    [Fact]
    public async Task An_auto_reply_to_a_case_changes_nothing()
    {
        var (admin, c, email) = await CaseAsync();
        await (await admin.PostJsonAsync($"{Cases}/{c.Id}/wait", new { })).ShouldBeAsync(HttpStatusCode.OK);
        var (box, folder) = await MailboxAsync(admin);
        var away = Mail(email, $"Out of office: [#{c.Number}] {c.Subject}", "I am away until Monday.");
        away.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        await ImapServer.AppendAsync(folder, away);

        Assert.Equal(1, (await PollAsync(admin, box)).Ignored);

        Assert.Equal(CaseStatus.PendingCustomer, (await (await admin.GetAsync($"{Cases}/{c.Id}", Ct)).ReadAsync<CaseDto>()).Status);
        Assert.Empty(await MessagesAsync(admin, c.Id));
    }

    [Fact]
    public async Task A_public_reply_answers_the_customers_latest_email_so_their_mail_client_threads_it()
    {
        var (admin, c, email) = await CaseAsync();
        var before = await ReplyAsync(admin, c.Id, "We are looking into it.");
        var (box, folder) = await MailboxAsync(admin);
        var first = Mail(email, $"[#{c.Number}] {c.Subject}", "It jams.");
        var latest = Mail(email, $"Re: [#{c.Number}] {c.Subject}", "It jams again.");
        await ImapServer.AppendAsync(folder, first, latest);
        Assert.Equal(2, (await PollAsync(admin, box)).Processed);

        var after = await ReplyAsync(admin, c.Id, "A technician comes tomorrow.");

        Assert.Equal((null, null), (before.InReplyTo, before.References));
        Assert.Equal((latest.MessageId, latest.MessageId), (after.InReplyTo, after.References));
    }

    /// <summary>Posts a public reply and answers the outbox message it queued.</summary>
    private async Task<OutboxMessage> ReplyAsync(HttpClient admin, Guid caseId, string text)
    {
        var reply = await (await admin.PostJsonAsync($"{Cases}/{caseId}/messages", new CaseMessageInput(CaseMessageKind.PublicReply, text))).ReadAsync<CaseMessageDto>();
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Rapport.Core.Data.RapportDbContext>().OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.Correlation == CaseMailReplySender.CorrelationOf(reply.Id), Ct);
    }
}

public sealed class CaseMailOnSqlite(MailSqliteApp app) : CaseMailTests(app), IClassFixture<MailSqliteApp>;

public sealed class CaseMailOnPostgres(MailPostgresApp app) : CaseMailTests(app), IClassFixture<MailPostgresApp>;
