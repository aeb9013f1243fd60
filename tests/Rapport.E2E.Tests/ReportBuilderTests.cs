namespace Rapport.E2E.Tests;

/// <summary>The report builder in the browser: a pivot of customers by tier and kind, saved, shown as a table with
/// totals and as a chart.</summary>
public sealed class ReportBuilderTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    private static async Task PickAsync(IPage page, string select, string option)
    {
        await page.Locator($"[data-testid={select}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }

    [Fact]
    public async Task A_manager_builds_a_pivot_saves_it_and_sees_its_chart()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        await Seed.CustomerAsync(app, "报表客户" + stem);
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/reports");
        await Expect(page.GetByText("Receivables aging")).ToBeVisibleAsync();
        await page.Locator("[data-testid=report-new]").ClickAsync();

        await PickAsync(page, "report-source", "Customers");
        await PickAsync(page, "report-row0", "Tier");
        await PickAsync(page, "report-column", "Kind");
        await page.Locator("[data-testid=report-run]").ClickAsync();
        var table = page.Locator("[data-testid=report-table]");
        await Expect(table.Locator("thead")).ToContainTextAsync("Company");
        await Expect(table.Locator("tfoot")).ToContainTextAsync("Total");

        await page.GetByLabel("Report name").FillAsync("Customers by tier " + stem);
        await page.Locator("[data-testid=report-save]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Report saved.");
        await Expect(page).ToHaveURLAsync(new Regex("/reports/[0-9a-f-]{36}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Customers by tier " + stem);
        await Expect(page.Locator("[data-testid=report-chart] svg").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "50-report-builder");

        await page.GotoAsync("/reports");
        await Expect(page.GetByText("Customers by tier " + stem)).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
