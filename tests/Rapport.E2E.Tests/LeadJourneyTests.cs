namespace Rapport.E2E.Tests;

/// <summary>Lead to customer in the browser: a visitor fills in the company's web form, the lead lands with the
/// right sales rep by the assignment rules, and the rep works it and converts it into a customer.</summary>
public sealed class LeadJourneyTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task Web_form_lead_is_auto_assigned_worked_and_converted_into_a_customer()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var (rep, token) = await Seed.InboundAsync(app, stem);
        var company = "星辰智造" + stem;

        // A visitor with no account, in Chinese.
        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "zh-CN" })).NewPageAsync();
        await visitor.GotoAsync($"/forms/{token}");
        await visitor.GetByLabel("您的姓名").FillAsync("韩梅梅");
        await visitor.GetByLabel("公司").FillAsync(company);
        await visitor.GetByLabel("电子邮箱").FillAsync($"mei{stem}@example.cn");
        await visitor.GetByLabel("国家/地区").FillAsync("中国");
        await visitor.GetByLabel("城市").FillAsync("深圳");
        await BrowserApp.ScreenshotAsync(visitor, "10-web-form-zh-CN");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(visitor.Locator("main")).ToContainTextAsync("谢谢");
        await visitor.Context.CloseAsync();

        // The rep finds it in their list, already theirs.
        var page = await app.SignInAsync(rep);
        await page.GotoAsync("/leads");
        var row = page.Locator("[data-testid=lead-table] tbody tr", new() { HasText = company });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("New");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("[data-testid=lead-title]")).ToHaveTextAsync("韩梅梅");
        await Expect(page.Locator("[data-testid=score-breakdown]")).ToContainTextAsync("Source: Website");
        await Expect(page.Locator(".facts")).ToContainTextAsync(rep);

        // Work it: a call moves it to Contacted and shows on its activities.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Activities" }).ClickAsync();
        await page.Locator("#lead-activity-subject").FillAsync("首次电话沟通");
        await page.Locator("[data-testid=log-lead-activity]").ClickAsync();
        await Expect(page.Locator("[data-testid=lead-activities]")).ToContainTextAsync("首次电话沟通");
        await Expect(page.Locator("[data-testid=lead-status]").First).ToHaveTextAsync("Contacted");
        await BrowserApp.ScreenshotAsync(page, "11-lead-detail");

        // Convert: the customer carries the company, the person becomes its contact, the call moves to its timeline.
        await page.Locator("[data-testid=convert-lead]").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).Locator("[data-testid=confirm-convert]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/customers/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-testid=customer-title]")).ToHaveTextAsync(company);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        await Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("首次电话沟通");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Contacts" }).ClickAsync();
        await Expect(page.GetByText("韩梅梅")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
