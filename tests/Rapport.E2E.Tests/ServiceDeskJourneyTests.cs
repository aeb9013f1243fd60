using MimeKit;
using Rapport.Core.Knowledge;
using Rapport.Core.Mail;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Tests.Mail;

namespace Rapport.E2E.Tests;

/// <summary>The real app with its mail jobs running often: the outbox sends every second and the IMAP poller reads
/// every five, so a case's mail goes out and comes back the way it does in production.</summary>
public sealed class DeskBrowserApp() : BrowserApp(Rapport.Server.Tests.Infrastructure.Provider.Sqlite)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        base.ConfigureMore(builder);
        builder.UseSetting("Mail:SendPollSeconds", "1");
        builder.UseSetting("Mail:ImapPollSeconds", "5");
    }
}

/// <summary>One case from first contact to the customer seeing it solved, through every real piece on the way: a visitor
/// files it on the public form, an assignment rule hands it to the queue's agent, the agent answers with the article
/// the knowledge base suggests (mailed through a real SMTP server), the customer's emailed answer comes back through a
/// real IMAP server into the conversation, the agent resolves it, and the customer's portal link shows it resolved.</summary>
public sealed partial class ServiceDeskJourneyTests(DeskBrowserApp app) : IClassFixture<DeskBrowserApp>
{
    [GeneratedRegex(@"https?://\S+/portal/[A-Za-z0-9_-]+")]
    private static partial Regex PortalLink();

    [Fact]
    public async Task A_case_goes_from_the_public_form_to_resolved_by_mail_and_the_customer_sees_it_on_the_portal()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var ct = Ct;
        await using var smtp = SmtpReceiver.Start();
        var folder = await ImapServer.NewFolderAsync();

        // The desk: a queue with one agent, a rule that routes printer cases to it in turn, a public article, the
        // company's SMTP server, a mailbox for case mail, and a public case form.
        var queue = await Seed.TeamAsync(app, "Printers " + stem);
        var agent = "agent" + stem;
        await Seed.UserAsync(app, agent, Rapport.Core.Common.Roles.ServiceAgent, queue);
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            await sp.GetRequiredService<AssignmentRuleService>().CreateAsync(
                new AssignmentRuleInput("Printers " + stem, queue, AssignmentMethod.RoundRobin, Keywords: ["printer" + stem]), ct);
            var articles = sp.GetRequiredService<ArticleService>();
            var article = await articles.CreateAsync(new ArticleInput
            {
                Title = $"Printer jams every morning {stem}", Summary = "Clean the paper rollers.",
                Body = "Clean the **paper rollers** with a dry cloth.", Language = "en", Visibility = ArticleVisibility.Public,
            }, ct);
            await articles.PublishAsync(article.Id, null, ct);
            await sp.GetRequiredService<MailService>().SaveSmtpAsync(
                new SmtpSettingsInput("127.0.0.1", smtp.Port, MailSecurity.None, null, null, "desk@rapport.example.com", "Rapport Desk"), ct);
            var (host, port, user, password) = ImapServer.Address;
            await sp.GetRequiredService<MailboxService>().CreateAsync(new MailboxInput("Desk " + stem, host, port, MailSecurity.None, user, password, folder,
                Purpose: CaseMailHandler.MailboxPurpose), ct);
            token = (await sp.GetRequiredService<CaseFormService>().CreateAsync(new CaseFormInput($"Support {stem}"), ct)).Token;
        }

        // 1. A visitor files the case on the public form.
        var email = $"mei.{stem}@example.com";
        var subject = $"Our printer{stem} jams";
        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "en-US" })).NewPageAsync();
        visitor.SetDefaultTimeout(30_000);
        await visitor.GotoAsync($"/support/{token}");
        await visitor.Locator("[data-testid=support-subject]").FillAsync(subject);
        await visitor.Locator("[data-testid=support-description]").FillAsync("It jams every morning when we switch it on.");
        await visitor.Locator("[data-testid=support-name]").FillAsync("Mei Lin");
        await visitor.Locator("[data-testid=support-email]").FillAsync(email);
        await visitor.Locator("[data-testid=support-country]").FillAsync("China");
        await visitor.Locator("[data-testid=support-city]").FillAsync("Hangzhou");
        await visitor.Locator("[data-testid=support-submit]").ClickAsync();
        await Expect(visitor.Locator("[data-testid=case-filed]")).ToContainTextAsync("Your case number is");

        // The confirmation with the portal link reaches the visitor through the SMTP server.
        await smtp.WaitUntilAsync(() => smtp.Received.Any(m => To(m, email) && PortalLink().IsMatch(m.TextBody ?? "")));
        var portal = PortalLink().Match(smtp.Received.First(m => To(m, email) && PortalLink().IsMatch(m.TextBody ?? "")).TextBody ?? "").Value;

        // 2. The rule gave it to the queue's agent: it is in their own list.
        var page = await app.SignInAsync(agent);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/cases");
        var row = page.Locator("[data-testid=case-table] tbody tr", new() { HasText = subject });
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(subject);
        await Expect(page.Locator("[data-testid=case-owner]")).ToHaveTextAsync(agent);

        // 3. The article the knowledge base suggests goes into the reply with one click, and the reply is mailed.
        var suggestion = page.Locator("[data-testid=composer-suggestions] [data-testid=suggestion]", new() { HasText = $"Printer jams every morning {stem}" });
        await suggestion.Locator("[data-testid=insert-suggestion]").ClickAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#case-reply-body")).ToHaveValueAsync(new Regex("/help/"));
        await page.Locator("[data-testid=send-message]").ClickAsync();
        await Expect(page.Locator("[data-testid=conversation] [data-testid=message][data-kind=PublicReply]")).ToHaveCountAsync(1);
        await smtp.WaitUntilAsync(() => smtp.Received.Any(m => To(m, email) && (m.TextBody ?? "").Contains("/help/", StringComparison.Ordinal)));
        var reply = smtp.Received.First(m => To(m, email) && (m.TextBody ?? "").Contains("/help/", StringComparison.Ordinal));
        Assert.Contains(subject, reply.Subject, StringComparison.Ordinal);

        // 4. The customer answers from their mail client; the poller brings the answer into the case's conversation.
        var answer = new MimeMessage { Subject = "Re: " + reply.Subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com"), InReplyTo = reply.MessageId };
        answer.From.Add(new MailboxAddress("Mei Lin", email));
        answer.To.Add(MailboxAddress.Parse("desk@rapport.example.com"));
        answer.Body = new TextPart("plain") { Text = $"Cleaning the rollers fixed it {stem}, thank you." };
        await ImapServer.AppendAsync(folder, answer);
        await WaitForCustomerMessageAsync(stem);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=conversation] [data-testid=message][data-kind=CustomerMessage]")).ToContainTextAsync($"fixed it {stem}");
        await BrowserApp.ScreenshotAsync(page, "55-case-journey-conversation");

        // 5. The agent resolves the case.
        await page.Locator("[data-testid=case-actions]").GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await BrowserApp.AnswerPromptAsync(page, "Rollers cleaned");
        await Expect(page.Locator("[data-testid=case-status]").First).ToHaveTextAsync("Resolved");

        // 6. The customer's portal link shows the case resolved, with the whole public conversation.
        Assert.StartsWith(app.BaseUrl.TrimEnd('/'), portal, StringComparison.Ordinal);
        await visitor.GotoAsync(portal);
        await Expect(visitor.Locator("[data-testid=portal-status]")).ToHaveTextAsync("Resolved");
        await Expect(visitor.GetByText($"Cleaning the rollers fixed it {stem}, thank you.")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(visitor, "56-case-journey-portal");
        await visitor.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    private static bool To(MimeMessage m, string email) => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>Waits (up to two minutes, checking every half second) until the poller has threaded the customer's answer
    /// into a case: the agent's page shows it after a reload, as it would for a real agent.</summary>
    private async Task WaitForCustomerMessageAsync(string stem)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                if (await db.Set<CaseMessage>().AsNoTracking().AnyAsync(m => m.Kind == CaseMessageKind.CustomerMessage && m.Body.Contains(stem), Ct))
                    return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The customer's emailed answer did not reach the case within two minutes.");
            await Task.Delay(500, Ct);
        }
    }
}
