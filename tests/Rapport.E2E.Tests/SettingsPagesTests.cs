namespace Rapport.E2E.Tests;

/// <summary>The settings sections' own pages: an administrator changes two of them, a wrong value is refused under its
/// field in the user's words, and each change is found in the section's history — on a phone, in dark mode and in
/// Chinese too.</summary>
public sealed class SettingsPagesTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task An_administrator_changes_two_sections_on_their_pages_and_sees_both_in_their_history()
    {
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/admin/settings/audit");
        await page.GetByLabel("Keep entries for (days)").FillAsync("400");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");

        await page.GotoAsync("/admin/settings/password-policy");
        await page.GetByLabel("Minimum length").FillAsync("14");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");

        // A currency that is no currency is refused under its field, with the API's own message, and nothing is saved.
        await page.GotoAsync("/admin/settings/sales");
        // It is checked as soon as the field is left (Save clicked at once could reach the server before the value did).
        await page.GetByLabel("Default currency").FillAsync("XX");
        await page.GetByLabel("Default currency").PressAsync("Tab");
        var currency = page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("[data-testid=sales-currency]") });
        await Expect(currency.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("Give a three-letter currency code");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Some fields need attention");
        await Expect(currency.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("Give a three-letter currency code");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Default currency")).ToHaveValueAsync("CNY");

        await page.GotoAsync("/admin/settings/audit");
        await Expect(page.GetByLabel("Keep entries for (days)")).ToHaveValueAsync("400");
        await page.Locator("[data-testid=settings-history-link]").ClickAsync();
        var audit = page.Locator("[data-section=audit] [data-testid=settings-change]").First;
        await Expect(audit.Locator("tr[data-field=retentionDays]")).ToContainTextAsync("400");

        await page.GotoAsync("/admin/settings?section=password-policy");
        var policy = page.Locator("[data-section=password-policy] [data-testid=settings-change]").First;
        await Expect(policy.Locator("tr[data-field=minLength]")).ToContainTextAsync("14");

        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.GotoAsync("/admin/settings/lead-scoring");
        await Expect(page.Locator("[data-testid=scoring-sources]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "45-lead-scoring-phone-dark");
        await page.Context.CloseAsync();

        var zh = await app.SignInAsync("admin", locale: "zh-CN");
        await zh.GotoAsync("/admin/settings/password-policy");
        await Expect(zh.Locator("h1")).ToContainTextAsync("密码策略");
        await Expect(zh.GetByLabel("最短长度")).ToHaveValueAsync("14");
        await BrowserApp.ScreenshotAsync(zh, "46-password-policy-zh");
        await zh.Context.CloseAsync();
    }
}
