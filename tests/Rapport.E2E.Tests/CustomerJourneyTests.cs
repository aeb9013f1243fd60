namespace Rapport.E2E.Tests;

/// <summary>What a new user does on day one, in a real browser: sign in, add a customer (in Chinese), get told
/// what is missing, find the customer again, log a call, read the app in Chinese, sign out.</summary>
public sealed class CustomerJourneyTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task Sign_in_create_a_Chinese_customer_find_it_log_a_call_switch_to_Chinese_and_sign_out()
    {
        var page = await app.SignInAsync("admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, admin" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "01-home");

        // New customer: everything but the city, so the form names what is missing.
        await page.GotoAsync("/customers");
        await page.Locator("[data-testid=new-customer]").ClickAsync();
        await page.Locator("#customer-name").FillAsync("上海华远贸易有限公司");
        await page.Locator("#phone-0").FillAsync("13812345678");
        await page.Locator("#address-country").FillAsync("中国");
        await page.Locator("#address-street").FillAsync("浦东新区世纪大道100号");
        await page.Locator("[data-testid=save-customer]").ClickAsync();
        var cityField = page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#address-city") });
        await Expect(cityField).ToContainTextAsync("This field is required.");
        await Expect(page).ToHaveURLAsync(new Regex("/customers/new$"));
        await BrowserApp.ScreenshotAsync(page, "02-new-customer-validation");

        await page.Locator("#address-city").FillAsync("上海");
        await Expect(cityField).Not.ToContainTextAsync("This field is required.");
        await page.Locator("[data-testid=save-customer]").ClickAsync();
        await Expect(page.Locator("[data-testid=customer-title]")).ToHaveTextAsync("上海华远贸易有限公司");

        // Global search with "/" from anywhere, by a fragment of the Chinese name.
        await page.GotoAsync("/customers");
        await Expect(page.Locator("[data-testid=customer-table]")).ToContainTextAsync("上海华远贸易有限公司");
        await BrowserApp.ScreenshotAsync(page, "03-customer-list");
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 300 } });
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("#global-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("华远");
        await page.GetByText("上海华远贸易有限公司").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/customers/[0-9a-f-]{36}$"));

        // Log a call; it is on the timeline, newest first.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        await page.Locator("#interaction-subject").FillAsync("首次电话沟通：确认报价需求");
        await page.Locator("#interaction-content").FillAsync("客户希望下周收到报价。");
        await page.Locator("[data-testid=log-interaction]").ClickAsync();
        await Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("首次电话沟通：确认报价需求");
        await Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("Call");
        await BrowserApp.ScreenshotAsync(page, "04-customer-timeline");

        // 简体中文: the whole page, including the app shell, switches.
        await page.Locator("[data-testid=user-menu] button").ClickAsync();
        await page.GetByText("简体中文").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "时间线" })).ToBeVisibleAsync();
        await Expect(page.Locator("nav, .mud-navmenu").First).ToContainTextAsync("客户");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await page.GetByRole(AriaRole.Tab, new() { Name = "时间线" }).ClickAsync();
        await Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("电话");
        await BrowserApp.ScreenshotAsync(page, "05-customer-zh-CN");

        await page.Locator("[data-testid=user-menu] button").ClickAsync();
        await page.GetByText("退出登录").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        // Signed out for real: the app sends us back to sign in.
        await page.GotoAsync("/customers");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.Context.CloseAsync();
    }
}
