namespace Rapport.E2E.Tests;

/// <summary>An accessibility smoke check: every form control has an accessible name, and the list and the form
/// can be used with the keyboard alone.</summary>
public sealed class AccessibilityTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    private const string UnlabelledControls = """
        () => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
            .filter(el => el.offsetParent !== null)
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.title)
            .map(el => el.outerHTML.slice(0, 120))
        """;

    [Fact]
    public async Task Inputs_are_labelled_and_the_list_and_form_work_from_the_keyboard()
    {
        await Seed.CustomerAsync(app, "键盘测试客户");
        var page = await app.SignInAsync("admin");

        await page.GotoAsync("/customers");
        await Expect(page.Locator("[data-testid=customer-table]")).ToContainTextAsync("键盘测试客户");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnlabelledControls));

        // Tab from the filter box until the customer's link has focus, then open it with Enter.
        await page.Locator("#filter-q").FocusAsync();
        var reached = false;
        for (var i = 0; i < 60 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.textContent?.trim() === '键盘测试客户'");
        }
        Assert.True(reached, "the customer link is reachable with Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=customer-title]")).ToHaveTextAsync("键盘测试客户");

        // The form: labelled, and filled and saved without a mouse.
        await page.GotoAsync("/customers/new");
        await Expect(page.Locator("#customer-name")).ToBeFocusedAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>(UnlabelledControls));
        await page.Keyboard.TypeAsync("Keyboard Ltd");
        await page.Locator("#phone-0").FocusAsync();
        await page.Keyboard.TypeAsync("+86 138 0000 1111");
        await page.Locator("#address-country").FocusAsync();
        await page.Keyboard.TypeAsync("China");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#address-city")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Shenzhen");
        await page.Locator("[data-testid=save-customer]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=customer-title]")).ToHaveTextAsync("Keyboard Ltd");
        await page.Context.CloseAsync();
    }
}
