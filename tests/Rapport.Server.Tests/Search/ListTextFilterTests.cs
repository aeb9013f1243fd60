namespace Rapport.Server.Tests.Search;

/// <summary>The <c>q</c> filter of the lead, opportunity and product lists goes through the shared text index
/// (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) and matches like the customer search.</summary>
public abstract class ListTextFilterTests(RapportApp app)
{
    private const string LeadsUrl = "/api/v1/leads";
    private const string DealsUrl = "/api/v1/opportunities";
    private const string ProductsUrl = "/api/v1/products";

    /// <summary>A word nobody else uses, so each test finds only its own records.</summary>
    private static string Word() => "zq" + Guid.NewGuid().ToString("N")[..8];

    private static string Q(string term) => Uri.EscapeDataString(term);

    /// <summary>Each fragment of 星辰科技 (two, three or four characters) finds the record named with it, and not the others.</summary>
    private static async Task EveryChineseFragmentFindsAsync(Func<string, Task<IReadOnlyList<Guid>>> search, Guid match, params Guid[] others)
    {
        foreach (var fragment in new[] { "星辰科技", "星辰", "科技", "星辰科" })
        {
            var found = await search(fragment);
            Assert.Contains(match, found);
            foreach (var other in others) Assert.DoesNotContain(other, found);
        }
    }

    private static async Task<LeadDto> CreateLeadAsync(HttpClient client, string name, string? company = null, string? phone = null, Guid? ownerId = null)
    {
        return await client.PostCreatedAsync<LeadDto>(LeadsUrl + "?confirmDuplicate=true",
            new LeadInput { Name = name, Company = company, Phone = phone, Email = $"{Word()}@example.com", OwnerId = ownerId });
    }

    private static async Task<IReadOnlyList<Guid>> LeadsAsync(HttpClient client, string q) =>
        (await client.GetPageAsync<LeadListItem>($"{LeadsUrl}?limit=200&q={Q(q)}")).Items.Select(l => l.Id).ToList();

    private static async Task<OpportunityDto> CreateDealAsync(HttpClient client, string name, Guid customerId)
    {
        return await client.PostCreatedAsync<OpportunityDto>(DealsUrl, new OpportunityInput { Name = name, CustomerId = customerId });
    }

    private static async Task<IReadOnlyList<Guid>> DealsAsync(HttpClient client, string q) =>
        (await client.GetPageAsync<OpportunityListItem>($"{DealsUrl}?limit=200&q={Q(q)}")).Items.Select(o => o.Id).ToList();

    private static async Task<ProductDto> CreateProductAsync(HttpClient client, string sku, string name)
    {
        return await client.PostCreatedAsync<ProductDto>(ProductsUrl, new ProductInput(sku, name, "pcs"));
    }

    private static async Task<IReadOnlyList<Guid>> ProductsAsync(HttpClient client, string q) =>
        (await client.GetFromJsonAsync<List<ProductDto>>($"{ProductsUrl}?q={Q(q)}", Json.Options, Ct))!.Select(p => p.Id).ToList();

    [Fact]
    public async Task Leads_are_found_by_English_fragment_in_any_case_and_Chinese_fragments_of_two_and_three_characters()
    {
        var admin = await app.AdminClientAsync();
        var word = Word();
        var english = await CreateLeadAsync(admin, "Wang Fang", $"{word}field Logistics");
        var chinese = await CreateLeadAsync(admin, "李娜", "北京星辰科技" + word);
        var other = await CreateLeadAsync(admin, "张伟", "上海星光贸易" + word);

        Assert.Equal([english.Id], await LeadsAsync(admin, word.ToUpperInvariant()[2..] + "FIELD LOG"));
        await EveryChineseFragmentFindsAsync(q => LeadsAsync(admin, q), chinese.Id, other.Id, english.Id);
        Assert.Empty(await LeadsAsync(admin, word + "nothing"));
    }

    [Fact]
    public async Task A_lead_is_found_by_its_phone_however_the_digits_are_written()
    {
        var admin = await app.AdminClientAsync();
        var digits = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lead = await CreateLeadAsync(admin, "Chen Jie " + Word(), phone: "+86 137 " + digits + " 2" + digits[..3]);

        foreach (var written in new[] { $"137{digits}2{digits[..3]}", $"137-{digits}-2{digits[..3]}", $"(137) {digits} 2{digits[..3]}" })
            Assert.Contains(lead.Id, await LeadsAsync(admin, written));
    }

    [Fact]
    public async Task A_rep_does_not_find_another_reps_lead_by_text()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, otherRepId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var word = Word();
        var mine = await CreateLeadAsync(admin, "Mine", "星辰科技" + word, ownerId: repId);
        var theirs = await CreateLeadAsync(admin, "Theirs", "星辰科技" + word, ownerId: otherRepId);

        Assert.Equal([mine.Id], await LeadsAsync(rep, word));
        var byFragment = await LeadsAsync(rep, "星辰");
        Assert.Contains(mine.Id, byFragment);
        Assert.DoesNotContain(theirs.Id, byFragment);
        Assert.Equal(new[] { mine.Id, theirs.Id }.Order(), (await LeadsAsync(admin, word)).Order());
    }

    [Fact]
    public async Task The_lead_list_pages_through_a_text_filter_with_a_cursor_and_counts_it_on_the_first_page()
    {
        var admin = await app.AdminClientAsync();
        var word = Word();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++) created.Add((await CreateLeadAsync(admin, $"Lead {i}", $"{word} Trading {i}")).Id);
        await CreateLeadAsync(admin, "Unrelated", "Other Trading " + Word());

        var seen = new List<Guid>();
        string? cursor = null;
        Page<LeadListItem>? first = null;
        do
        {
            var page = await admin.GetPageAsync<LeadListItem>($"{LeadsUrl}?q={word}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            first ??= page;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(l => l.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(created.Order(), seen.Order()); // each once, and nothing else
        Assert.Equal(5, first!.Total);
    }

    [Fact]
    public async Task Opportunities_are_found_by_name_fragments_and_by_their_customers_name()
    {
        var admin = await app.AdminClientAsync();
        var word = Word();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Holdings"));
        var elsewhere = await admin.CreateAsync(CustomerSamples.Valid(name: "Elsewhere " + Word()));
        var byName = await CreateDealAsync(admin, $"北京星辰科技 CRM {word}", elsewhere.Id);
        var byCustomer = await CreateDealAsync(admin, "ERP rollout", customer.Id);
        var other = await CreateDealAsync(admin, "上海星光贸易 " + Word(), elsewhere.Id);

        Assert.Equal([byName.Id], await DealsAsync(admin, $"CRM {word.ToUpperInvariant()}"));
        Assert.Equal(new[] { byName.Id, byCustomer.Id }.Order(), (await DealsAsync(admin, word)).Order());
        await EveryChineseFragmentFindsAsync(q => DealsAsync(admin, q), byName.Id, other.Id);
        Assert.Empty(await DealsAsync(admin, word + "nothing"));
    }

    [Fact]
    public async Task Products_are_found_by_SKU_prefix_and_name_fragments_and_a_rename_moves_the_match()
    {
        var admin = await app.AdminClientAsync();
        var word = Word();
        var sensor = await CreateProductAsync(admin, $"XC-{word}-01", "星辰科技传感器");
        var cable = await CreateProductAsync(admin, $"XC-{word}-02", "Shielded cable");
        var other = await CreateProductAsync(admin, "YG-" + Word(), "星光贸易网关");

        Assert.Equal(new[] { sensor.Id, cable.Id }.Order(), (await ProductsAsync(admin, $"xc-{word}")).Order());
        Assert.Equal([cable.Id], await ProductsAsync(admin, $"{word}-02"));
        Assert.Equal([cable.Id], (await ProductsAsync(admin, "SHIELDED CAB")).Intersect([sensor.Id, cable.Id, other.Id]));
        await EveryChineseFragmentFindsAsync(q => ProductsAsync(admin, q), sensor.Id, other.Id);
        Assert.Empty(await ProductsAsync(admin, word + "nothing"));

        await (await admin.PutJsonAsync($"{ProductsUrl}/{cable.Id}", new ProductInput($"XC-{word}-02", "Fibre patch lead", "pcs"))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty((await ProductsAsync(admin, "shielded cab")).Intersect([cable.Id]));
        Assert.Equal([cable.Id], (await ProductsAsync(admin, "fibre patch")).Intersect([cable.Id]));
    }

    [Fact]
    public async Task Every_searchable_table_has_its_text_index()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var tables = db.Model.GetEntityTypes().Where(t => typeof(ISearchable).IsAssignableFrom(t.ClrType)).Select(t => t.GetTableName()!).ToList();
        Assert.Superset(new HashSet<string> { "Customers", "Contacts", "Leads", "Opportunities", "Products" }, tables.ToHashSet());

        foreach (var table in tables)
        {
            if (db.IsPostgres)
            {
                var gin = await db.Database.SqlQueryRaw<string>(
                    "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = {0} AND indexdef LIKE '%gin%gin_trgm_ops%'", table).ToListAsync(Ct);
                Assert.True(gin.Count == 1, $"{table} has no trigram GIN index");
            }
            else
            {
                var fts = SearchIndex.FtsTableOf(table);
                var objects = await db.Database.SqlQueryRaw<string>(
                    "SELECT name AS \"Value\" FROM sqlite_master WHERE name = {0} OR (type = 'trigger' AND tbl_name = {1} AND name LIKE '%_fts_a_')", fts, table).ToListAsync(Ct);
                Assert.True(objects.Count == 4, $"{table}: {string.Join(", ", objects)}");
            }
        }
    }
}

public sealed class ListTextFilterOnSqlite(SqliteApp app) : ListTextFilterTests(app), IClassFixture<SqliteApp>;

public sealed class ListTextFilterOnPostgres(PostgresApp app) : ListTextFilterTests(app), IClassFixture<PostgresApp>;
