namespace Rapport.E2E.Tests;

/// <summary>The real app with a backup passphrase, as an operator sets one.</summary>
public sealed class BackupBrowserApp() : BrowserApp(Rapport.Server.Tests.Infrastructure.Provider.Sqlite)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        base.ConfigureMore(builder);
        builder.UseSetting("Backup:Passphrase", "correct horse battery staple");
    }
}

/// <summary>An administrator backs the installation up from the backups page, has the archive verified, and downloads it.</summary>
public sealed class BackupAdminTests(BackupBrowserApp app) : IClassFixture<BackupBrowserApp>
{
    [Fact]
    public async Task An_administrator_backs_up_verifies_and_downloads_the_archive()
    {
        await Seed.CustomerAsync(app, "Backed up " + Guid.NewGuid().ToString("N")[..6]);
        var page = await app.SignInAsync("admin");
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/admin/backups");
        var rows = page.Locator("[data-testid=backups-table] tbody tr:has([data-testid=backup-download])");
        await Expect(rows).ToHaveCountAsync(0);

        await page.Locator("[data-testid=backup-now]").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await rows.First.Locator("[data-testid=backup-verify]").ClickAsync();
        await Expect(rows.First.Locator("[data-testid=backup-verified]")).ToContainTextAsync("Verified", new() { Timeout = 60_000 });
        await BrowserApp.ScreenshotAsync(page, "45-backups");

        var download = await page.RunAndWaitForDownloadAsync(() => rows.First.Locator("[data-testid=backup-download]").ClickAsync());
        Assert.Matches(@"^rapport-.*\.tar\.gz$", download.SuggestedFilename);
        var file = await download.PathAsync();
        var head = new byte[2];
        await using (var stream = File.OpenRead(file)) await stream.ReadExactlyAsync(head, Ct);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, head); // a gzip archive, not an error page
        await page.Context.CloseAsync();
    }
}
