namespace Rapport.Server.Tests.Sales;

/// <summary>From a deal to money in the bank, through the API on both databases: products and price lists, quotes
/// with revisions and a PDF, acceptance into an order, invoices, partial payments and the overdue list.</summary>
public abstract class QuoteToCashTests(RapportApp app)
{
    private async Task<(HttpClient Admin, OpportunityDto Deal, string CustomerName)> DealAsync(string? customerName = null)
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Name = customerName ?? "Quote Co " + Unique() });
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id })).ReadAsync<OpportunityDto>();
        return (admin, deal, customer.Name);
    }

    private static async Task<QuoteDto> QuoteAsync(HttpClient client, Guid dealId, QuoteInput input)
    {
        return await client.PostCreatedAsync<QuoteDto>($"/api/v1/opportunities/{dealId}/quotes", input);
    }

    [Fact]
    public async Task Quote_lines_take_price_list_prices_and_add_up_exactly_with_discount_and_tax()
    {
        var (admin, deal, _) = await DealAsync();
        var product = await (await admin.PostJsonAsync("/api/v1/products", new ProductInput("SKU-" + Unique(), "Industrial sensor", "pcs", "Hardware"))).ReadAsync<ProductDto>();
        await (await admin.PostJsonAsync("/api/v1/price-lists", new PriceListInput("2026 CNY " + Unique(), "cny", new DateOnly(2026, 1, 1), null,
            [new PriceListItemInput(product.Id, 1250.50m)]))).ShouldBeAsync(HttpStatusCode.Created);

        var quote = await QuoteAsync(admin, deal.Id, new QuoteInput(null, "Delivery in 4 weeks",
        [
            new QuoteLineInput(product.Id, null, 2, DiscountPercent: 15, TaxRatePercent: 6),
            new QuoteLineInput(null, "Installation", 3, 19.99m, TaxRatePercent: 13),
        ]));

        Assert.Equal(("Industrial sensor", "pcs", 1250.50m), (quote.Lines[0].Description, quote.Lines[0].Unit, quote.Lines[0].UnitPrice));
        Assert.Equal([2125.85m, 59.97m], quote.Lines.Select(l => l.Net));
        Assert.Equal([127.55m, 7.80m], quote.Lines.Select(l => l.Tax));
        Assert.Equal((2185.82m, 135.35m, 2321.17m), (quote.Subtotal, quote.Tax, quote.Total));
        Assert.Equal((QuoteStatus.Draft, 1, "CNY"), (quote.Status, quote.Revision, quote.Currency));
        Assert.Matches(@"^Q-\d{4}-\d{5}$", quote.Number);

        // A product no price list prices in the deal's currency needs a price; bad lines say which field is wrong.
        var usd = await (await admin.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "USD deal", CustomerId = deal.CustomerId, Currency = "USD" })).ReadAsync<OpportunityDto>();
        var noPrice = await admin.PostJsonAsync($"/api/v1/opportunities/{usd.Id}/quotes", new QuoteInput(null, null, [new QuoteLineInput(product.Id, null, 1)]));
        Assert.NotNull((await noPrice.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["lines[0].unitPrice"]);
        var bad = await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes", new QuoteInput(null, null,
            [new QuoteLineInput(null, "", 0, 1, DiscountPercent: 120)]));
        var errors = (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!;
        foreach (var f in new[] { "lines[0].description", "lines[0].quantity", "lines[0].discountPercent" }) Assert.NotNull(errors[f]);
    }

    [Fact]
    public async Task A_sent_quote_is_frozen_a_revision_keeps_the_number_and_acceptance_makes_the_order()
    {
        var (admin, deal, customerName) = await DealAsync();
        var quote = await QuoteAsync(admin, deal.Id, new QuoteInput(new DateOnly(2099, 12, 31), null, [new QuoteLineInput(null, "Licence", 10, 99.90m, TaxRatePercent: 13)]));

        var sent = await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ReadAsync<QuoteDto>();
        Assert.Equal(QuoteStatus.Sent, sent.Status);
        await (await admin.PutJsonAsync($"/api/v1/quotes/{quote.Id}", new QuoteInput(null, null, []))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var revision = await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/revise", null, Ct)).ReadAsync<QuoteDto>();
        Assert.Equal((quote.Number, 2, QuoteStatus.Draft, quote.Total), (revision.Number, revision.Revision, revision.Status, revision.Total));
        var cheaper = await (await admin.PutJsonAsync($"/api/v1/quotes/{revision.Id}", new QuoteInput(new DateOnly(2099, 12, 31), null,
            [new QuoteLineInput(null, "Licence", 10, 89.90m, TaxRatePercent: 13)]))).ReadAsync<QuoteDto>();
        Assert.Equal(1015.87m, cheaper.Total);
        await (await admin.PostAsync($"/api/v1/quotes/{revision.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{revision.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();
        Assert.Equal(QuoteStatus.Accepted, accepted.Status);
        var order = (await admin.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{accepted.OrderId}", Json.Options, Ct))!;
        Assert.Equal((revision.Id, customerName, 1015.87m, 0m), (order.QuoteId, order.CustomerName, order.Total, order.Invoiced));
        Assert.Equal(["Licence"], order.Lines.Select(l => l.Description));
        Assert.Matches(@"^SO-\d{4}-\d{5}$", order.Number);

        await (await admin.PostAsync($"/api/v1/quotes/{revision.Id}/revise", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/reject", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var all = await admin.GetFromJsonAsync<List<QuoteListItem>>($"/api/v1/opportunities/{deal.Id}/quotes", Json.Options, Ct);
        Assert.Equal([(2, QuoteStatus.Accepted), (1, QuoteStatus.Rejected)], all!.Select(q => (q.Revision, q.Status)));
    }

    [Fact]
    public async Task Invoices_take_partial_payments_until_paid_and_unpaid_ones_past_due_are_overdue()
    {
        var (admin, deal, _) = await DealAsync();
        var quote = await QuoteAsync(admin, deal.Id, new QuoteInput(null, null, [new QuoteLineInput(null, "Project", 1, 10_000m)]));
        await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct);
        var orderId = (await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>()).OrderId!.Value;

        var deposit = await (await admin.PostJsonAsync($"/api/v1/orders/{orderId}/invoices",
            new InvoiceInput(Amount: 3_000m, DueInDays: 10, IssuedOn: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-40)))).ReadAsync<InvoiceDto>();
        Assert.True(deposit.Overdue);
        var rest = await (await admin.PostJsonAsync($"/api/v1/orders/{orderId}/invoices", new InvoiceInput())).ReadAsync<InvoiceDto>();
        Assert.Equal((7_000m, false), (rest.Amount, rest.Overdue));
        await (await admin.PostJsonAsync($"/api/v1/orders/{orderId}/invoices", new InvoiceInput(Amount: 1m))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(10_000m, (await admin.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{orderId}", Json.Options, Ct))!.Invoiced);

        var overdue = await admin.GetPageAsync<InvoiceDto>("/api/v1/invoices?overdue=true&limit=200");
        Assert.Contains(overdue.Items, i => i.Id == deposit.Id);
        Assert.DoesNotContain(overdue.Items, i => i.Id == rest.Id);

        await (await admin.PostJsonAsync($"/api/v1/invoices/{deposit.Id}/payments", new PaymentInput(1_000m, Method: "Bank transfer", Reference: "TX-1"))).ShouldBeAsync(HttpStatusCode.Created);
        var partly = (await admin.GetFromJsonAsync<InvoiceDto>($"/api/v1/invoices/{deposit.Id}", Json.Options, Ct))!;
        Assert.Equal((InvoiceStatus.PartiallyPaid, 1_000m, 2_000m, true), (partly.Status, partly.Paid, partly.Outstanding, partly.Overdue));

        var tooMuch = await admin.PostJsonAsync($"/api/v1/invoices/{deposit.Id}/payments", new PaymentInput(2_000.01m));
        Assert.NotNull((await tooMuch.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["amount"]);
        await (await admin.PostJsonAsync($"/api/v1/invoices/{deposit.Id}/payments", new PaymentInput(2_000m))).ShouldBeAsync(HttpStatusCode.Created);
        var paid = (await admin.GetFromJsonAsync<InvoiceDto>($"/api/v1/invoices/{deposit.Id}", Json.Options, Ct))!;
        Assert.Equal((InvoiceStatus.Paid, 0m, false), (paid.Status, paid.Outstanding, paid.Overdue));
        Assert.DoesNotContain((await admin.GetPageAsync<InvoiceDto>("/api/v1/invoices?overdue=true&limit=200")).Items, i => i.Id == deposit.Id);
        var payments = await admin.GetFromJsonAsync<List<PaymentDto>>($"/api/v1/invoices/{deposit.Id}/payments", Json.Options, Ct);
        Assert.Equal([1_000m, 2_000m], payments!.Select(p => p.Amount));
        await (await admin.PostJsonAsync($"/api/v1/invoices/{deposit.Id}/payments", new PaymentInput(1m))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_quote_pdf_carries_the_chinese_customer_name_and_the_totals_in_the_company_language()
    {
        var customerName = "星辰科技有限公司" + Unique();
        var (admin, deal, _) = await DealAsync(customerName);
        var quote = await QuoteAsync(admin, deal.Id, new QuoteInput(new DateOnly(2099, 6, 30), "交货期：四周",
            [new QuoteLineInput(null, "工业传感器", 2, 1250.50m, DiscountPercent: 15, TaxRatePercent: 6)]));
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults with { CompanyName = "睿博软件", DocumentLanguage = "zh-CN" }))
            .ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            var response = await admin.GetAsync($"/api/v1/quotes/{quote.Id}/pdf", Ct);
            await response.ShouldBeAsync(HttpStatusCode.OK);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            // Only the glyphs drawn are embedded, not the whole CJK font (which alone is 9 MB compressed).
            Assert.InRange(bytes.Length, 1, 1_000_000);

            var text = await PdfText.ReadAsync(bytes, Ct);
            Assert.Contains(customerName, text, StringComparison.Ordinal);
            foreach (var expected in new[] { "报价单", "睿博软件", "工业传感器", quote.Number, "2,253.40", "交货期：四周" })
                Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults);
        }
    }

    [Fact]
    public async Task A_sales_rep_reaches_quotes_and_orders_only_through_their_own_deals_and_customers()
    {
        var (admin, deal, _) = await DealAsync();
        var quote = await QuoteAsync(admin, deal.Id, new QuoteInput(null, null, [new QuoteLineInput(null, "Item", 1, 10m)]));
        await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct);
        var orderId = (await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>()).OrderId;
        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("qc-" + Unique(), Roles.SalesRepresentative));

        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"/api/v1/quotes/{quote.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"/api/v1/quotes/{quote.Id}/pdf", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"/api/v1/orders/{orderId}", Ct)).StatusCode);
        Assert.DoesNotContain((await rep.GetPageAsync<OrderListItem>("/api/v1/orders?limit=200")).Items, o => o.Id == orderId);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.PostJsonAsync("/api/v1/products", new ProductInput("X" + Unique(), "x"))).StatusCode);
    }
}

public sealed class QuoteToCashOnSqlite(SqliteApp app) : QuoteToCashTests(app), IClassFixture<SqliteApp>;

public sealed class QuoteToCashOnPostgres(PostgresApp app) : QuoteToCashTests(app), IClassFixture<PostgresApp>;
