using Rapport.Core.Knowledge;
using Rapport.Core.ServiceDesk;

namespace Rapport.E2E.Tests;

/// <summary>A customer reaches the desk in the browser, with no account: asks a question on the public case form,
/// sees the article the knowledge base suggests, files the case anyway, and follows it through the emailed portal link.</summary>
public sealed partial class CasePortalTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [GeneratedRegex(@"https?://\S+/portal/[A-Za-z0-9_-]+")]
    private static partial Regex PortalLink();

    [Fact]
    public async Task A_visitor_asks_first_files_the_case_anyway_and_follows_it_on_the_portal()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var articles = scope.ServiceProvider.GetRequiredService<ArticleService>();
            var a = await articles.CreateAsync(new ArticleInput
            {
                Title = $"Printer jams every morning {stem}", Body = "Clean the **paper rollers** with a dry cloth.", Language = "en",
                Visibility = ArticleVisibility.Public,
            }, CancellationToken.None);
            await articles.PublishAsync(a.Id, null, CancellationToken.None);
            token = (await scope.ServiceProvider.GetRequiredService<CaseFormService>().CreateAsync(new CaseFormInput($"Support {stem}"), CancellationToken.None)).Token;
        }

        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "en-US" })).NewPageAsync();
        await visitor.GotoAsync($"/support/{token}");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = $"Support {stem}", Level = 1 })).ToBeVisibleAsync();
        await visitor.Locator("[data-testid=support-subject]").FillAsync($"My printer jams {stem}");
        await visitor.Locator("[data-testid=support-description]").FillAsync("The printer jams every morning.");
        await visitor.Locator("[data-testid=support-ask]").ClickAsync();

        var answers = visitor.Locator("[data-testid=support-answers]");
        await Expect(answers.GetByRole(AriaRole.Link).First).ToHaveTextAsync($"Printer jams every morning {stem}");
        await Expect(visitor.Locator("[data-testid=support-subject]")).ToHaveValueAsync($"My printer jams {stem}");
        await BrowserApp.ScreenshotAsync(visitor, "50-case-form-answers");

        var email = $"visitor.{stem}@example.com";
        await visitor.Locator("[data-testid=support-name]").FillAsync("Ana Visitor");
        await visitor.Locator("[data-testid=support-email]").FillAsync(email);
        await visitor.Locator("[data-testid=support-country]").FillAsync("China");
        await visitor.Locator("[data-testid=support-city]").FillAsync("Shanghai");
        await visitor.Locator("[data-testid=support-submit]").ClickAsync();
        await Expect(visitor.Locator("[data-testid=case-filed]")).ToContainTextAsync("Your case number is");

        string link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var mail = await scope.ServiceProvider.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.To.Contains(email) && m.Purpose == CasePortalService.MailPurpose).SingleAsync(TestContext.Current.CancellationToken);
            link = PortalLink().Match(mail.TextBody).Value;
        }
        Assert.StartsWith(app.BaseUrl.TrimEnd('/'), link, StringComparison.Ordinal);

        await visitor.GotoAsync(link);
        await Expect(visitor.Locator("[data-testid=portal-status]")).ToHaveTextAsync("New");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"My printer jams {stem}");
        await BrowserApp.ScreenshotAsync(visitor, "51-case-portal");
        await visitor.Context.CloseAsync();
    }
}
