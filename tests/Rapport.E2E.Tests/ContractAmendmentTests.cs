using Rapport.Core.Sales;

namespace Rapport.E2E.Tests;

/// <summary>A signed contract is changed in the browser as an amendment: the page says so, asks for the reason, and
/// lists the amendment with what changed.</summary>
public sealed class ContractAmendmentTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task Amending_a_signed_contract_asks_for_the_reason_and_keeps_the_change_in_its_history()
    {
        var customer = await Seed.CustomerAsync(app, "Contracted " + Guid.NewGuid().ToString("N")[..6]);
        ContractDto contract;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var contracts = scope.ServiceProvider.GetRequiredService<ContractService>();
            contract = await contracts.CreateAsync(new ContractInput(customer.Id, "Maintenance 2026", 50_000m, "CNY", new DateOnly(2026, 1, 1),
                new DateOnly(2026, 12, 31)), Ct);
            contract = await contracts.ActivateAsync(contract.Id, null, Ct);
        }

        var page = await app.SignInAsync("admin");
        await page.GotoAsync($"/sales/contracts/{contract.Id}");
        await page.Locator("[data-testid=edit-contract]").ClickAsync();
        var form = page.Locator("[data-testid=contract-form]");
        await Expect(form).ToContainTextAsync("kept as an amendment");
        await form.GetByLabel("Contract value").FillAsync("65000");
        await page.Locator("[data-testid=save-contract]").ClickAsync();
        // No reason: refused, nothing changes.
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("give its reason");
        await page.Locator("#amendment-reason").FillAsync("Two more machines covered");
        await page.Locator("[data-testid=save-contract]").ClickAsync();

        var amendment = page.Locator("[data-testid=contract-amendments] [data-testid=amendment]");
        await Expect(amendment).ToHaveCountAsync(1);
        await Expect(amendment).ToContainTextAsync("Two more machines covered");
        await Expect(amendment).ToContainTextAsync("Contract value: CNY 50,000.00 → CNY 65,000.00");
        await Expect(form).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "40-contract-amendment");
        await page.Context.CloseAsync();
    }
}
