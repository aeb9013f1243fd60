namespace Rapport.Server.Tests.Robustness;

/// <summary>Edits racing on the same version of any versioned record: exactly one wins, the others are told 412 (with
/// the version now stored), and none fails with 500 — whichever service saves it.</summary>
public abstract class ConcurrentEditTests(RapportApp app)
{
    private const int Racers = 4;

    /// <summary>Sends <see cref="Racers"/> writes at once, all claiming to change <paramref name="version"/>.</summary>
    private static Task<HttpResponseMessage[]> RaceAsync<T>(HttpClient client, HttpMethod method, string url, long version, Func<int, T> body) =>
        Task.WhenAll(Enumerable.Range(0, Racers).Select(i => client.SendAsync(new HttpRequestMessage(method, url)
        {
            Content = JsonContent.Create(body(i), options: Json.Options),
        }.WithIfMatch($"\"{version}\""), Ct)));

    private static async Task OneWinsAsync(HttpResponseMessage[] responses, long version)
    {
        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        Assert.Single(responses, r => r.IsSuccessStatusCode);
        foreach (var lost in responses.Where(r => !r.IsSuccessStatusCode))
        {
            var problem = await lost.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
            Assert.Equal(version + 1, problem["currentVersion"]!.GetValue<long>());
        }
    }

    private async Task<(HttpClient Admin, CustomerDto Customer)> CustomerAsync()
    {
        var admin = await app.AdminClientAsync();
        return (admin, await admin.CreateAsync(CustomerSamples.Valid(name: "Race Co " + Unique())));
    }

    [Fact]
    public async Task Racing_customer_edits_let_one_win()
    {
        var (admin, customer) = await CustomerAsync();
        var input = CustomerSamples.Valid();

        var responses = await RaceAsync(admin, HttpMethod.Put, $"{CustomersUrl}/{customer.Id}", customer.Version,
            i => input with { Name = $"Race Co renamed {i} {Unique()}" });

        await OneWinsAsync(responses, customer.Version);
    }

    [Fact]
    public async Task Racing_contact_edits_let_one_win()
    {
        var (admin, customer) = await CustomerAsync();
        var contact = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = "Zhang Wei" });

        var responses = await RaceAsync(admin, HttpMethod.Put, $"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}", contact.Version,
            i => new ContactInput { Name = "Zhang Wei", Title = "Buyer " + i });

        await OneWinsAsync(responses, contact.Version);
    }

    [Fact]
    public async Task Racing_interaction_edits_let_one_win()
    {
        var (admin, customer) = await CustomerAsync();
        var interaction = await admin.PostCreatedAsync<InteractionDto>($"{CustomersUrl}/{customer.Id}/interactions", new InteractionInput { Subject = "Call" });

        var responses = await RaceAsync(admin, HttpMethod.Put, $"{CustomersUrl}/{customer.Id}/interactions/{interaction.Id}", interaction.Version,
            i => new InteractionInput { Subject = "Call " + i });

        await OneWinsAsync(responses, interaction.Version);
    }

    [Fact]
    public async Task Racing_lead_edits_let_one_win()
    {
        var admin = await app.AdminClientAsync();
        var input = new LeadInput { Name = "Wang Fang " + Unique(), Company = "Lead Co " + Unique(), Email = $"l{Unique()}@example.com" };
        var lead = await admin.PostCreatedAsync<LeadDto>("/api/v1/leads?confirmDuplicate=true", input);

        var responses = await RaceAsync(admin, HttpMethod.Put, $"/api/v1/leads/{lead.Id}", lead.Version, i => input with { Title = "Buyer " + i });

        await OneWinsAsync(responses, lead.Version);
    }

    [Fact]
    public async Task Racing_opportunity_edits_let_one_win()
    {
        var (admin, customer) = await CustomerAsync();
        var deal = await admin.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities", new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, Amount = 10m });

        var responses = await RaceAsync(admin, HttpMethod.Put, $"/api/v1/opportunities/{deal.Id}", deal.Version,
            i => new OpportunityInput { Name = deal.Name, CustomerId = customer.Id, Amount = 20m + i });

        await OneWinsAsync(responses, deal.Version);
    }

    [Fact]
    public async Task Racing_quote_and_contract_edits_let_one_win()
    {
        var (admin, customer) = await CustomerAsync();
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities",
            new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, Amount = 10m })).ReadAsync<OpportunityDto>();
        var quote = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(null, "Draft line", 1, 10m)]))).ReadAsync<QuoteDto>();
        var contract = await (await admin.PostJsonAsync("/api/v1/contracts", new ContractInput(customer.Id, "Support " + Unique(), 1000m, "CNY",
            new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)))).ReadAsync<ContractDto>();

        var quoteEdits = await RaceAsync(admin, HttpMethod.Put, $"/api/v1/quotes/{quote.Id}", quote.Version,
            i => new QuoteInput(null, "edit " + i, [new QuoteLineInput(null, "Line " + i, 1, 10m + i)]));
        var contractEdits = await RaceAsync(admin, HttpMethod.Put, $"/api/v1/contracts/{contract.Id}", contract.Version,
            i => new ContractInput(customer.Id, "Support v" + i, 1000m + i, "CNY", new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)));

        await OneWinsAsync(quoteEdits, quote.Version);
        await OneWinsAsync(contractEdits, contract.Version);
    }

    [Fact]
    public async Task Racing_payments_on_one_invoice_never_overpay_it_and_never_fail_with_500()
    {
        var (admin, customer) = await CustomerAsync();
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities",
            new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, Amount = 10m })).ReadAsync<OpportunityDto>();
        var quote = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes",
            new QuoteInput(new DateOnly(2099, 12, 31), null, [new QuoteLineInput(null, "Service", 1, 100m)]))).ReadAsync<QuoteDto>();
        await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();
        var invoice = await (await admin.PostJsonAsync($"/api/v1/orders/{accepted.OrderId}/invoices", new InvoiceInput())).ReadAsync<InvoiceDto>();

        // Payments carry no If-Match: a racer either loses the race (412) or, coming second, finds too little outstanding (400).
        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ =>
            admin.PostJsonAsync($"/api/v1/invoices/{invoice.Id}/payments", new PaymentInput(60m))));

        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.PreconditionFailed, HttpStatusCode.BadRequest }));
        var after = await (await admin.GetAsync($"/api/v1/invoices/{invoice.Id}", Ct)).ReadAsync<InvoiceDto>();
        Assert.Equal((60m, InvoiceStatus.PartiallyPaid, invoice.Version + 1), (after.Paid, after.Status, after.Version));
    }
}

public sealed class ConcurrentEditOnSqlite(SqliteApp app) : ConcurrentEditTests(app), IClassFixture<SqliteApp>;

public sealed class ConcurrentEditOnPostgres(PostgresApp app) : ConcurrentEditTests(app), IClassFixture<PostgresApp>;
