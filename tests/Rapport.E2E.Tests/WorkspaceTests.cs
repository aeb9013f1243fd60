namespace Rapport.E2E.Tests;

/// <summary>The list as a daily tool: filter through the URL, tag a selection in bulk, keep the result as a
/// saved view, and the same app on a phone, in the dark, and on the account page.</summary>
public sealed class WorkspaceTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task Bulk_tag_a_filtered_selection_save_it_as_a_view_and_open_it_again()
    {
        var stem = "WS" + Guid.NewGuid().ToString("N")[..6];
        foreach (var suffix in new[] { "Alpha", "Beta", "Gamma" }) await Seed.CustomerAsync(app, $"{stem} {suffix}");
        var tag = "vip" + stem[2..];
        var page = await app.SignInAsync("admin");

        await page.GotoAsync($"/customers?q={stem}");
        var rows = page.Locator("[data-testid=customer-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await page.Locator("[data-testid=customer-table] thead input[type=checkbox]").CheckAsync();
        var bar = page.Locator("[data-testid=bulk-bar]");
        await Expect(bar).ToContainTextAsync("3 selected");
        await bar.GetByLabel("Tag").FillAsync(tag);
        await bar.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"3 customers");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("3");

        // The tag filter finds exactly the three; the URL says so, and the view keeps it under a name.
        await page.GotoAsync($"/customers?tag={tag}");
        await Expect(rows).ToHaveCountAsync(3);
        await page.Locator("[data-testid=views-menu] button").First.ClickAsync();
        await page.GetByText("Save current view…").ClickAsync();
        await BrowserApp.AnswerPromptAsync(page, "My VIP customers");
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("My VIP customers");

        await page.GotoAsync("/customers");
        await page.Locator("[data-testid=views-menu] button").First.ClickAsync();
        await page.GetByText("My VIP customers").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"tag={tag}"));
        await Expect(rows).ToHaveCountAsync(3);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_navigation_folds_away_and_the_menu_button_brings_it_back()
    {
        var page = await app.SignInAsync("admin");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/customers");
        var customersLink = page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Customers" });

        await Expect(page.Locator("h1")).ToHaveTextAsync("Customers");
        await Expect(customersLink).Not.ToBeInViewportAsync();
        await BrowserApp.ScreenshotAsync(page, "07-phone-customer-list");
        // The filters beyond the text box fold behind one button, so the list starts on the first screen.
        var tier = page.Locator("[data-testid=filter-tier]");
        await Expect(page.Locator("#filter-q")).ToBeVisibleAsync();
        await Expect(tier).ToBeHiddenAsync();
        var more = page.Locator("[data-testid=filters-toggle]");
        await Expect(more).ToHaveAttributeAsync("aria-expanded", "false");
        await more.ClickAsync();
        await Expect(tier).ToBeVisibleAsync();
        await Expect(more).ToHaveAttributeAsync("aria-expanded", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(customersLink).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_very_long_name_keeps_the_list_in_its_columns_and_a_full_text_box_says_it_is_full()
    {
        var name = "Longname" + Guid.NewGuid().ToString("N")[..6] + new string('W', 180);
        await Seed.CustomerAsync(app, name);
        await Seed.CustomerAsync(app, "Shortname" + name[8..14]);
        var page = await app.SignInAsync("admin");
        await page.GotoAsync($"/customers?q=Shortname{name[8..14]}");
        await Expect(page.Locator("[data-testid=customer-table] tbody tr a.row-link")).ToHaveCountAsync(1);
        var shortWidths = await page.EvaluateAsync<int[]>(
            "() => { const t = document.querySelector('[data-testid=customer-table] .mud-table-container'); return [t.scrollWidth, t.clientWidth, document.querySelector('[data-testid=customer-table] tbody tr a.row-link').offsetWidth]; }");
        await page.GotoAsync($"/customers?q={name[..14]}");
        var link = page.Locator("[data-testid=customer-table] tbody tr a.row-link").First;
        await Expect(link).ToHaveAttributeAsync("title", name);
        // The name is cut with an ellipsis inside its cell: the table is no wider than its container.
        var widths = await page.EvaluateAsync<int[]>(
            "() => { const t = document.querySelector('[data-testid=customer-table] .mud-table-container'); return [t.scrollWidth, t.clientWidth, document.querySelector('[data-testid=customer-table] tbody tr a.row-link').offsetWidth]; }");
        Assert.True(widths[0] <= Math.Max(shortWidths[0], widths[1]) + 1,
            $"a 188-character name pushed the list's columns out of view: table {widths[0]} px in {widths[1]} px (with a short name: {shortWidths[0]} px)");

        // Typing or pasting up to a field's maximum says so, with the count.
        var box = page.Locator("#filter-q");
        await box.FillAsync(new string('x', 100));
        await Expect(page.Locator(".mud-input-control:has(#filter-q)")).ToHaveAttributeAsync("data-length", "Maximum reached: 100 / 100 characters; anything longer is cut");
        await box.FillAsync("short");
        await Expect(page.Locator(".mud-input-control:has(#filter-q)")).Not.ToHaveAttributeAsync("data-length", new Regex("."));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dark_mode_is_one_click_and_is_remembered()
    {
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/customers");
        const string Background = "getComputedStyle(document.body).backgroundColor";
        var background = () => page.EvaluateAsync<string>(Background);
        await page.WaitForFunctionAsync($"() => {Background} !== 'rgba(0, 0, 0, 0)'"); // the theme's styles are in
        var light = await background();

        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"c => {Background} !== c", light);
        var dark = await background();
        // The search box in the app bar follows the theme: a dark field (not a light one under light text).
        const string Luminance = "(el => { const [r, g, b] = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; })";
        Assert.True(await page.EvaluateAsync<double>($"() => {Luminance}(document.querySelector('.global-search .mud-input-outlined'))") < 0.4,
            "the search box stayed light in dark mode");
        await BrowserApp.ScreenshotAsync(page, "08-dark-mode");

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Customers");
        Assert.Equal(dark, await background());
        await page.Locator("[data-testid=theme-toggle]").ClickAsync(); // back to light for the other tests' screenshots
        await page.WaitForFunctionAsync($"c => {Background} === c", light);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_account_page_sets_up_an_authenticator_with_a_qr_code()
    {
        var page = await app.SignInAsync("admin");
        await page.Locator("[data-testid=user-menu] button").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Account and security" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/security$"));

        await page.Locator("[data-testid=mfa-begin]").ClickAsync();
        await Expect(page.Locator("[data-testid=mfa] img, [data-testid=mfa] svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=mfa-key]")).ToHaveTextAsync(new Regex("^[a-z2-7 ]{16,}$", RegexOptions.IgnoreCase));
        await BrowserApp.ScreenshotAsync(page, "09-account-security");
        await page.Context.CloseAsync();
    }
}
