namespace Rapport.E2E.Tests;

/// <summary>An administrator imports a GBK CSV with Chinese headers (as Chinese Excel saves it) through the wizard:
/// upload, map the column it did not recognise, preview, import with progress, then undo.</summary>
public sealed class ImportWizardTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_is_mapped_previewed_imported_and_undone()
    {
        var tag = "imp" + Guid.NewGuid().ToString("N")[..8];
        var csv = "客户名称,手机,地址,标签,内部说明\r\n" + string.Concat(Enumerable.Range(1, 30).Select(i =>
            FormattableString.Invariant($"华东贸易{i}号{tag},1390{i:0000000},上海市浦东新区世纪大道{i}号,{tag},备注{i}\r\n")));
        var page = await app.SignInAsync("admin");
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/imports");
        // Blazor's InputFile listens for "change" only after its JS init, one round trip after the input is on the
        // page; files set before that are dropped (what failed on a busy CI machine). The init marks the element.
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "客户.csv", MimeType = "text/csv", Buffer = Rapport.Core.Imports.ImportFile.Gb18030.GetBytes(csv),
        });
        await Expect(page.Locator("[data-testid=import-mapping]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync("华东贸易1号" + tag);
        await page.Locator("[data-testid=import-column-4]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Notes" }).First.ClickAsync();
        await page.Locator("[data-testid=import-apply]").ClickAsync();
        await Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync("备注1");
        await page.Locator("[data-testid=import-dry-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=import-dry-run-result]")).ToContainTextAsync("30 rows: 30 to create");
        await BrowserApp.ScreenshotAsync(page, "60-import-mapping");

        await page.Locator("[data-testid=import-start]").ClickAsync();
        await Expect(page.Locator("[data-testid=import-result]")).ToContainTextAsync("30 created, 0 updated, 0 skipped, 0 rejected");
        await page.ReloadAsync(); // the run is read back from its record
        await Expect(page.Locator("[data-testid=import-status]")).ToContainTextAsync("Done");
        await Expect(page.Locator("[data-testid=import-runs]")).ToContainTextAsync("客户.csv");

        await page.Locator("[data-testid=import-undo]").ClickAsync();
        await Expect(page.Locator("[data-testid=import-undo-result]")).ToContainTextAsync("30 removed, 0 restored");
        await page.GotoAsync($"/customers?q={tag}");
        await Expect(page.GetByText("华东贸易1号" + tag)).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
