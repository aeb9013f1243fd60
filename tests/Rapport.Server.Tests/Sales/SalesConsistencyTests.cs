namespace Rapport.Server.Tests.Sales;

/// <summary>Deal, quote, order and invoices stay consistent with one another under parallel requests: money is never
/// invoiced twice, an accepted quote wins its deal, and racing edits answer 412, never 500.</summary>
public abstract class SalesConsistencyTests(RapportApp app)
{
    private async Task<(HttpClient Admin, OpportunityDto Deal)> DealAsync(Guid? pipelineId = null)
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Name = "Consistency Co " + Unique() });
        var response = await admin.PostJsonAsync("/api/v1/opportunities",
            new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, PipelineId = pipelineId, Amount = 10m });
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return (admin, await response.ReadAsync<OpportunityDto>());
    }

    private static async Task<QuoteDto> SentQuoteAsync(HttpClient admin, Guid dealId, decimal unitPrice, decimal quantity = 1, decimal tax = 0)
    {
        var quote = await admin.PostCreatedAsync<QuoteDto>($"/api/v1/opportunities/{dealId}/quotes",
            new QuoteInput(new DateOnly(2099, 12, 31), null, [new QuoteLineInput(null, "Service", quantity, unitPrice, TaxRatePercent: tax)]));
        await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        return quote;
    }

    private async Task<OrderDto> OrderAsync(decimal total)
    {
        var (admin, deal) = await DealAsync();
        var quote = await SentQuoteAsync(admin, deal.Id, total);
        var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();
        return await (await admin.GetAsync($"/api/v1/orders/{accepted.OrderId}", Ct)).ReadAsync<OrderDto>();
    }

    [Fact]
    public async Task Twenty_parallel_invoices_for_the_whole_order_invoice_it_once()
    {
        var order = await OrderAsync(100m);
        var admin = await app.AdminClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            admin.PostJsonAsync($"/api/v1/orders/{order.Id}/invoices", new InvoiceInput())));

        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Single(created);
        Assert.All(responses.Except(created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(100m, (await created[0].ReadAsync<InvoiceDto>()).Amount);
        var after = await (await admin.GetAsync($"/api/v1/orders/{order.Id}", Ct)).ReadAsync<OrderDto>();
        Assert.Equal(100m, after.Invoiced);
        // Nothing is left to invoice, and the refusal says so.
        var more = await admin.PostJsonAsync($"/api/v1/orders/{order.Id}/invoices", new InvoiceInput(0.01m));
        Assert.Contains("Validation.FullyInvoiced", (await more.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("amount"));
    }

    [Fact]
    public async Task After_a_deposit_parallel_invoices_for_the_rest_invoice_it_once()
    {
        var order = await OrderAsync(100m);
        var admin = await app.AdminClientAsync();
        var deposit = await admin.PostCreatedAsync<InvoiceDto>($"/api/v1/orders/{order.Id}/invoices", new InvoiceInput(30m));

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            admin.PostJsonAsync($"/api/v1/orders/{order.Id}/invoices", new InvoiceInput())));

        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Single(created);
        Assert.Equal((30m, 70m), (deposit.Amount, (await created[0].ReadAsync<InvoiceDto>()).Amount));
        Assert.Equal(100m, (await (await admin.GetAsync($"/api/v1/orders/{order.Id}", Ct)).ReadAsync<OrderDto>()).Invoiced);
    }

    [Fact]
    public async Task Parallel_partial_invoices_add_up_to_the_order_and_never_beyond()
    {
        var order = await OrderAsync(100m);
        var admin = await app.AdminClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            admin.PostJsonAsync($"/api/v1/orders/{order.Id}/invoices", new InvoiceInput(25m))));

        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(4, created.Count);
        var amounts = await Task.WhenAll(created.Select(r => r.ReadAsync<InvoiceDto>()));
        Assert.Equal(100m, amounts.Sum(i => i.Amount));
        Assert.Equal(100m, (await (await admin.GetAsync($"/api/v1/orders/{order.Id}", Ct)).ReadAsync<OrderDto>()).Invoiced);
    }

    [Fact]
    public async Task Accepting_a_quote_wins_the_deal_for_the_quote_total()
    {
        var (admin, deal) = await DealAsync();
        var quote = await SentQuoteAsync(admin, deal.Id, 999m, quantity: 1, tax: 13);

        var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();

        var won = await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}", Ct)).ReadAsync<OpportunityDto>();
        Assert.Equal((StageKind.Won, 1128.87m, quote.Currency, 100), (won.StageKind, won.Amount, won.Currency, won.Probability));
        Assert.Equal(accepted.Total, won.Amount);
        Assert.NotNull(won.ClosedAt);
        var history = await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}/history", Ct)).ReadAsync<List<StageChangeDto>>();
        Assert.Equal(won.StageId, history.Last().ToStageId);
        var order = await (await admin.GetAsync($"/api/v1/orders/{accepted.OrderId}", Ct)).ReadAsync<OrderDto>();
        Assert.Equal(won.Amount, order.Total);
    }

    [Fact]
    public async Task A_quote_whose_deal_cannot_be_won_is_not_accepted_and_no_order_is_made()
    {
        var admin = await app.AdminClientAsync();
        var pipeline = await (await admin.PostJsonAsync("/api/v1/pipelines", new PipelineInput("Strict " + Unique(),
        [
            new PipelineStageInput(null, "Talking", 20),
            new PipelineStageInput(null, "Signed", 100, StageKind.Won, ["competitors"]),
            new PipelineStageInput(null, "Gone", 0, StageKind.Lost),
        ]))).ReadAsync<PipelineDto>();
        var (_, deal) = await DealAsync(pipeline.Id);
        var quote = await SentQuoteAsync(admin, deal.Id, 500m);

        var refused = await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput());

        Assert.NotEmpty((await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("competitors"));
        var still = await (await admin.GetAsync($"/api/v1/quotes/{quote.Id}", Ct)).ReadAsync<QuoteDto>();
        Assert.Equal((QuoteStatus.Sent, (Guid?)null), (still.Status, still.OrderId));
        var unchanged = await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}", Ct)).ReadAsync<OpportunityDto>();
        Assert.Equal((StageKind.Open, 10m), (unchanged.StageKind, unchanged.Amount));
    }

    [Fact]
    public async Task Racing_accepts_of_one_quote_make_one_order_and_never_fail_with_500()
    {
        var (admin, deal) = await DealAsync();
        var quote = await SentQuoteAsync(admin, deal.Id, 250m);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed, HttpStatusCode.BadRequest }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var orders = await admin.GetPageAsync<OrderListItem>($"/api/v1/orders?customerId={deal.CustomerId}");
        Assert.Single(orders.Items);
    }

    [Fact]
    public async Task Racing_edits_of_a_quote_and_of_a_contract_answer_412_not_500()
    {
        var (admin, deal) = await DealAsync();
        var created = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(null, "Draft line", 1, 10m)]))).ReadAsync<QuoteDto>();
        var quoteEdits = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/quotes/{created.Id}")
            {
                Content = JsonContent.Create(new QuoteInput(null, "edit " + i, [new QuoteLineInput(null, "Line " + i, 1, 10m + i)]), options: Json.Options),
            }.WithIfMatch($"\"{created.Version}\"");
            return admin.SendAsync(request, Ct);
        }));

        var contract = await (await admin.PostJsonAsync("/api/v1/contracts", new ContractInput(deal.CustomerId, "Support " + Unique(), 1000m, "CNY",
            new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)))).ReadAsync<ContractDto>();
        var contractEdits = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/contracts/{contract.Id}")
            {
                Content = JsonContent.Create(new ContractInput(deal.CustomerId, "Support v" + i, 1000m + i, "CNY",
                    new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)), options: Json.Options),
            }.WithIfMatch($"\"{contract.Version}\"");
            return admin.SendAsync(request, Ct);
        }));

        foreach (var edits in new[] { quoteEdits, contractEdits })
        {
            Assert.All(edits, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }));
            Assert.Single(edits, r => r.StatusCode == HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Product_prices_are_what_a_quote_line_without_a_price_is_saved_with()
    {
        var (admin, deal) = await DealAsync();
        var product = await (await admin.PostJsonAsync("/api/v1/products", new ProductInput("SKU-" + Unique(), "Gateway", "pcs"))).ReadAsync<ProductDto>();
        var unpriced = await (await admin.PostJsonAsync("/api/v1/products", new ProductInput("SKU-" + Unique(), "Cable", "m"))).ReadAsync<ProductDto>();
        await (await admin.PostJsonAsync("/api/v1/price-lists", new PriceListInput("Old " + Unique(), "CNY", new DateOnly(2020, 1, 1), null,
            [new PriceListItemInput(product.Id, 3000m)]))).ShouldBeAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/price-lists", new PriceListInput("New " + Unique(), "CNY", new DateOnly(2024, 1, 1), null,
            [new PriceListItemInput(product.Id, 3362.16m)]))).ShouldBeAsync(HttpStatusCode.Created);

        var prices = await (await admin.GetAsync($"/api/v1/products/prices?currency=cny&productId={product.Id}&productId={unpriced.Id}", Ct))
            .ReadAsync<Dictionary<Guid, decimal>>();
        var quote = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(product.Id, null, 5)]))).ReadAsync<QuoteDto>();

        Assert.Equal(3362.16m, prices[product.Id]);
        Assert.False(prices.ContainsKey(unpriced.Id));
        Assert.Equal(prices[product.Id], quote.Lines[0].UnitPrice);
        Assert.Equal(16810.80m, quote.Total);
        // Not a currency code: a clear field error, not an empty answer.
        var bad = await admin.GetAsync($"/api/v1/products/prices?currency=yuan&productId={product.Id}", Ct);
        Assert.Contains("Validation.Currency", (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("currency"));
    }
}

public sealed class SalesConsistencyOnSqlite(SqliteApp app) : SalesConsistencyTests(app), IClassFixture<SqliteApp>;

public sealed class SalesConsistencyOnPostgres(PostgresApp app) : SalesConsistencyTests(app), IClassFixture<PostgresApp>;
