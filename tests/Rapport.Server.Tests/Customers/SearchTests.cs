using System.Globalization;

namespace Rapport.Server.Tests.Customers;

/// <summary>Global search over customers and contacts: names (English and Chinese), numbers, phones and emails.</summary>
public abstract class SearchTests(RapportApp app)
{
    /// <summary>A word nobody else uses, so each test finds only its own records.</summary>
    private static string Word() => "Zq" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Names_starting_with_the_term_and_names_containing_it_are_both_found_once_each()
    {
        var admin = await app.AdminClientAsync();
        var word = Word();
        var starts = await admin.CreateAsync(CustomerSamples.Valid() with { Name = word + " Alpha Trading" });
        var contains = await admin.CreateAsync(CustomerSamples.Valid() with { Name = "Beta " + word + " Works" });
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{contains.Id}/contacts", new ContactInput { Name = word + " Li" })).ReadAsync<ContactDto>();

        var hits = await admin.SearchAsync(word.ToUpperInvariant());

        Assert.Equal([contains.Id, starts.Id], hits.Where(h => h.Type == "customer").Select(h => h.Id)); // by name: "Beta …" before "Zq…"
        Assert.Equal([contact.Id], hits.Where(h => h.Type == "contact").Select(h => h.Id));
    }

    [Fact]
    public async Task Finds_customer_by_English_name_prefix_and_fragment_in_any_case()
    {
        var client = await app.AdminClientAsync();
        var word = Word();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: $"{word}field Logistics Ltd"));

        var byPrefix = await client.SearchAsync(word);
        var byFragment = await client.SearchAsync(word[3..].ToUpperInvariant() + "FIELD LOG");
        var byWholeName = await client.SearchAsync($"{word}field logistics ltd");

        foreach (var hits in new[] { byPrefix, byFragment, byWholeName })
        {
            var hit = Assert.Single(hits);
            Assert.Equal("customer", hit.Type);
            Assert.Equal(customer.Id, hit.Id);
            Assert.Equal(customer.Id, hit.CustomerId);
            Assert.Equal(customer.Name, hit.Title);
            Assert.Equal(customer.Number, hit.Subtitle);
        }
    }

    [Fact]
    public async Task Finds_customer_by_Chinese_name_fragment_of_two_or_more_characters()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: "北京星辰科技有限公司"));
        var other = await client.CreateAsync(CustomerSamples.Valid(name: "上海星光贸易有限公司"));

        var fourChars = await client.SearchAsync("星辰科技");
        var twoChars = await client.SearchAsync("星辰");
        var oneChar = await client.SearchAsync("辰");
        var shared = await client.SearchAsync("有限公司");

        Assert.Equal(customer.Id, Assert.Single(fourChars).Id);
        Assert.Equal(customer.Id, Assert.Single(twoChars).Id);
        Assert.Equal(customer.Id, Assert.Single(oneChar).Id);
        Assert.Contains(shared, h => h.Id == customer.Id);
        Assert.Contains(shared, h => h.Id == other.Id);
    }

    [Fact]
    public async Task Finds_customer_by_phone_digits_however_they_are_written()
    {
        var client = await app.AdminClientAsync();
        var mobile = CustomerSamples.ChinaMobile();
        var customer = await client.CreateAsync(CustomerSamples.Valid(phone: mobile));

        var plain = await client.SearchAsync(mobile);
        var spaced = await client.SearchAsync($"{mobile[..3]} {mobile[3..7]} {mobile[7..]}");
        var international = await client.SearchAsync($"+86 {mobile[..3]}-{mobile[3..7]}-{mobile[7..]}");
        var lastDigits = await client.SearchAsync(mobile[4..]);

        foreach (var hits in new[] { plain, spaced, international, lastDigits })
            Assert.Equal(customer.Id, Assert.Single(hits).Id);
    }

    /// <summary>Eleven digits, eight of them random, so a fragment of seven or more belongs to this test alone.</summary>
    private static string RandomMobile() => "139" + Random.Shared.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_phone_is_found_by_digits_from_its_start_middle_or_end_and_so_is_a_contact()
    {
        var client = await app.AdminClientAsync();
        var (mobile, contactMobile) = (RandomMobile(), RandomMobile());
        var customer = await client.CreateAsync(CustomerSamples.Valid(phone: mobile));
        var contact = await client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "Zhou " + Word(), Phones = [contactMobile] });

        foreach (var fragment in new[] { "86" + mobile[..9], mobile[..10], mobile[2..10], mobile[3..], $"{mobile[4..7]} {mobile[7..]}" })
            Assert.Equal(customer.Id, Assert.Single(await client.SearchAsync(fragment)).Id);
        foreach (var fragment in new[] { contactMobile[1..9], contactMobile[3..] })
        {
            var hit = Assert.Single(await client.SearchAsync(fragment));
            Assert.Equal(("contact", contact.Id, customer.Id), (hit.Type, hit.Id, hit.CustomerId));
        }
    }

    [Fact]
    public async Task Phones_with_repeated_digits_fill_the_page_with_distinct_customers()
    {
        // Each 13x88888888 has four keys starting with 88888 and sorts before every 13x888889yy, which has one: a
        // page of five must read past the repeats to reach five different customers.
        var client = await app.AdminClientAsync();
        var digits = Enumerable.Range(0, 10).OrderBy(_ => Random.Shared.Next()).ToArray();
        var repeated = new List<Guid>();
        foreach (var x in digits[..3])
            repeated.Add((await client.CreateAsync(CustomerSamples.Valid(phone: $"13{x}88888888"))).Id);
        var others = new List<Guid>();
        foreach (var x in digits[3..8])
            others.Add((await client.CreateAsync(CustomerSamples.Valid(phone: $"13{x}888889{Random.Shared.Next(100):00}"))).Id);

        var hits = await client.GetFromJsonAsync<List<SearchHit>>("/api/v1/search?q=88888&limit=5", Ct);

        Assert.Equal(5, hits!.Count);
        Assert.Equal(5, hits.Select(h => h.Id).Distinct().Count());
        Assert.All(hits, h => Assert.Contains(h.Id, repeated.Concat(others)));
    }

    [Fact]
    public async Task A_changed_phone_is_found_by_its_new_digits_and_no_longer_by_the_old_ones()
    {
        var client = await app.AdminClientAsync();
        var (before, after) = (RandomMobile(), RandomMobile());
        var input = CustomerSamples.Valid(phone: before);
        var customer = await client.CreateAsync(input);
        var contact = await client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "Qian " + Word(), Phones = [after] });

        await (await client.PutJsonAsync($"{CustomersUrl}/{customer.Id}", input with { Phones = [after] })).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}",
            new ContactInput { Name = contact.Name, Phones = [before] })).ShouldBeAsync(HttpStatusCode.OK);

        var byOld = await client.SearchAsync(before[3..]);
        var byNew = await client.SearchAsync(after[3..]);

        Assert.Equal([("contact", contact.Id)], byOld.Select(h => (h.Type, h.Id)));
        Assert.Equal([("customer", customer.Id)], byNew.Select(h => (h.Type, h.Id)));
    }

    [Fact]
    public async Task The_digits_of_a_number_find_its_customer_and_the_list_filter_finds_phone_digits()
    {
        var client = await app.AdminClientAsync();
        var mobile = RandomMobile();
        var tag = CustomerSamples.NewTag();
        var customer = await client.CreateAsync(CustomerSamples.Valid(phone: mobile, tag: tag));
        await client.CreateAsync(CustomerSamples.Valid(tag: tag));
        var numberDigits = customer.Number[(customer.Number.LastIndexOf('-') + 1)..];

        var byNumber = await client.SearchAsync(numberDigits);
        var listed = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&q={mobile[2..10]}");

        Assert.Contains(byNumber, h => h.Id == customer.Id);
        Assert.Equal(customer.Id, Assert.Single(listed.Items).Id);
        Assert.Equal(1, listed.Total);
    }

    [Fact]
    public async Task A_two_character_Chinese_term_finds_customers_and_contacts_and_filters_the_list()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: "杭州鼋鼍水产有限公司", tag: tag));
        await client.CreateAsync(CustomerSamples.Valid(name: "杭州水产有限公司", tag: tag));
        var contact = await client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = "鳜鲈" });

        var byName = await client.SearchAsync("鼋鼍");
        var byContact = await client.SearchAsync("鳜鲈");
        var listed = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&q={Uri.EscapeDataString("鼍水")}");
        var none = await client.SearchAsync("鼍鳜");

        Assert.Equal([("customer", customer.Id)], byName.Select(h => (h.Type, h.Id)));
        Assert.Equal([("contact", contact.Id)], byContact.Select(h => (h.Type, h.Id)));
        Assert.Equal(customer.Id, Assert.Single(listed.Items).Id);
        Assert.Empty(none);
    }

    [Fact]
    public async Task The_stored_search_keys_of_a_customer_are_its_digit_suffixes_and_chinese_pairs()
    {
        // PostgreSQL computes the keys in SQL, SQLite through the app's function: both must follow SearchKeys.Keys.
        var client = await app.AdminClientAsync();
        var mobile = RandomMobile();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: "数字 Digits 20468 " + Word(), phone: mobile));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var text = await db.Customers.Where(c => c.Id == customer.Id).Select(c => c.SearchText).SingleAsync(Ct);

        var stored = await db.Database.SqlQueryRaw<string>(
            $"SELECT \"Key\" AS \"Value\" FROM \"{SearchKeys.TableName}\" WHERE \"Kind\" = 0 AND \"OwnerId\" = {{0}}", customer.Id).ToListAsync(Ct);

        Assert.Equal(SearchKeys.Keys(text).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Contains("20468", stored);
        Assert.Contains("0468", stored);
        Assert.Contains(mobile[^4..], stored);
        Assert.DoesNotContain("468", stored);
        Assert.Contains("数字", stored);
        Assert.DoesNotContain("字 ", stored);
    }

    [Fact]
    public async Task Finds_customer_by_email_and_by_number()
    {
        var client = await app.AdminClientAsync();
        var local = Word().ToLowerInvariant();
        var customer = await client.CreateAsync(CustomerSamples.Valid(email: $"{local}@rapport-search.example"));

        var byEmail = await client.SearchAsync($"{local.ToUpperInvariant()}@Rapport-Search.example");
        var byEmailPart = await client.SearchAsync(local);
        var byNumber = await client.SearchAsync(customer.Number);

        Assert.Equal(customer.Id, Assert.Single(byEmail).Id);
        Assert.Equal(customer.Id, Assert.Single(byEmailPart).Id);
        Assert.Equal(customer.Id, Assert.Single(byNumber).Id);
    }

    [Fact]
    public async Task Finds_contacts_by_name_with_their_company()
    {
        var client = await app.AdminClientAsync();
        var word = Word();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: "Contact Holder Inc"));
        var contact = await client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = $"Wang {word}" });
        var chinese = await (await client.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = "欧阳娜娜" + word })).ReadAsync<ContactDto>();

        var hits = await client.SearchAsync(word);
        var byChinese = await client.SearchAsync("欧阳娜娜");

        Assert.Equal(2, hits.Count);
        var hit = Assert.Single(hits, h => h.Id == contact.Id);
        Assert.Equal("contact", hit.Type);
        Assert.Equal(customer.Id, hit.CustomerId);
        Assert.Equal($"Wang {word}", hit.Title);
        Assert.Equal("Contact Holder Inc", hit.Subtitle);
        Assert.Equal(chinese.Id, Assert.Single(byChinese).Id);
    }

    [Fact]
    public async Task Updated_name_is_found_and_old_name_is_not()
    {
        var client = await app.AdminClientAsync();
        var (before, after) = (Word(), Word());
        var input = CustomerSamples.Valid(name: before);
        var customer = await client.CreateAsync(input);

        await client.PutJsonAsync($"{CustomersUrl}/{customer.Id}", input with { Name = after });

        Assert.Empty(await client.SearchAsync(before));
        Assert.Equal(customer.Id, Assert.Single(await client.SearchAsync(after)).Id);
    }

    [Fact]
    public async Task Deleted_customers_and_their_contacts_are_not_found()
    {
        var client = await app.AdminClientAsync();
        var word = Word();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: $"{word} Deleted Co"));
        await client.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = $"{word} Person" });
        Assert.Equal(2, (await client.SearchAsync(word)).Count);

        await (await client.DeleteAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Empty(await client.SearchAsync(word));
        Assert.Empty(await client.SearchAsync(customer.Number));
    }

    [Fact]
    public async Task Wildcards_and_quotes_are_matched_literally()
    {
        var client = await app.AdminClientAsync();
        var word = Word();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: $"{word} 100% \"Real\" O'Brien_Co"));

        var percent = await client.SearchAsync($"{word} 100%");
        var quote = await client.SearchAsync("\"Real\" O'Brien_");
        var wildcard = await client.SearchAsync("%_%");
        var fts = await client.SearchAsync("\" OR \"");

        Assert.Equal(customer.Id, Assert.Single(percent).Id);
        Assert.Equal(customer.Id, Assert.Single(quote).Id);
        Assert.DoesNotContain(wildcard, h => h.Id != customer.Id);
        Assert.Empty(fts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_query_answers_400(string q)
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}", Ct);

        await response.ShouldRejectAsync("q", "Validation.Required");
    }

    [Fact]
    public async Task Overlong_query_answers_400()
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"/api/v1/search?q={new string('a', 101)}", Ct);

        await response.ShouldRejectAsync("q", "Validation.TooLong");
    }

    [Fact]
    public async Task List_filter_q_uses_the_same_matching()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await client.CreateAsync(CustomerSamples.Valid(name: "广州云海物流有限公司", tag: tag));
        await client.CreateAsync(CustomerSamples.Valid(name: "Other Co", tag: tag));

        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&q={Uri.EscapeDataString("云海物流")}");

        Assert.Equal(customer.Id, Assert.Single(page.Items).Id);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task A_broad_text_filter_with_a_tag_pages_through_every_match_in_name_order()
    {
        // More matches than TextSearch.BroadMatches, so SQLite walks the name index instead of sorting the index's
        // matches; the result must be the same either way, only the count is left out.
        var client = await app.AdminClientAsync();
        var word = Word().ToLowerInvariant();
        var tag = CustomerSamples.NewTag();
        var rare = CustomerSamples.NewTag();
        var n = TextSearch.BroadMatches + 150;
        var expected = new List<(string Name, Guid Id)>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var now = DateTime.UtcNow;
            for (var i = 0; i < n; i++)
            {
                // Names out of insertion order, all the same shape (so every collation orders them alike).
                var c = new Customer { Number = $"B-{word}-{i:00000}", Name = $"{(char)('a' + i * 7 % 26)}{word} {i:00000}", CreatedAt = now, UpdatedAt = now };
                c.ReplaceTags([i < n - 50 ? tag : rare]); // the tag on 2,100 of them, the rare one on 50
                c.RefreshSearchText();
                db.Customers.Add(c);
                if (c.Tags.Any(t => t.Name == tag)) expected.Add((c.Name, c.Id));
            }
            await db.SaveChangesAsync(Ct);
        }
        expected = [.. expected.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Id)];

        var seen = new List<CustomerListItem>();
        string? cursor = null;
        Page<CustomerListItem> first = null!;
        do
        {
            var page = await client.GetPageAsync<CustomerListItem>(
                $"{CustomersUrl}?q={word}&tag={tag}&sort=name&limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            first ??= page;
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        var narrow = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?q={word}&tag={rare}&sort=name&limit=10");

        Assert.Equal(expected.Select(e => e.Id), seen.Select(s => s.Id));
        Assert.Null(first.Total); // not counted: thousands of matches would cost more to count than to page
        Assert.Equal(50, narrow.Total); // a narrow tag keeps the exact count
        Assert.Equal(10, narrow.Items.Count);

        // The list follows tag changes at once: the first three lose the tag, two of the rare ones gain it.
        var untagged = expected.Take(3).Select(e => e.Id).ToList();
        var tagged = narrow.Items.Take(2).Select(i => (i.Name, i.Id)).ToList();
        await (await client.PostJsonAsync($"{CustomersUrl}/bulk", new CustomerBulkInput(untagged, CustomerBulkAction.RemoveTag, Tag: tag))).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"{CustomersUrl}/bulk", new CustomerBulkInput([.. tagged.Select(t => t.Id)], CustomerBulkAction.AddTag, Tag: tag))).ShouldBeAsync(HttpStatusCode.OK);
        var after = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?q={word}&tag={tag}&sort=name&limit=100");
        Assert.Equal(expected.Skip(3).Concat(tagged).OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Id).Take(100).Select(e => e.Id),
            after.Items.Select(i => i.Id));
    }
}

public sealed class SearchOnSqlite(SqliteApp app) : SearchTests(app), IClassFixture<SqliteApp>;

public sealed class SearchOnPostgres(PostgresApp app) : SearchTests(app), IClassFixture<PostgresApp>;
