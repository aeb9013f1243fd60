using Rapport.Core.Knowledge;

namespace Rapport.E2E.Tests;

/// <summary>The public help centre in the browser, with no account: a visitor asks a question, gets the article
/// that answers it, opens it and says it helped.</summary>
public sealed class HelpCentreTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task A_visitor_asks_a_question_and_opens_the_suggested_article()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var articles = scope.ServiceProvider.GetRequiredService<ArticleService>();
            foreach (var (title, body) in new[]
            {
                ($"Reset your password {stem}", "On the sign-in page choose **Forgot password** and follow the link in the e-mail."),
                ($"Download your invoices {stem}", "Invoices are under *Billing*, as PDF files."),
            })
            {
                var a = await articles.CreateAsync(new ArticleInput { Title = title, Body = body, Language = "en", Visibility = ArticleVisibility.Public },
                    CancellationToken.None);
                await articles.PublishAsync(a.Id, null, CancellationToken.None);
            }
        }

        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "en-US" })).NewPageAsync();
        await visitor.GotoAsync("/help");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Help centre", Level = 1 })).ToBeVisibleAsync();
        await visitor.GetByRole(AriaRole.Textbox, new() { Name = "Ask a question" }).FillAsync("I forgot my password, how can I reset it?");
        await visitor.Locator("[data-testid=help-ask-submit]").ClickAsync();

        var answers = visitor.Locator("[data-testid=help-answers]");
        await Expect(answers.GetByRole(AriaRole.Link).First).ToHaveTextAsync($"Reset your password {stem}");
        await BrowserApp.ScreenshotAsync(visitor, "40-help-centre-answers");
        await answers.GetByRole(AriaRole.Link).First.ClickAsync();

        await visitor.WaitForURLAsync(new Regex("/help/reset-your-password-"));
        await Expect(visitor.Locator("[data-testid=help-body] strong")).ToHaveTextAsync("Forgot password");
        await visitor.Locator("[data-testid=help-yes]").ClickAsync();
        await Expect(visitor.Locator("[data-testid=help-thanks]")).ToBeVisibleAsync();

        // The language switch turns the page Chinese (the article has no Chinese version, so it stays English).
        await visitor.Locator("[data-testid=help-lang-zh-CN]").ClickAsync();
        await Expect(visitor.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "← 帮助中心" })).ToBeVisibleAsync();
        await visitor.Context.CloseAsync();

        await using var check = app.Services.CreateAsyncScope();
        var found = await check.ServiceProvider.GetRequiredService<ArticleService>().HelpGetAsync($"reset-your-password-{stem}", "en", countView: false, CancellationToken.None);
        Assert.Equal(1, found!.HelpfulCount);
    }

    [Fact]
    public async Task An_agent_writes_publishes_and_translates_an_article()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/kb");
        await page.Locator("[data-testid=new-article]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/kb/new"));
        await page.Locator("#article-title").FillAsync($"Printing labels {stem}");
        await page.Locator("#article-body").FillAsync("Choose **Print** and <script>alert(1)</script> the label.");
        await Expect(page.Locator("[data-testid=article-preview] strong")).ToHaveTextAsync("Print");
        await Expect(page.Locator("[data-testid=article-preview] script")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=save-article]").ClickAsync();

        await page.WaitForURLAsync(new Regex("/kb/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-testid=article-status]")).ToHaveTextAsync("Draft");
        await page.Locator("[data-testid=publish-article]").ClickAsync();
        await Expect(page.Locator("[data-testid=article-status]")).ToHaveTextAsync("Published");
        await BrowserApp.ScreenshotAsync(page, "41-article-editor");

        await page.Locator("[data-testid=create-translation]").ClickAsync();
        await Expect(page.Locator("[data-testid=open-translation]")).ToContainTextAsync("English");
        await Expect(page.Locator("[data-testid=article-status]")).ToHaveTextAsync("Draft");

        await page.GotoAsync("/kb");
        await Expect(page.Locator("[data-testid=article-table] tbody tr", new() { HasText = $"Printing labels {stem}" })).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }
}
