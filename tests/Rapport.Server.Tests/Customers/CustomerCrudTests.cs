namespace Rapport.Server.Tests.Customers;

/// <summary>Create, read, replace and delete a customer; ETags and If-Match guard writes.</summary>
public abstract class CustomerCrudTests(RapportApp app)
{
    [Fact]
    public async Task Customer_round_trips_through_create_get_update_and_delete()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var email = $"Li.Wei.{Guid.NewGuid():N}@Example.COM";
        var mobile = CustomerSamples.ChinaMobile(); // e.g. 13912345678
        var spaced = $"{mobile[..3]} {mobile[3..7]} {mobile[7..]}";
        var input = CustomerSamples.Valid(name: "  Round Trip Trading  ", tag: tag, phone: spaced, email: email) with
        {
            Tags = [tag, "vip"],
            Industry = "Retail",
            Tier = ValueTier.High,
        };

        // Create
        var created = await client.PostJsonAsync(CustomersUrl, input);
        await created.ShouldBeAsync(HttpStatusCode.Created);
        var dto = await created.ReadAsync<CustomerDto>();
        Assert.Equal($"/api/v1/customers/{dto.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Matches(@"^C-\d{4}-\d{5}$", dto.Number);
        Assert.Equal("Round Trip Trading", dto.Name);
        Assert.Equal(["+86" + mobile], dto.Phones);
        Assert.Equal([email.ToLowerInvariant()], dto.Emails);
        Assert.Equal(new[] { tag, "vip" }.Order(StringComparer.OrdinalIgnoreCase), dto.Tags);
        Assert.Equal(ValueTier.High, dto.Tier);
        Assert.Equal(1, dto.Version);

        // Get
        var get = await client.GetAsync($"{CustomersUrl}/{dto.Id}", Ct);
        await get.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        var fetched = await get.ReadAsync<CustomerDto>();
        Assert.Equal(dto.Number, fetched.Number);
        Assert.Equal(dto.Phones, fetched.Phones);
        Assert.Equal(dto.Emails, fetched.Emails);
        Assert.Equal("Mountain View", Assert.Single(fetched.Addresses).City);

        // Update
        var put = await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", input with { Name = "Round Trip Trading Co.", Tags = [tag], Stage = LifecycleStage.Growing });
        await put.ShouldBeAsync(HttpStatusCode.OK);
        var updated = await put.ReadAsync<CustomerDto>();
        Assert.Equal(2, updated.Version);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        Assert.Equal("Round Trip Trading Co.", updated.Name);
        Assert.Equal(dto.Number, updated.Number);
        Assert.Equal([tag], updated.Tags);
        Assert.Equal(LifecycleStage.Growing, updated.Stage);
        Assert.True(updated.UpdatedAt >= dto.UpdatedAt);
        Assert.Equal("Round Trip Trading Co.", (await client.GetCustomerAsync(dto.Id)).Name);

        // Delete
        var delete = await client.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct);
        await delete.ShouldBeAsync(HttpStatusCode.NoContent);

        var gone = await client.GetAsync($"{CustomersUrl}/{dto.Id}", Ct);
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Generated_numbers_are_unique_and_increasing()
    {
        var client = await app.AdminClientAsync();

        var created = await client.CreateManyAsync(20, _ => CustomerSamples.Valid());

        var numbers = created.Select(c => c.Number).ToList();
        Assert.All(numbers, n => Assert.Matches(@"^C-\d{4}-\d{5}$", n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task Update_replaces_phones_emails_and_tags()
    {
        var client = await app.AdminClientAsync();
        var (oldMobile, newMobile) = (CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile());
        var (oldTag, newTag) = (CustomerSamples.NewTag(), CustomerSamples.NewTag());
        var input = CustomerSamples.Valid(tag: oldTag, phone: oldMobile, email: $"old.{oldTag}@example.com");
        var dto = await client.CreateAsync(input);

        var put = await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", input with
        {
            Phones = [newMobile, "+1 650 253 0000"],
            Emails = [$"NEW.{newTag}@example.com"],
            Tags = [newTag],
        });

        await put.ShouldBeAsync(HttpStatusCode.OK);
        var fetched = await client.GetCustomerAsync(dto.Id);
        Assert.Equal(["+86" + newMobile, "+16502530000"], fetched.Phones);
        Assert.Equal([$"new.{newTag}@example.com"], fetched.Emails);
        Assert.Equal([newTag], fetched.Tags);
        Assert.Equal(0, await client.CountCustomersAsync(oldTag));
        Assert.Equal(1, await client.CountCustomersAsync(newTag));
        Assert.Empty(await client.SearchAsync(oldMobile));
        Assert.Equal(dto.Id, Assert.Single(await client.SearchAsync(newMobile)).Id);
        var reuseOld = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid(phone: oldMobile));
        await reuseOld.ShouldBeAsync(HttpStatusCode.Created);
        var reuseNew = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid(phone: newMobile));
        await reuseNew.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    /// <summary>An edit keeps the channel rows it does not change: a rename writes no phone or email row and audits no
    /// phone change; the phones come back in the order last saved, whether reordered or appended to.</summary>
    [Fact]
    public async Task An_edit_keeps_the_phone_and_email_rows_it_does_not_change_and_their_order()
    {
        var client = await app.AdminClientAsync();
        var (a, b, c, d) = (CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile());
        var input = CustomerSamples.Valid(name: "Kept Channels " + Unique()) with { Phones = [a, b, c] };
        var dto = await client.CreateAsync(input);
        async Task<Dictionary<string, Guid>> RowsAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Set<CustomerChannel>()
                .Where(ch => ch.CustomerId == dto.Id).ToDictionaryAsync(ch => ch.Value, ch => ch.Id, Ct);
        }
        async Task<CustomerDto> PutAsync(CustomerInput changed)
        {
            var put = await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", changed);
            await put.ShouldBeAsync(HttpStatusCode.OK);
            return await put.ReadAsync<CustomerDto>();
        }
        var before = await RowsAsync();

        await PutAsync(input with { Name = input.Name + " Renamed" });

        Assert.Equal(before, await RowsAsync());
        var audit = await (await client.GetAsync($"/api/v1/audit?entityType=customer&entityId={dto.Id}&limit=10", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>();
        var renamed = audit.Items.First(e => e.Action == "customer.updated").Changes!.Value;
        Assert.True(renamed.TryGetProperty("name", out _));
        Assert.False(renamed.TryGetProperty("phones", out _), renamed.GetRawText());

        var reordered = await PutAsync(input with { Phones = [a, c, b] });
        Assert.Equal(["+86" + a, "+86" + c, "+86" + b], reordered.Phones);
        Assert.Equal(reordered.Phones, (await client.GetCustomerAsync(dto.Id)).Phones);
        Assert.Equal(before["+86" + a], (await RowsAsync())["+86" + a]);

        var kept = await RowsAsync();
        var appended = await PutAsync(input with { Phones = [a, c, b, d] });
        Assert.Equal(["+86" + a, "+86" + c, "+86" + b, "+86" + d], appended.Phones);
        Assert.Equal(appended.Phones, (await client.GetCustomerAsync(dto.Id)).Phones);
        var after = await RowsAsync();
        Assert.All(kept, row => Assert.Equal(row.Value, after[row.Key]));
    }

    [Theory]
    [InlineData("tier=high&stage=growing")]
    [InlineData("tier=High&stage=GROWING")]
    public async Task List_filters_by_tier_and_stage_named_as_in_json(string filter)
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var match = await client.CreateAsync(CustomerSamples.Valid(tag: tag) with { Tier = ValueTier.High, Stage = LifecycleStage.Growing });
        await client.CreateAsync(CustomerSamples.Valid(tag: tag) with { Tier = ValueTier.Low, Stage = LifecycleStage.Growing });
        await client.CreateAsync(CustomerSamples.Valid(tag: tag) with { Tier = ValueTier.High, Stage = LifecycleStage.New });

        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&{filter}");

        var item = Assert.Single(page.Items);
        Assert.Equal(match.Id, item.Id);
        Assert.Equal(ValueTier.High, item.Tier);
        Assert.Equal(LifecycleStage.Growing, item.Stage);
    }

    [Fact]
    public async Task Get_update_and_delete_of_unknown_id_answer_404()
    {
        var client = await app.AdminClientAsync();
        var id = Guid.NewGuid();

        var get = await client.GetAsync($"{CustomersUrl}/{id}", Ct);
        var put = await client.PutJsonAsync($"{CustomersUrl}/{id}", CustomerSamples.Valid());
        var delete = await client.DeleteAsync($"{CustomersUrl}/{id}", Ct);

        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await put.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_with_stale_If_Match_answers_412_with_current_version()
    {
        var client = await app.AdminClientAsync();
        var input = CustomerSamples.Valid();
        var dto = await client.CreateAsync(input);
        await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", input with { Name = "Changed by someone else" });

        var stale = new HttpRequestMessage(HttpMethod.Put, $"{CustomersUrl}/{dto.Id}") { Content = JsonContent.Create(input with { Name = "My edit" }, options: Json.Options) }
            .WithIfMatch("\"1\"");
        var response = await client.SendAsync(stale, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, (long?)problem["currentVersion"]);
        Assert.Equal("Changed by someone else", (await client.GetCustomerAsync(dto.Id)).Name);
    }

    [Fact]
    public async Task Put_with_current_If_Match_succeeds_and_changes_the_ETag()
    {
        var client = await app.AdminClientAsync();
        var input = CustomerSamples.Valid();
        var created = await client.PostJsonAsync(CustomersUrl, input);
        var dto = await created.ReadAsync<CustomerDto>();
        var etag = created.Headers.ETag!.Tag;

        var request = new HttpRequestMessage(HttpMethod.Put, $"{CustomersUrl}/{dto.Id}") { Content = JsonContent.Create(input with { Name = "My edit" }, options: Json.Options) }
            .WithIfMatch(etag);
        var response = await client.SendAsync(request, Ct);

        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, response.Headers.ETag?.Tag);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal("My edit", (await response.ReadAsync<CustomerDto>()).Name);
    }

    [Fact]
    public async Task Delete_with_stale_If_Match_answers_412_and_keeps_the_customer()
    {
        var client = await app.AdminClientAsync();
        var input = CustomerSamples.Valid();
        var dto = await client.CreateAsync(input);
        await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", input with { Name = "Edited" });

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{CustomersUrl}/{dto.Id}").WithIfMatch("\"1\""), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, (long?)problem["currentVersion"]);
        await (await client.GetAsync($"{CustomersUrl}/{dto.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_with_current_If_Match_succeeds()
    {
        var client = await app.AdminClientAsync();
        var dto = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{CustomersUrl}/{dto.Id}").WithIfMatch("\"1\""), Ct);

        await response.ShouldBeAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{CustomersUrl}/{dto.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_If_Match_answers_400()
    {
        var client = await app.AdminClientAsync();
        var input = CustomerSamples.Valid();
        var dto = await client.CreateAsync(input);

        var request = new HttpRequestMessage(HttpMethod.Put, $"{CustomersUrl}/{dto.Id}") { Content = JsonContent.Create(input, options: Json.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"not-a-version\"");
        var response = await client.SendAsync(request, Ct);

        await response.ShouldRejectAsync("If-Match", "Validation.ETag");
    }
}

public sealed class CustomerCrudOnSqlite(SqliteApp app) : CustomerCrudTests(app), IClassFixture<SqliteApp>;

public sealed class CustomerCrudOnPostgres(PostgresApp app) : CustomerCrudTests(app), IClassFixture<PostgresApp>;
