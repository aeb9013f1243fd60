using Rapport.Core.Customers;
using Rapport.Core.Privacy.Requests;
using Rapport.Core.Sales;

namespace Rapport.E2E.Tests;

/// <summary>A new user in Shanghai on a phone: 简体中文, 390 px wide, dark mode, the Asia/Shanghai time zone.</summary>
public sealed class PhoneTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    private const string Overflow = "() => document.documentElement.scrollWidth - window.innerWidth";

    /// <summary>Neither the page nor <paramref name="container"/> scrolls sideways (the message names what is too wide).</summary>
    private static async Task NoSidewaysScrollAsync(IPage page, string container)
    {
        Assert.True(await page.EvaluateAsync<int>(Overflow) <= 0, await WiderThanAsync(page, "body"));
        Assert.True(await page.EvaluateAsync<int>("s => { const c = document.querySelector(s); return c.scrollWidth - c.clientWidth; }", container) <= 0,
            await WiderThanAsync(page, container));
    }

    /// <summary>The elements that reach past the right edge of <paramref name="selector"/>'s box (for the failure message).</summary>
    private static Task<string> WiderThanAsync(IPage page, string selector) => page.EvaluateAsync<string>("""
        s => { const box = document.querySelector(s).getBoundingClientRect();
               return [...document.querySelector(s).querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > box.right + 1)
                   .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width)).join('; '); }
        """, selector);

    private Task<IPage> PhoneAsync(string user = "admin") => app.SignInAsync(user, locale: "zh-CN", configure: o =>
    {
        o.ViewportSize = new() { Width = 390, Height = 844 };
        o.ColorScheme = ColorScheme.Dark;
        o.TimezoneId = "Asia/Shanghai";
        o.HasTouch = true;
    });

    [Fact]
    public async Task Quote_lines_are_cards_on_a_phone_with_the_totals_in_view_and_nothing_wider_than_the_screen()
    {
        var customer = await Seed.CustomerAsync(app, "上海华远贸易 " + Guid.NewGuid().ToString("N")[..6], city: "上海");
        OpportunityDto deal;
        await using (var scope = app.Services.CreateAsyncScope())
            deal = await scope.ServiceProvider.GetRequiredService<OpportunityService>().CreateAsync(
                new OpportunityInput { Name = "扫码枪采购", CustomerId = customer.Id, Amount = 300, Currency = "CNY" }, Ct);
        var page = await PhoneAsync();
        await page.GotoAsync($"/sales/opportunities/{deal.Id}/quotes/new");

        var lines = page.Locator("[data-testid=quote-line]");
        await Expect(lines).ToHaveCountAsync(1);
        await page.GetByLabel("说明").First.FillAsync("条码扫描枪");
        await page.Locator("#line-0-quantity").FillAsync("2");
        await page.Locator("#line-0-price").FillAsync("100");
        await page.Locator("#line-0-tax").FillAsync("13");
        // Add a line with the thumb; its fields are labelled on the card (no table header to read them from).
        await page.Locator("[data-testid=add-line]").TapAsync();
        await Expect(lines).ToHaveCountAsync(2);
        await page.Locator("label[for=line-1-description]").ClickAsync();
        await Expect(page.Locator("#line-1-description")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("安装调试");
        await page.GetByLabel("数量").Nth(1).FillAsync("1");
        await page.GetByLabel("单价").Nth(1).FillAsync("50.5");
        await page.GetByLabel("折扣 %").Nth(1).FillAsync("10");
        await page.GetByLabel("折扣 %").Nth(1).BlurAsync();

        var totals = page.Locator("[data-testid=quote-totals]");
        await Expect(totals).ToContainTextAsync("CNY 245.45");
        await Expect(totals).ToContainTextAsync("CNY 26.00");
        await Expect(totals).ToContainTextAsync("CNY 271.45");
        await Expect(lines.Nth(1).Locator("[data-testid=line-net]")).ToHaveTextAsync("45.45");
        await Expect(totals).ToBeInViewportAsync();
        await BrowserApp.ScreenshotAsync(page, "60-quote-lines-phone");
        // Nothing scrolls sideways, the page nor the lines: they are stacked, not a table to pan.
        await NoSidewaysScrollAsync(page, "[data-testid=quote-lines] .mud-table-container");

        // Remove the second line from the keyboard: the totals follow.
        await page.GetByRole(AriaRole.Button, new() { Name = "删除第 2 行" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(lines).ToHaveCountAsync(1);
        await Expect(totals).ToContainTextAsync("CNY 226.00");
        await page.Locator("[data-testid=save-quote]").ClickAsync();
        await Expect(page.Locator("[data-testid=quote-totals]")).ToContainTextAsync("226.00");
        await Expect(page).ToHaveURLAsync(new Regex("/sales/quotes/[0-9a-f-]{36}$"));
        // The saved quote, its order and the order's invoice read on the phone too: every figure of a line in view.
        await Expect(page.Locator("[data-testid=quote-lines]")).ToContainTextAsync("200.00");
        await NoSidewaysScrollAsync(page, "[data-testid=quote-lines] .mud-table-container");
        await page.Locator("[data-testid=send-quote]").ClickAsync();
        await page.Locator("[data-testid=accept-quote]").ClickAsync();
        await page.Locator("[data-testid=confirm-accept]").ClickAsync();
        await page.Locator("[data-testid=order-link]").ClickAsync();
        await Expect(page.Locator("[data-testid=order-lines]")).ToContainTextAsync("条码扫描枪");
        await page.Locator("[data-testid=create-invoice]").ClickAsync();
        await Expect(page.Locator("[data-testid=invoice]")).ToContainTextAsync("226.00");
        await NoSidewaysScrollAsync(page, "[data-testid=order-lines] .mud-table-container");
        await BrowserApp.ScreenshotAsync(page, "62-order-phone");
        await page.Context.CloseAsync();
    }

    /// <summary>Text that must not reach a Chinese reader: a resource key shown raw, or a common English word of the UI.</summary>
    private const string Leftovers = """
        () => {
            // Codes an operator reads as codes (configuration keys, embed snippets, what was typed into a field) and the
            // program's own output (log lines, in the language the server logs in) are not words.
            const main = document.querySelector('.mud-main-content').cloneNode(true);
            main.querySelectorAll('code, pre, samp, input, textarea').forEach(e => e.remove());
            document.body.appendChild(main);
            const text = main.innerText;
            main.remove();
            const keys = text.match(/(?<![\w.])(Ui|Field|Enum|Validation|Permission|Job|Pdf|Settings|Setting|Problem)\.[A-Za-z][\w.]*/g) || [];
            const words = text.match(/\b(Save|Cancel|Delete|Edit|Remove|Search|Loading|Rows per page|Nothing|Name|Status|Actions|Created|Updated|Yes|No|Add|New|Close|Enabled|Disabled|Active|Inactive|Never|Today|None|Unknown|Owner|Type|Date|customers|items|rows|day|days|files|submissions)\b/g) || [];
            return [...new Set([...keys, ...words])];
        }
        """;

    [Fact]
    public async Task Every_administration_page_reads_in_chinese_at_phone_width_without_sideways_scrolling()
    {
        string[] pages =
        [
            "/admin/users", "/admin/roles", "/admin/audit", "/admin/configuration", "/admin/system", "/admin/jobs", "/admin/logs",
            "/admin/backups", "/admin/queues", "/admin/sla/calendars", "/admin/sla/policies", "/admin/macros", "/admin/mailboxes",
            "/admin/case-categories", "/admin/case-forms", "/admin/assignment-rules", "/admin/pipelines", "/admin/products",
            "/admin/company", "/admin/settings", "/admin/lead-forms", "/admin/mail", "/admin/outbox", "/admin/recycle-bin",
        ];
        // Something on the pages that list things: a web form and a case form (their public links are long).
        await Seed.InboundAsync(app, Guid.NewGuid().ToString("N")[..6]);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Rapport.Core.ServiceDesk.CaseFormService>().CreateAsync(new Rapport.Core.ServiceDesk.CaseFormInput("官网报修表单"), Ct);
        await WalkAsync(pages, "61-phone");
    }

    [Fact]
    public async Task Every_working_page_reads_in_chinese_at_phone_width_without_sideways_scrolling()
    {
        string[] pages =
        [
            "/", "/customers", "/leads", "/sales/opportunities", "/sales/board", "/sales/forecast", "/sales/invoices", "/cases", "/kb",
            "/reports", "/dashboards", "/reports/analyses", "/exports", "/imports", "/quality", "/quality/duplicates", "/marketing/segments", "/marketing/campaigns", "/marketing/journeys", "/account/security", "/admin/settings/password-policy", "/admin/settings/sales", "/admin/settings/regional",
            "/admin/settings/sensitive-fields", "/admin/settings/lead-scoring", "/admin/settings/lead-assignment", "/admin/settings/audit", "/admin/settings/retention",
            "/privacy/requests", "/admin/settings/classification-of-data",
        ];
        await Seed.CustomerAsync(app, "杭州西湖茶业有限公司 " + Guid.NewGuid().ToString("N")[..6], city: "杭州");
        await WalkAsync(pages, "63-phone");
    }

    /// <summary>Opens each page as the administrator on the phone and collects what a Chinese reader should not meet:
    /// English leftovers, raw resource keys, anything wider than the screen.</summary>
    private async Task WalkAsync(string[] pages, string screenshot)
    {
        var page = await PhoneAsync();
        var found = new List<string>();
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            await ReadAsync(page, url, found, screenshot + (url == "/" ? "-home" : url.Replace('/', '-')));
        }
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
        await page.Context.CloseAsync();
    }

    /// <summary>Waits for the page on the phone to have loaded and adds to <paramref name="found"/> what a Chinese reader
    /// should not meet on it (named by <paramref name="what"/>).</summary>
    private static async Task ReadAsync(IPage page, string what, List<string> found, string screenshot)
    {
        await Expect(page.Locator(".mud-main-content h1")).ToBeVisibleAsync();
        // Loaded: no skeleton or table progress bar left.
        await Expect(page.Locator(".mud-main-content .mud-skeleton, .mud-main-content .mud-table-loading-progress")).ToHaveCountAsync(0);
        // The theme follows the phone's dark mode (read after the first render).
        await page.WaitForFunctionAsync("() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number); return r + g + b < 150; }");
        var leftovers = await page.EvaluateAsync<string[]>(Leftovers);
        if (leftovers.Length > 0) found.Add($"{what}: {string.Join(", ", leftovers)}");
        var overflow = await page.EvaluateAsync<int>(Overflow);
        if (overflow > 0) found.Add($"{what}: {overflow} px wider than the screen ({await WiderThanAsync(page, "body")})");
        await BrowserApp.ScreenshotAsync(page, screenshot);
    }

    [Fact]
    public async Task Merging_exporting_to_excel_and_making_a_subject_access_zip_read_in_chinese_at_phone_width()
    {
        var stem = "星河" + Guid.NewGuid().ToString("N")[..6];
        var a = await Seed.CustomerAsync(app, stem + "电子有限公司", city: "深圳");
        var b = await Seed.CustomerAsync(app, stem + "电子", city: "深圳");
        Guid contactA, contactB, request;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
            contactA = (await contacts.CreateAsync(a.Id, new ContactInput { Name = "王晓明", Title = "采购经理", Phones = ["13800138000"] }, Ct)).Id;
            contactB = (await contacts.CreateAsync(a.Id, new ContactInput { Name = "王晓明", Emails = ["wxm@example.cn"] }, Ct)).Id;
            request = (await scope.ServiceProvider.GetRequiredService<SubjectRequestService>().CreateAsync(
                new SubjectRequestInput(SubjectRequestType.Access, CustomerId: a.Id, Regime: PrivacyRegime.Pipl), Ct)).Id;
        }
        var page = await PhoneAsync();
        var found = new List<string>();

        // Two customers side by side, then merged: the compare table scrolls inside itself, the page does not.
        await page.GotoAsync($"/quality/merge/{a.Id}/{b.Id}");
        await Expect(page.Locator("[data-testid=merge-table]")).ToContainTextAsync(a.Number);
        await ReadAsync(page, "customer merge", found, "64-phone-merge");
        await page.Locator("[data-testid=merge-submit]").TapAsync();
        await Expect(page.Locator("[data-testid=merge-result]")).ToContainTextAsync("回收站");
        await ReadAsync(page, "customer merged", found, "64-phone-merged");

        // Two contacts of one customer.
        await page.GotoAsync($"/quality/merge/contacts/{contactA}/{contactB}");
        await Expect(page.Locator("[data-testid=merge-table]")).ToContainTextAsync("采购经理");
        await ReadAsync(page, "contact merge", found, "64-phone-merge-contacts");

        // The customer list's Excel export runs in the background and ends with its download button on the screen.
        await page.GotoAsync($"/customers?q={stem}");
        await Expect(page.Locator("[data-testid=customer-table]")).ToContainTextAsync(a.Name, new() { Timeout = 30_000 });
        await page.Locator("[data-testid=export-customers-xlsx]").TapAsync();
        await Expect(page.Locator("[data-testid=export-download]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=export-download]").First).ToBeInViewportAsync();
        await ReadAsync(page, "customer excel export", found, "64-phone-export-xlsx");

        // A subject-access ZIP made from the request's page: its download link replaces the progress.
        await page.GotoAsync($"/privacy/requests/{request}");
        await page.Locator("[data-testid=privacy-export]").TapAsync();
        await Expect(page.Locator("[data-testid=privacy-download]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ReadAsync(page, "subject access zip", found, "64-phone-privacy-zip");

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
        await page.Context.CloseAsync();
    }

    /// <summary>Tabs whose label is not wholly on the screen (or has none), by label.</summary>
    private const string TabsOffScreen = """
        () => [...document.querySelectorAll('[data-testid=customer-tabs] .mud-tab')]
            .filter(t => { const r = t.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > window.innerWidth || !t.innerText.trim(); })
            .map(t => t.innerText.trim() || '(no label)')
        """;

    [Fact]
    public async Task Every_tab_of_a_customer_keeps_its_label_on_the_screen_of_a_phone_whichever_tab_is_open()
    {
        var customer = await Seed.CustomerAsync(app, "上海华远贸易有限公司 " + Guid.NewGuid().ToString("N")[..6], city: "上海");
        var page = await PhoneAsync();
        await page.GotoAsync($"/customers/{customer.Id}");
        var tabs = page.Locator("[data-testid=customer-tabs] .mud-tab");
        // The administrator sees them all: overview, timeline, contacts, deals, contracts, consent, classification, cases.
        await Expect(tabs).ToHaveCountAsync(8);
        await Expect(tabs.First).ToHaveTextAsync("概览");
        Assert.Empty(await page.EvaluateAsync<string[]>(TabsOffScreen));
        // Last to first and back: wherever the open tab is, every label stays in view (no strip scrolled out of sight).
        foreach (var i in new[] { 7, 6, 5, 4, 3, 2, 1, 0, 3, 7 })
        {
            await tabs.Nth(i).TapAsync();
            await Expect(tabs.Nth(i)).ToHaveClassAsync(new Regex("mud-tab-active"));
            Assert.Empty(await page.EvaluateAsync<string[]>(TabsOffScreen));
        }
        await Expect(page.Locator(".mud-tab-panel").Last).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>(Overflow) <= 0, await WiderThanAsync(page, "body"));
        await BrowserApp.ScreenshotAsync(page, "62-customer-tabs-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_opened_after_choosing_dark_mode_is_dark_before_the_app_has_connected()
    {
        var user = "night-" + Guid.NewGuid().ToString("N")[..6];
        await Seed.UserAsync(app, user, Rapport.Core.Common.Roles.SalesRepresentative, null);
        // The phone itself is in light mode: only the reader's own choice makes the page dark.
        var page = await app.SignInAsync(user, locale: "zh-CN", configure: o =>
        {
            o.ViewportSize = new() { Width = 390, Height = 844 };
            o.ColorScheme = ColorScheme.Light;
        });
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.cookie.includes('rapport.theme=dark')");

        // The next page with the app's script withheld: what the reader sees while the app is still connecting.
        await page.RouteAsync("**/_framework/blazor.web.js*", route => route.AbortAsync());
        await page.GotoAsync("/customers");
        Assert.Equal("dark", await page.Locator("html").GetAttributeAsync("data-theme"));
        Assert.Equal("rgb(22, 24, 29)", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor"));

        // With the app connected, the page is dark from its first render and the choice holds.
        await page.UnrouteAllAsync();
        await page.GotoAsync("/customers");
        await page.WaitForFunctionAsync("() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number); return r + g + b < 150; }");
        await page.Context.CloseAsync();
    }
}
