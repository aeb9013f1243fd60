using Rapport.Server.Tests.Infrastructure;

namespace Rapport.E2E.Tests;

/// <summary>The whole sales path in the browser: a web-form lead is auto-assigned, converted with a deal, the deal
/// dragged to Won, a quote drafted, sent and accepted, its PDF downloaded (the Chinese customer name is real text
/// in it), and the invoice paid.</summary>
public sealed class LeadToCashTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task From_web_form_to_paid_invoice()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var (rep, token) = await Seed.InboundAsync(app, stem);
        var company = "华夏精工" + stem;
        var product = "润滑脂 " + stem;
        await Seed.PricedProductAsync(app, product, 1250.50m);

        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await visitor.GotoAsync($"/forms/{token}");
        await visitor.GetByLabel("Your name").FillAsync("周杰");
        await visitor.GetByLabel("Company").FillAsync(company);
        await visitor.GetByLabel("Email").FillAsync($"zhou{stem}@example.cn");
        await visitor.GetByLabel("Country").FillAsync("中国");
        await visitor.GetByLabel("City").FillAsync("苏州");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.Locator("main")).ToContainTextAsync("Thank you");
        await visitor.Context.CloseAsync();

        // The rep converts it, opening a deal at the same time.
        var page = await app.SignInAsync(rep);
        await page.GotoAsync("/leads");
        await page.Locator("[data-testid=lead-table] tbody tr", new() { HasText = company }).GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("[data-testid=convert-lead]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Also open an opportunity").CheckAsync();
        await dialog.Locator("#convert-deal-amount").FillAsync("50000");
        await dialog.Locator("[data-testid=confirm-convert]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/customers/[0-9a-f-]{36}$"));

        // Across the board to Won.
        await page.GotoAsync("/sales/board");
        var card = page.Locator("[data-testid=deal-card]", new() { HasText = company });
        await Expect(page.Locator("[data-testid='column-Qualification']")).ToContainTextAsync(company);
        await PipelineBoardTests.DragAsync(page, card, page.Locator("[data-testid='column-Won'] .board-zone"));
        await Expect(page.Locator("[data-testid='column-Won']")).ToContainTextAsync(company);

        // A quote on the deal: drafted, sent, accepted.
        await card.GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("[data-testid=new-quote]").ClickAsync();
        await page.Locator("#line-0-description").FillAsync("精密轴承");
        await page.Locator("#line-0-quantity").FillAsync("4");
        await page.Locator("#line-0-price").FillAsync("12500");
        await page.Locator("#line-0-tax").FillAsync("13");
        await page.Locator("#line-0-tax").BlurAsync();
        await Expect(page.Locator("[data-testid=quote-totals]")).ToContainTextAsync("56,500.00");
        // A product line: picking the product brings its price-list price into the form, so the totals shown are the
        // totals saved.
        await page.Locator("[data-testid=add-line]").ClickAsync();
        await page.GetByLabel("Product").Nth(1).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = product }).ClickAsync();
        await Expect(page.Locator("#line-1-price")).ToHaveValueAsync(new Regex(@"^1,?250\.5"));
        await Expect(page.Locator("[data-testid=quote-totals]")).ToContainTextAsync("57,750.50");
        await page.Locator("[data-testid=save-quote]").ClickAsync();
        await Expect(page.Locator("[data-testid=quote-status]")).ToHaveTextAsync("Draft");
        await Expect(page.Locator("[data-testid=quote-totals]")).ToContainTextAsync("57,750.50");
        await page.Locator("[data-testid=send-quote]").ClickAsync();
        await Expect(page.Locator("[data-testid=quote-status]")).ToHaveTextAsync("Sent");
        // Accepting says what it creates before it does it.
        await page.Locator("[data-testid=accept-quote]").ClickAsync();
        await Expect(page.Locator("[data-testid=accept-order]")).ToContainTextAsync("This creates an order with 2 lines for CNY 57,750.50");
        await Expect(page.Locator("[data-testid=accept-deal]")).ToContainTextAsync("is won already");
        await Expect(page.Locator("[data-testid=quote-status]")).ToHaveTextAsync("Sent");
        await page.Locator("[data-testid=confirm-accept]").ClickAsync();
        await Expect(page.Locator("[data-testid=quote-status]")).ToHaveTextAsync("Accepted");
        await BrowserApp.ScreenshotAsync(page, "13-quote-accepted");

        // The PDF link serves the quote to the signed-in user; the Chinese customer name is text in it.
        var pdfUrl = await page.Locator("[data-testid=quote-pdf]").GetAttributeAsync("href");
        var pdf = await page.Context.APIRequest.GetAsync(pdfUrl!);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        var text = await PdfText.ReadAsync(await pdf.BodyAsync(), TestContext.Current.CancellationToken);
        Assert.Contains(company, text, StringComparison.Ordinal);
        Assert.Contains("精密轴承", text, StringComparison.Ordinal);
        var orderUrl = await page.Locator("[data-testid=order-link]").GetAttributeAsync("href");
        await page.Context.CloseAsync();

        // Finance invoices the order and records the payment.
        var finance = await app.SignInAsync("admin");
        await finance.GotoAsync(orderUrl!);
        await finance.Locator("[data-testid=create-invoice]").ClickAsync();
        var invoice = finance.Locator("[data-testid=invoice]");
        await Expect(invoice.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Open");
        await invoice.Locator("[data-testid=record-payment]").ClickAsync();
        await Expect(invoice.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Paid");
        await Expect(invoice.Locator("[data-testid=payment]")).ToContainTextAsync("Bank transfer");
        await BrowserApp.ScreenshotAsync(finance, "14-order-paid");
        await finance.Context.CloseAsync();
    }
}
