namespace Rapport.E2E.Tests;

/// <summary>The app with its background-export threshold lowered to one row through configuration, so a two-customer
/// list takes the path of a long one without seeding 10,000 rows.</summary>
public sealed class LowExportThresholdBrowserApp() : BrowserApp(Rapport.Server.Tests.Infrastructure.Provider.Sqlite)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        base.ConfigureMore(builder);
        builder.UseSetting("Exports:JobThreshold", "1");
    }
}

/// <summary>A customer list longer than the threshold is exported in the background: the page shows the run and then
/// its download, the run is still there after a reload, My exports lists it, and the file is in the importer's columns.</summary>
public sealed class ExportProgressTests(LowExportThresholdBrowserApp app) : IClassFixture<LowExportThresholdBrowserApp>
{
    [Fact]
    public async Task A_long_customer_list_exports_in_the_background_and_its_download_survives_a_reload()
    {
        var stem = "exp" + Guid.NewGuid().ToString("N")[..8];
        await Seed.CustomerAsync(app, "北辰物流 " + stem);
        await Seed.CustomerAsync(app, "南山贸易 " + stem);
        var page = await app.SignInAsync("admin");
        page.SetDefaultTimeout(60_000);

        await page.GotoAsync($"/customers?q={stem}");
        await Expect(page.Locator("[data-testid=customer-table]")).ToContainTextAsync("南山贸易 " + stem);
        await page.Locator("[data-testid=export-customers]").ClickAsync();
        await Expect(page.Locator("[data-testid=export-download]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=export-action]").First).ToContainTextAsync("2 rows");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=export-download]")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-download]").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Ct);
        Assert.StartsWith("number,name,kind,phone,email,", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("北辰物流 " + stem, csv, StringComparison.Ordinal);

        await page.GotoAsync("/exports");
        await Expect(page.Locator("[data-testid=exports-table]")).ToContainTextAsync("Customers");
        await Expect(page.Locator("[data-testid=exports-table] [data-testid=export-download]").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "75-my-exports");
    }
}
