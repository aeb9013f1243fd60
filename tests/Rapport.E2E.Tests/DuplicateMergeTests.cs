namespace Rapport.E2E.Tests;

/// <summary>A duplicate pair is found, compared side by side, merged and the merge undone, all in the browser.</summary>
public sealed class DuplicateMergeTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task Find_a_duplicate_pair_merge_it_and_undo_the_merge()
    {
        var stem = "星辰" + Guid.NewGuid().ToString("N")[..6];
        var a = await Seed.CustomerAsync(app, stem + "科技有限公司");
        var b = await Seed.CustomerAsync(app, stem + "科技");

        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/quality/duplicates");
        await page.Locator("[data-testid=duplicates-scan]").ClickAsync();
        var row = page.Locator("[data-testid=duplicates-table] tr").Filter(new() { HasText = a.Name }).Filter(new() { HasText = b.Name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("same name");
        await row.Locator("[data-testid=duplicates-compare]").ClickAsync();

        await Expect(page.Locator("[data-testid=merge-table]")).ToContainTextAsync(a.Number);
        await page.Locator("[data-testid=merge-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=merge-result]")).ToContainTextAsync("is in the recycle bin");
        await BrowserApp.ScreenshotAsync(page, "50-duplicate-merged");

        await page.Locator("[data-testid=merge-undo]").ClickAsync();
        await Expect(page.Locator("[data-testid=merge-result]")).ToContainTextAsync("Merge undone.");
        await page.GotoAsync($"/customers/{b.Id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = b.Name })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
