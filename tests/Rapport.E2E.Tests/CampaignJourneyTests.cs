using MimeKit;
using Rapport.Core.Customers;
using Rapport.Core.Mail;
using Rapport.Core.Privacy;
using Rapport.Server.Tests.Mail;

namespace Rapport.E2E.Tests;

/// <summary>The real app with the outbox sending every second, so a campaign's mail reaches the SMTP receiver as it
/// would in production (the campaigns job is woken when the campaign is sent).</summary>
public sealed class CampaignBrowserApp() : BrowserApp(Rapport.Server.Tests.Infrastructure.Provider.Sqlite)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        base.ConfigureMore(builder);
        builder.UseSetting("Mail:SendPollSeconds", "1");
    }
}

/// <summary>A marketer's campaign end to end in the browser: a segment built by a rule, a campaign with two subject
/// lines tested on half the segment, a test send received by a real SMTP server, a recipient following the tracked
/// link in the mail they received, and the results page showing each variant's figures.</summary>
public sealed partial class CampaignJourneyTests(CampaignBrowserApp app) : IClassFixture<CampaignBrowserApp>
{
    [GeneratedRegex("href=\"[^\"]*(/m/c/[A-Za-z0-9_-]+)\"")]
    private static partial Regex ClickLink();

    private static async Task PickAsync(IPage page, string select, string option)
    {
        await page.Locator($"[data-testid={select}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    private static bool To(MimeMessage m, string email) => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_segment_becomes_an_AB_campaign_whose_test_send_arrives_and_whose_tracked_click_shows_in_the_results()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        await using var smtp = SmtpReceiver.Start();
        var tag = "autumn" + stem;
        var emails = new List<string>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            await sp.GetRequiredService<MailService>().SaveSmtpAsync(
                new SmtpSettingsInput("127.0.0.1", smtp.Port, MailSecurity.None, null, null, "news@rapport.example.com", "Rapport News"), Ct);
            for (var i = 0; i < 4; i++)
            {
                var email = $"m{i}.{stem}@example.com";
                var customer = await sp.GetRequiredService<CustomerService>().CreateAsync(new CustomerInput
                {
                    Name = $"Autumn buyer {i} {stem}", Emails = [email], Addresses = [new AddressDto("中国", "上海")], Tags = [tag],
                }, confirmDuplicate: true, Ct);
                await sp.GetRequiredService<ConsentLedger>().RecordAsync(customer.Id, new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: email), Ct);
                emails.Add(email);
            }
        }
        var page = await app.SignInAsync("admin");
        page.SetDefaultTimeout(30_000);

        // 1. A segment: customers carrying the tag (its live size says four).
        var segment = "Autumn buyers " + stem;
        await page.GotoAsync("/marketing/segments/new");
        await Input(page, "segment-name").FillAsync(segment);
        await page.Locator("[data-testid=rule-add-condition]").ClickAsync();
        await PickAsync(page, "rule-field", "Tag");
        await Input(page, "rule-value").FillAsync(tag);
        await Expect(page.Locator("[data-testid=segment-size]")).ToContainTextAsync("4", new() { Timeout = 30_000 });
        await page.Locator("[data-testid=segment-save]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/marketing/segments/[0-9a-f-]{36}$"));

        // 2. A campaign with two subject lines, tested on half of the members.
        await page.GotoAsync("/marketing/campaigns");
        await page.Locator("#new-campaign-name").FillAsync("Autumn " + stem);
        await page.Locator("[data-testid=create-campaign]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/marketing/campaigns/[0-9a-f-]{36}$"));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Content" }).ClickAsync();
        var target = $"{app.BaseUrl}/account/login";
        await page.Locator("#variant-0-subject").FillAsync("Autumn A: new season");
        await page.Locator("#variant-0-text").FillAsync("Hello {{ customer.name }}, see " + target);
        await page.Locator("#variant-0-html").FillAsync($"<p>Hello {{{{ customer.name }}}}</p><p><a href=\"{target}\">Shop now</a></p>");
        await page.Locator("[data-testid=add-variant]").ClickAsync();
        await page.Locator("#variant-1-subject").FillAsync("Autumn B: 20% off");
        await page.Locator("#variant-1-text").FillAsync("Hello {{ customer.name }}, see " + target);
        await page.Locator("#variant-1-html").FillAsync($"<p>Hello {{{{ customer.name }}}}</p><p><a href=\"{target}\">Shop now</a></p>");
        await page.Locator("[data-testid=save-content]").ClickAsync();
        await Expect(page.GetByText("Saved")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "A/B test" }).ClickAsync();
        await page.GetByLabel("Test share (%)").FillAsync("50");
        await page.Locator("[data-testid=save-ab]").ClickAsync();
        await Expect(page.GetByText("Saved").First).ToBeVisibleAsync();

        // 3. Members from the segment.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await PickAsync(page, "member-segment", segment);
        await page.Locator("[data-testid=add-segment]").ClickAsync();
        await Expect(page.Locator("[data-testid=member-table] tbody tr")).ToHaveCountAsync(4);

        // 4. A test send reaches the SMTP receiver.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Send" }).ClickAsync();
        var tester = $"tester.{stem}@example.com";
        await page.Locator("#test-send-to").FillAsync(tester);
        await page.Locator("[data-testid=test-send]").ClickAsync();
        await smtp.WaitUntilAsync(() => smtp.Received.Any(m => To(m, tester)));
        Assert.StartsWith("[Test] Autumn A", smtp.Received.First(m => To(m, tester)).Subject, StringComparison.Ordinal);

        // 5. Sent: the job queues the test half, one member per variant, and the outbox delivers it.
        await page.Locator("[data-testid=send-campaign]").ClickAsync();
        await smtp.WaitUntilAsync(() => smtp.Received.Count(m => emails.Any(e => To(m, e))) == 2);
        await Expect(page.Locator("[data-testid=campaign-status]")).ToHaveTextAsync("Running");

        // 6. A recipient follows the tracked link in the mail they received.
        var mail = smtp.Received.First(m => emails.Any(e => To(m, e)));
        var variant = mail.Subject.StartsWith("Autumn A", StringComparison.Ordinal) ? "A" : "B";
        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await visitor.GotoAsync(ClickLink().Match(mail.HtmlBody ?? "").Groups[1].Value);
        await visitor.WaitForURLAsync(new Regex("/account/login"));

        // 7. The results show the variants' figures: one recipient each, the click on the one that was followed.
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Results" }).ClickAsync();
        var results = page.Locator("[data-testid=variant-results]");
        await Expect(results).ToContainTextAsync("Autumn B: 20% off");
        await Expect(page.Locator($"[data-testid=clicked-{variant}]")).ToContainTextAsync("1 (100");
        await Expect(page.Locator($"[data-testid=clicked-{(variant == "A" ? "B" : "A")}]")).ToContainTextAsync("0 (0");
        await BrowserApp.ScreenshotAsync(page, "campaign-results");
    }
}
