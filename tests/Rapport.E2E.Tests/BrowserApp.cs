using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Rapport.Server.Tests.Infrastructure;

namespace Rapport.E2E.Tests;

/// <summary>The real app on a loopback port (Kestrel, not the in-memory test server) and Debian's Chromium
/// driven by Playwright. Never downloads a browser.</summary>
public abstract class BrowserApp : RapportApp
{
    private IPlaywright? _playwright;

    protected BrowserApp(Provider provider) : base(provider) => UseKestrel(0);

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>Where screenshots of the key pages go (under the test output).</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        // The "Testing" environment does not serve the build's static web assets (MudBlazor, blazor.web.js) by itself.
        builder.UseStaticWebAssets();
    }

    public override async ValueTask InitializeAsync()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        // Assertions wait for the server as long as actions do: CI machines are slow and busy.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDir);
    }

    /// <summary>A fresh browser context (own cookies), a page, and the user signed in through the real sign-in form.</summary>
    public async Task<IPage> SignInAsync(string userName, string password = AdminPassword, string locale = "en-US",
        Action<BrowserNewContextOptions>? configure = null)
    {
        var options = new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = locale, ViewportSize = new() { Width = 1366, Height = 900 } };
        configure?.Invoke(options);
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("User name|用户名")).FillAsync(userName);
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^(Password|密码)$")).FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        // Signing in hashes the password and loads the first page; a full run's first browser test (a cold app, with
        // the other test projects on the same two cores) has been seen to take over 15 s for it.
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = 60_000 });
        return page;
    }

    /// <summary>Answers the one-line text prompt (a view's name, a resolution) with its Save button, which is enabled
    /// once the typed text has reached the server. (Enter answers it too — TextPromptTests in the component tests — but
    /// in full runs on a busy machine an Enter was lost twice with the Save button already enabled, cause not found; the
    /// click is what these journeys need to be sure of.)</summary>
    public static async Task AnswerPromptAsync(IPage page, string text)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox).FillAsync(text);
        var save = dialog.GetByRole(AriaRole.Button, new() { Name = "Save" });
        await Assertions.Expect(dialog.GetByRole(AriaRole.Textbox)).ToHaveValueAsync(text);
        // The button waits for a server round trip, which a loaded CI machine has been seen to take over 15 s for.
        await Assertions.Expect(save).ToBeEnabledAsync(new() { Timeout = 45_000 });
        // Still there once the server has answered (a re-render of the dialog host once wiped it).
        await Assertions.Expect(dialog.GetByRole(AriaRole.Textbox)).ToHaveValueAsync(text);
        await save.ClickAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteBrowserApp() : BrowserApp(Provider.Sqlite);

public sealed class PostgresBrowserApp() : BrowserApp(Provider.Postgres);
