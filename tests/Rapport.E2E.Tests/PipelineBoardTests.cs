using Rapport.Core.Sales;

namespace Rapport.E2E.Tests;

/// <summary>The pipeline board in the browser: dragging a deal between stages moves it, the stage's rules can
/// refuse the move, and the column totals follow.</summary>
public sealed class PipelineBoardTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task Dragging_a_deal_to_won_moves_it_and_a_stage_that_needs_more_sends_it_back()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var customer = await Seed.CustomerAsync(app, "星河物流" + stem);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var deals = scope.ServiceProvider.GetRequiredService<OpportunityService>();
            await deals.CreateAsync(new OpportunityInput { Name = "Fleet " + stem, CustomerId = customer.Id, Amount = 88_000, ExpectedCloseDate = new DateOnly(2031, 3, 1) }, CancellationToken.None);
            await deals.CreateAsync(new OpportunityInput { Name = "Bare " + stem, CustomerId = customer.Id }, CancellationToken.None);
        }
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/sales/board");
        var fleet = page.Locator("[data-testid=deal-card]", new() { HasText = "Fleet " + stem });
        var bare = page.Locator("[data-testid=deal-card]", new() { HasText = "Bare " + stem });
        var won = page.Locator("[data-testid='column-Won']");
        var proposal = page.Locator("[data-testid='column-Proposal']");
        await Expect(page.Locator("[data-testid='column-Qualification']")).ToContainTextAsync("Fleet " + stem);

        await DragAsync(page, fleet, won.Locator(".board-zone"));
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("moved to Won");
        await Expect(won).ToContainTextAsync("Fleet " + stem);
        await Expect(won.Locator("[data-testid=column-amount]")).ToContainTextAsync("88,000.00");
        await BrowserApp.ScreenshotAsync(page, "12-pipeline-board");

        // Proposal needs an amount and a close date: the bare deal is refused and stays where it was.
        await DragAsync(page, bare, proposal.Locator(".board-zone"));
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Required before the deal can enter “Proposal”");
        await Expect(page.Locator("[data-testid='column-Qualification']")).ToContainTextAsync("Bare " + stem);
        await Expect(proposal).Not.ToContainTextAsync("Bare " + stem);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_adds_a_product_prices_it_and_adds_a_pipeline_stage()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/admin/products");
        await page.Locator("#product-sku").FillAsync("SKU-" + stem);
        await page.Locator("#product-name").FillAsync("伺服电机 " + stem);
        await page.Locator("#product-unit").FillAsync("台");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add product" }).ClickAsync();
        await Expect(page.Locator("table").First).ToContainTextAsync("伺服电机 " + stem);

        // Price it in a new list: the catalogue then shows the price under the list's name.
        var editor = page.Locator("[data-testid=price-list-editor]");
        await editor.Locator("#price-list-name").FillAsync("List " + stem);
        await editor.Locator($"#price-SKU-{stem}").FillAsync("8888");
        await editor.Locator("[data-testid=save-price-list]").ClickAsync();
        await Expect(page.Locator("table").First).ToContainTextAsync("CNY 8,888.00");

        await page.GotoAsync("/admin/pipelines");
        var pipeline = page.Locator("[data-testid=pipeline]").First;
        await pipeline.GetByRole(AriaRole.Button, new() { Name = "Add a stage" }).ClickAsync();
        var rows = pipeline.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(7);
        await rows.Nth(4).Locator("input").First.FillAsync("Contract review " + stem);
        await pipeline.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");
        await page.GotoAsync("/sales/board");
        await Expect(page.Locator($"[data-testid='column-Contract review {stem}']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Drags a card onto a column with the browser's own drag-and-drop events (dragstart on the card, dragover
    /// and drop on the column, dragend), which is what the board listens to.</summary>
    internal static async Task DragAsync(IPage page, ILocator card, ILocator target)
    {
        var item = card.Locator("xpath=ancestor::*[@draggable='true'][1]");
        var data = await page.EvaluateHandleAsync("() => new DataTransfer()");
        await item.DispatchEventAsync("dragstart", new { dataTransfer = data });
        await target.DispatchEventAsync("dragenter", new { dataTransfer = data });
        await target.DispatchEventAsync("dragover", new { dataTransfer = data });
        await target.DispatchEventAsync("drop", new { dataTransfer = data });
        await item.DispatchEventAsync("dragend", new { dataTransfer = data });
    }
}
