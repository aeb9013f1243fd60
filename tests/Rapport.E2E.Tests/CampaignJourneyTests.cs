using MimeKit;
using Rapport.Core.Customers;
using Rapport.Core.Mail;
using Rapport.Core.Privacy;
using Rapport.Server.Tests.Mail;

namespace Rapport.E2E.Tests;

/// <summary>A marketer's campaign end to end in the browser: a segment built by one rule in the builder (its live size
/// shown), an email campaign filled from it and sent, the mail arriving at a real SMTP server (the campaigns job queues
/// it, the outbox sends every second), one recipient following the tracked link in their mail, and the results page
/// showing who was sent the mail and who clicked.</summary>
public sealed partial class CampaignJourneyTests(DeskBrowserApp app) : IClassFixture<DeskBrowserApp>
{
    [GeneratedRegex("href=\"[^\"]*(/m/c/[A-Za-z0-9_-]+)\"")]
    private static partial Regex ClickLink();

    /// <summary>Opens a MudSelect and picks the option whose whole text is <paramref name="option"/> ("Tag", not
    /// "Lifecycle stage", which also holds "tag").</summary>
    private static async Task PickAsync(ILocator select, IPage page, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).First.ClickAsync();
    }

    private static bool To(MimeMessage m, string email) => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_segment_built_in_the_browser_becomes_a_sent_campaign_whose_tracked_click_shows_in_the_results()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        await using var smtp = SmtpReceiver.Start();
        var tag = "autumn" + stem;
        var emails = new List<string>();
        var marketer = "marketer" + stem;
        await Seed.UserAsync(app, marketer, Rapport.Core.Common.Roles.MarketingSpecialist, null);
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
        var page = await app.SignInAsync(marketer);
        page.SetDefaultTimeout(30_000);

        // 1. A segment of one rule, "tag has autumn…", in the builder; its live size says four.
        var segment = "Autumn buyers " + stem;
        await page.GotoAsync("/marketing/segments/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(segment);
        var condition = page.Locator("[data-testid=rule-condition-0]");
        await PickAsync(condition.Locator("[data-testid=rule-field]"), page, "Tag");
        // The value is a text box only once the server has re-rendered the condition for a tag (a tier's value is a
        // list, a combobox with the same label): wait for the text box by its role, not for the first "Value".
        await condition.GetByRole(AriaRole.Textbox, new() { Name = "Value", Exact = true }).FillAsync(tag);
        await Expect(page.Locator("[data-testid=segment-size]")).ToHaveTextAsync("4 customers", new() { Timeout = 30_000 });
        await page.Locator("[data-testid=segment-save]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/marketing/segments/[0-9a-f-]{36}$"));

        // 2. An email campaign with one message, its members from the segment.
        await page.GotoAsync("/marketing/campaigns");
        await page.Locator("#new-campaign-name").FillAsync("Autumn " + stem);
        await page.Locator("[data-testid=create-campaign]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/marketing/campaigns/[0-9a-f-]{36}$"));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Content" }).ClickAsync();
        var target = $"{app.BaseUrl}/account/login";
        await page.Locator("#variant-0-subject").FillAsync("Autumn: new season");
        await page.Locator("#variant-0-text").FillAsync("Hello {{ customer.name }}, see " + target);
        await page.Locator("#variant-0-html").FillAsync($"<p>Hello {{{{ customer.name }}}}</p><p><a href=\"{target}\">Shop now</a></p>");
        await page.Locator("[data-testid=save-content]").ClickAsync();
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await PickAsync(page.Locator("[data-testid=member-segment]"), page, segment);
        await page.Locator("[data-testid=add-segment]").ClickAsync();
        await Expect(page.Locator("[data-testid=member-table] tbody tr")).ToHaveCountAsync(4);

        // 3. Sent: the job queues every member's message and the outbox delivers them.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Send" }).ClickAsync();
        await page.Locator("[data-testid=send-campaign]").ClickAsync();
        await smtp.WaitUntilAsync(() => emails.All(e => smtp.Received.Any(m => To(m, e))));
        Assert.Equal(4, smtp.Received.Count(m => emails.Any(e => To(m, e))));
        await Expect(page.Locator("[data-testid=campaign-status]")).ToHaveTextAsync("Running");

        // 4. A recipient follows the tracked link in the mail they received, and lands on the link's page.
        var mail = smtp.Received.First(m => To(m, emails[2]));
        Assert.Equal("Autumn: new season", mail.Subject);
        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await visitor.GotoAsync(ClickLink().Match(mail.HtmlBody ?? "").Groups[1].Value);
        await visitor.WaitForURLAsync(new Regex("/account/login"));

        // 5. The results: four recipients, one click (25 %).
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Results" }).ClickAsync();
        await Expect(page.Locator("[data-testid=recipients-A]")).ToHaveTextAsync("4");
        await Expect(page.Locator("[data-testid=clicked-A]")).ToContainTextAsync("1 (25");
        await BrowserApp.ScreenshotAsync(page, "campaign-results");
    }
}
