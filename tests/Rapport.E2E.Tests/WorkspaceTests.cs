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
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Textbox).FillAsync("My VIP customers");
        await page.Keyboard.PressAsync("Enter");
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
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(customersLink).ToBeInViewportAsync();
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
