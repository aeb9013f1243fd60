using Rapport.Core.Operations;

namespace Rapport.E2E.Tests;

/// <summary>The operator's pages in the browser: a setting changed and found again in its history and the audit log,
/// the chain verified, the system page read — on a phone, in dark mode and in Chinese too.</summary>
public sealed class SystemAdminTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task An_administrator_changes_a_setting_and_sees_its_history()
    {
        var name = "Harbor Trading " + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/admin/company");
        await page.GetByLabel("Legal name").FillAsync(name);
        await page.Locator("[data-testid=company-save]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");

        await page.GotoAsync("/admin/settings");
        await page.Locator("[data-section=company] .mud-expand-panel-header").ClickAsync();
        var change = page.Locator("[data-section=company] [data-testid=settings-change]").First;
        await Expect(change).ToContainTextAsync(name);
        await Expect(change.Locator("tr[data-field=legalName]")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "40-settings-history");

        await page.GotoAsync("/admin/audit");
        await page.Locator("#audit-entity-type").FillAsync("setting");
        await page.Locator("#audit-field").FillAsync("json");
        await page.Locator("[data-testid=audit-search]").ClickAsync();
        // The search answers over the circuit: wait until the table shows only setting changes before expanding one,
        // or the click lands on a row of the unfiltered list that the search result then replaces.
        var rows = page.Locator("[data-testid=audit-table] tbody tr").Filter(new() { Has = page.Locator("[data-testid=audit-expand]") });
        await Expect(rows.Filter(new() { HasNotText = "setting" })).ToHaveCountAsync(0);
        var companyChange = rows.Filter(new() { HasText = "company" }).First;
        await companyChange.Locator("[data-testid=audit-expand]").ClickAsync();
        await Expect(page.Locator("[data-testid=audit-changes]").First).ToContainTextAsync(name);
        await page.Locator("[data-testid=audit-verify]").ClickAsync();
        await Expect(page.Locator("[data-testid=audit-verification]")).ToContainTextAsync("intact");
        await BrowserApp.ScreenshotAsync(page, "41-audit-log");

        await page.GotoAsync("/admin/system");
        await Expect(page.Locator("[data-testid=system-version]")).ToContainTextAsync(AppVersion.Semantic);
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "42-system-phone-dark");
        await page.GotoAsync("/admin/configuration");
        await Expect(page.Locator("[data-testid=config-table]")).ToContainTextAsync("Customers:NumberPattern");
        await BrowserApp.ScreenshotAsync(page, "43-configuration-phone-dark");
        await page.Context.CloseAsync();

        var zh = await app.SignInAsync("admin", locale: "zh-CN");
        await zh.GotoAsync("/admin/audit");
        await Expect(zh.Locator("h1")).ToContainTextAsync("审计日志");
        await BrowserApp.ScreenshotAsync(zh, "44-audit-log-zh");
        await zh.Context.CloseAsync();
    }
}
