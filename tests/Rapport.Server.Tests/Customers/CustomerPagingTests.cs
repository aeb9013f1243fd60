using System.Runtime.CompilerServices;

namespace Rapport.Server.Tests.Customers;

/// <summary>Keyset paging of the customer list: complete, ordered, stable under inserts, strict about its parameters.</summary>
public abstract class CustomerPagingTests(RapportApp app)
{
    private const int SetSize = 1000;

    /// <summary>1,000 customers under one tag, created once per database (through the API, eight at a time).
    /// Names repeat in threes so sorting by name also has to break ties by id.</summary>
    private sealed record Seeded(string Tag, List<CustomerDto> Customers);

    private static readonly ConditionalWeakTable<RapportApp, Lazy<Task<Seeded>>> Seeds = [];

    private Task<Seeded> SeedAsync() => Seeds.GetValue(app, a => new Lazy<Task<Seeded>>(async () =>
    {
        var client = await a.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customers = await client.CreateManyAsync(SetSize, i => CustomerSamples.Valid(name: $"Paging {i / 3:0000}", tag: tag));
        return new Seeded(tag, customers);
    })).Value;

    private static async Task<List<List<CustomerListItem>>> ReadAllPagesAsync(HttpClient client, string url, int limit)
    {
        var pages = new List<List<CustomerListItem>>();
        string? cursor = null;
        do
        {
            var page = await client.GetPageAsync<CustomerListItem>(url + $"&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"));
            if (pages.Count == 0)
            {
                Assert.Equal(SetSize, page.Total);
                Assert.False(page.TotalIsCapped);
            }
            else
            {
                Assert.Null(page.Total);
            }
            pages.Add([.. page.Items]);
            cursor = page.NextCursor;
            Assert.True(pages.Count <= SetSize / limit + 1, "paging does not end");
        } while (cursor is not null);
        return pages;
    }

    public static TheoryData<string> Sorts => ["", "-createdAt", "createdAt", "name", "-name", "-updatedAt", "updatedAt", "number", "-number"];

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Following_next_cursor_visits_every_customer_once_in_order(string sort)
    {
        var seeded = await SeedAsync();
        var client = await app.AdminClientAsync();

        var pages = await ReadAllPagesAsync(client, $"{CustomersUrl}?tag={seeded.Tag}" + (sort == "" ? "" : $"&sort={sort}"), limit: 100);

        Assert.Equal(10, pages.Count);
        Assert.All(pages, p => Assert.Equal(100, p.Count));
        var items = pages.SelectMany(p => p).ToList();
        Assert.Equal(SetSize, items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(seeded.Customers.Select(c => c.Id).Order(), items.Select(i => i.Id).Order());
        var (key, descending) = Order(sort);
        for (var i = 1; i < items.Count; i++)
        {
            var cmp = key(items[i - 1], items[i]);
            if (cmp == 0) cmp = items[i - 1].Id.CompareTo(items[i].Id);
            Assert.True(descending ? cmp > 0 : cmp < 0, $"rows {i - 1} and {i} are out of order for sort '{sort}'");
        }
    }

    private static (Func<CustomerListItem, CustomerListItem, int> Compare, bool Descending) Order(string sort) => sort.TrimStart('-') switch
    {
        "" or "createdAt" => ((a, b) => a.CreatedAt.CompareTo(b.CreatedAt), sort != "createdAt"),
        "updatedAt" => ((a, b) => a.UpdatedAt.CompareTo(b.UpdatedAt), sort.StartsWith('-')),
        "name" => ((a, b) => string.CompareOrdinal(a.Name, b.Name), sort.StartsWith('-')),
        "number" => ((a, b) => string.CompareOrdinal(a.Number, b.Number), sort.StartsWith('-')),
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };

    [Fact]
    public async Task Page_size_200_reads_the_set_in_five_pages()
    {
        var seeded = await SeedAsync();
        var client = await app.AdminClientAsync();

        var pages = await ReadAllPagesAsync(client, $"{CustomersUrl}?tag={seeded.Tag}", limit: 200);

        Assert.Equal(5, pages.Count);
        Assert.Equal(SetSize, pages.SelectMany(p => p).Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task Default_page_has_50_rows_and_the_total()
    {
        var seeded = await SeedAsync();
        var client = await app.AdminClientAsync();

        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={seeded.Tag}");

        Assert.Equal(50, page.Items.Count);
        Assert.Equal(SetSize, page.Total);
        Assert.False(page.TotalIsCapped);
        Assert.NotNull(page.NextCursor);
    }

    [Fact]
    public async Task Inserts_between_pages_neither_repeat_nor_skip_rows()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var original = await client.CreateManyAsync(250, _ => CustomerSamples.Valid(tag: tag));
        var url = $"{CustomersUrl}?tag={tag}&limit=100";

        var first = await client.GetPageAsync<CustomerListItem>(url);
        // New customers are the newest: they sort in front of the page already read.
        var inserted = await client.CreateManyAsync(30, _ => CustomerSamples.Valid(tag: tag));
        var seen = first.Items.Select(i => i.Id).ToList();
        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await client.GetPageAsync<CustomerListItem>($"{url}&cursor={cursor}");
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }

        Assert.Equal(250, first.Total);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(original.Select(c => c.Id).Order(), seen.Order());
        Assert.DoesNotContain(seen, id => inserted.Any(c => c.Id == id));
        Assert.Equal(280, await client.CountCustomersAsync(tag));
    }

    [Fact]
    public async Task Deletes_between_pages_do_not_skip_the_remaining_rows()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var original = await client.CreateManyAsync(60, _ => CustomerSamples.Valid(tag: tag));
        var url = $"{CustomersUrl}?tag={tag}&limit=20";

        var first = await client.GetPageAsync<CustomerListItem>(url);
        var lastSeen = first.Items[^1].Id;
        await client.DeleteAsync($"{CustomersUrl}/{lastSeen}", Ct); // the row the cursor points at
        var rest = new List<Guid>();
        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await client.GetPageAsync<CustomerListItem>($"{url}&cursor={cursor}");
            rest.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }

        Assert.Equal(40, rest.Count);
        Assert.Equal(original.Select(c => c.Id).Except(first.Items.Select(i => i.Id)).Order(), rest.Order());
    }

    [Fact]
    public async Task Total_stops_counting_at_10000()
    {
        // Arrange straight through the database: 10,001 customers through the API would only make the test slow.
        var tag = CustomerSamples.NewTag();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var now = DateTime.UtcNow;
            for (var i = 0; i < Keyset.TotalCap + 1; i++)
            {
                var c = new Customer { Number = $"CAP-{tag}-{i:00000}", Name = $"Capped {i}", CreatedAt = now, UpdatedAt = now };
                c.Tags.Add(new CustomerTag { CustomerId = c.Id, Name = tag });
                c.RefreshSearchText();
                db.Customers.Add(c);
            }
            await db.SaveChangesAsync(Ct);
        }
        var client = await app.AdminClientAsync();

        var first = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&limit=200");
        var second = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&limit=200&cursor={first.NextCursor}");

        Assert.Equal(Keyset.TotalCap, first.Total);
        Assert.True(first.TotalIsCapped);
        Assert.Null(second.Total);
        Assert.Equal(200, second.Items.Count);
        Assert.Empty(second.Items.Select(i => i.Id).Intersect(first.Items.Select(i => i.Id)));
    }

    [Fact]
    public async Task Last_page_has_no_cursor_and_a_single_page_has_its_total()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        await client.CreateManyAsync(3, _ => CustomerSamples.Valid(tag: tag));

        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&limit=3");

        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.NextCursor);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task Unknown_tag_gives_an_empty_first_page()
    {
        var client = await app.AdminClientAsync();

        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={CustomerSamples.NewTag()}");

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(0, page.Total);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("201")]
    public async Task Limit_outside_1_to_200_answers_400(string limit)
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"{CustomersUrl}?limit={limit}", Ct);

        await response.ShouldRejectAsync("limit", "Validation.PageSize");
    }

    [Fact]
    public async Task Non_numeric_limit_answers_400()
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"{CustomersUrl}?limit=ten", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    public static TheoryData<string> GarbageCursors =>
    [
        "garbage",
        "!!!",
        B64("{}"),
        B64("[1,2,3]"),
        B64("{\"K\":\"2026-01-01T00:00:00Z\",\"I\":\"00000000-0000-0000-0000-000000000000\"}"),
        B64("{\"K\":\"yesterday\",\"I\":\"0199a0f0-0000-7000-8000-000000000000\"}"),
        B64("{\"K\":null,\"I\":\"0199a0f0-0000-7000-8000-000000000000\"}"),
    ];

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [MemberData(nameof(GarbageCursors))]
    public async Task Garbage_cursor_answers_400(string cursor)
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"{CustomersUrl}?cursor={Uri.EscapeDataString(cursor)}", Ct);

        await response.ShouldRejectAsync("cursor", "Validation.Cursor");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("number")]
    public async Task Null_key_cursor_for_text_sorts_answers_400(string sort)
    {
        var client = await app.AdminClientAsync();
        var cursor = B64("{\"K\":null,\"I\":\"0199a0f0-0000-7000-8000-000000000000\"}");

        var response = await client.GetAsync($"{CustomersUrl}?sort={sort}&cursor={cursor}", Ct);

        await response.ShouldRejectAsync("cursor", "Validation.Cursor");
    }

    [Fact]
    public async Task Cursor_from_a_name_sort_is_rejected_by_the_date_sort()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        await client.CreateManyAsync(3, _ => CustomerSamples.Valid(tag: tag));
        var byName = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&sort=name&limit=1");

        var response = await client.GetAsync($"{CustomersUrl}?tag={tag}&cursor={byName.NextCursor}", Ct);

        await response.ShouldRejectAsync("cursor", "Validation.Cursor");
    }

    [Theory]
    [InlineData("shoeSize")]
    [InlineData("-")]
    [InlineData("name;drop table")]
    public async Task Unknown_sort_answers_400(string sort)
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"{CustomersUrl}?sort={Uri.EscapeDataString(sort)}", Ct);

        await response.ShouldRejectAsync("sort", "Validation.Sort");
    }
}

public sealed class CustomerPagingOnSqlite(SqliteApp app) : CustomerPagingTests(app), IClassFixture<SqliteApp>;

public sealed class CustomerPagingOnPostgres(PostgresApp app) : CustomerPagingTests(app), IClassFixture<PostgresApp>;
