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
        // Focus on the page's heading (no text box): a click at a fixed point could land on a menu link, and the
        // navigation it starts moves the focus to the heading after "/" has moved it to the search.
        await page.Locator("h1").First.ClickAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("#global-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("华远");
        // The hit in the search's drop-down (the list behind it has the same name: a click there would prove nothing).
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "上海华远贸易有限公司" }).ClickAsync();
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

    [Fact]
    public async Task A_contact_and_a_logged_call_are_corrected_on_the_customer_page_and_the_call_keeps_the_time_it_happened()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var rep = "wang" + stem;
        var repId = await Seed.UserAsync(app, rep, Rapport.Core.Common.Roles.SalesRepresentative, null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(repId.ToString()))!;
            user.TimeZone = "Asia/Shanghai";
            await users.UpdateAsync(user);
        }
        var customer = await Seed.CustomerAsync(app, "东方明珠贸易 " + stem, repId, "上海");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Rapport.Core.Customers.ContactService>().CreateAsync(customer.Id, new Rapport.Core.Customers.ContactInput
            {
                Name = "王芳", Title = "采购", Phones = ["13912345678", "+86 21 6888 0000"], IsPrimary = true,
            }, Ct);
            // A call at 05:49 in Shanghai: 21:49 UTC the day before.
            await scope.ServiceProvider.GetRequiredService<Rapport.Core.Customers.InteractionService>().CreateAsync(customer.Id, new Rapport.Core.Customers.InteractionInput
            {
                Kind = Rapport.Core.Customers.InteractionKind.Call, Subject = "早间电话 " + stem, OccurredAt = new DateTime(2026, 11, 27, 21, 49, 0, DateTimeKind.Utc),
            }, Ct);
        }

        var page = await app.SignInAsync(rep);
        await page.GotoAsync($"/customers/{customer.Id}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        var timeline = page.Locator("[data-testid=timeline]");
        await Expect(timeline).ToContainTextAsync("11/28/2026 5:49 AM");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit 早间电话 " + stem }).ClickAsync();
        await Expect(page.Locator("#interaction-subject")).ToHaveValueAsync("早间电话 " + stem);
        await Expect(page.Locator("#interaction-subject")).ToBeFocusedAsync();
        await page.Locator("#interaction-subject").FillAsync("早间电话：确认交期 " + stem);
        await page.Locator("[data-testid=log-interaction]").ClickAsync();
        await Expect(timeline).ToContainTextAsync("早间电话：确认交期 " + stem);
        // Corrected, not logged again, and still at the time it happened.
        await Expect(timeline.Locator(".timeline-item")).ToHaveCountAsync(1);
        await Expect(timeline).ToContainTextAsync("11/28/2026 5:49 AM");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Contacts" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit 王芳" }).ClickAsync();
        var title = page.GetByLabel("Job title");
        await Expect(title).ToHaveValueAsync("采购");
        await title.FillAsync("采购经理");
        await page.Locator("[data-testid=save-contact]").ClickAsync();
        var row = page.Locator("tr", new() { HasText = "王芳" });
        await Expect(row).ToContainTextAsync("采购经理");
        // The form shows the first phone; the second one is kept.
        await Expect(row).ToContainTextAsync("6888");
        await Expect(page.Locator("tr", new() { HasText = "王芳" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
