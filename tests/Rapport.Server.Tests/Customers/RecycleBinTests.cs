namespace Rapport.Server.Tests.Customers;

/// <summary>Soft delete into the recycle bin, restore and purge; only administrators manage the bin.</summary>
public abstract class RecycleBinTests(RapportApp app)
{
    private const string Bin = "/api/v1/recycle-bin/customers";

    private static string Word() => "Rb" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A sales manager may delete the team's customers but holds no recycle-bin permission.</summary>
    private async Task<HttpClient> PlainUserAsync() =>
        app.ClientWithToken(await app.CreateUserWithTokenAsync("user-" + Guid.NewGuid().ToString("N")[..8], Roles.SalesManager));

    private static async Task<List<DeletedCustomerItem>> BinAsync(HttpClient admin)
    {
        var all = new List<DeletedCustomerItem>();
        string? cursor = null;
        do
        {
            var page = await admin.GetPageAsync<DeletedCustomerItem>($"{Bin}?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task Deleted_customer_leaves_list_and_search_and_appears_in_the_bin()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var word = Word();
        var keep = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Keep", tag: tag));
        var drop = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Drop", tag: tag));

        await (await admin.DeleteAsync($"{CustomersUrl}/{drop.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var list = await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}");
        Assert.Equal(keep.Id, Assert.Single(list.Items).Id);
        Assert.Equal(1, list.Total);
        Assert.Equal(keep.Id, Assert.Single(await admin.SearchAsync(word)).Id);
        await (await admin.GetAsync($"{CustomersUrl}/{drop.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        var binned = Assert.Single(await BinAsync(admin), d => d.Id == drop.Id);
        Assert.Equal(drop.Number, binned.Number);
        Assert.Equal($"{word} Drop", binned.Name);
        Assert.Equal(binned.DeletedAt.AddDays(30), binned.PurgeAfter, TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await BinAsync(admin), d => d.Id == keep.Id);
    }

    [Fact]
    public async Task Deleting_twice_answers_404()
    {
        var admin = await app.AdminClientAsync();
        var dto = await admin.CreateAsync(CustomerSamples.Valid());
        await admin.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct);

        var again = await admin.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct);

        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Managers_may_delete_but_not_see_restore_or_purge_the_bin()
    {
        var admin = await app.AdminClientAsync();
        var user = await PlainUserAsync();
        var dto = await user.CreateAsync(CustomerSamples.Valid());
        await (await user.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var list = await user.GetAsync(Bin, Ct);
        var restore = await user.PostAsync($"{Bin}/{dto.Id}/restore", null, Ct);
        var purge = await user.DeleteAsync($"{Bin}/{dto.Id}", Ct);

        await list.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await restore.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await purge.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(await BinAsync(admin), d => d.Id == dto.Id);
    }

    [Fact]
    public async Task Restore_brings_the_customer_back_into_list_and_search()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var word = Word();
        var dto = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Returns", tag: tag));
        await admin.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct);

        var restore = await admin.PostAsync($"{Bin}/{dto.Id}/restore", null, Ct);

        await restore.ShouldBeAsync(HttpStatusCode.OK);
        var restored = await restore.ReadAsync<CustomerDto>();
        Assert.Equal(dto.Number, restored.Number);
        Assert.Equal(dto.Phones, restored.Phones);
        Assert.Equal([tag], restored.Tags);
        Assert.True(restored.Version > dto.Version);
        Assert.Equal($"\"{restored.Version}\"", restore.Headers.ETag?.Tag);
        Assert.Equal(dto.Id, Assert.Single((await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}")).Items).Id);
        Assert.Equal(dto.Id, Assert.Single(await admin.SearchAsync(word)).Id);
        Assert.DoesNotContain(await BinAsync(admin), d => d.Id == dto.Id);
    }

    [Fact]
    public async Task Restore_of_a_live_or_unknown_customer_answers_404()
    {
        var admin = await app.AdminClientAsync();
        var live = await admin.CreateAsync(CustomerSamples.Valid());

        var ofLive = await admin.PostAsync($"{Bin}/{live.Id}/restore", null, Ct);
        var ofUnknown = await admin.PostAsync($"{Bin}/{Guid.NewGuid()}/restore", null, Ct);
        var purgeLive = await admin.DeleteAsync($"{Bin}/{live.Id}", Ct);

        await ofLive.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await ofUnknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await purgeLive.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"{CustomersUrl}/{live.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Purge_removes_the_customer_with_its_contacts_and_interactions_for_good()
    {
        var admin = await app.AdminClientAsync();
        var word = Word();
        var dto = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Purged"));
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{dto.Id}/contacts", new ContactInput { Name = $"{word} Contact" })).ReadAsync<ContactDto>();
        await (await admin.PostJsonAsync($"{CustomersUrl}/{dto.Id}/interactions",
            new InteractionInput { Kind = InteractionKind.Call, Subject = "Intro call", ContactId = contact.Id })).ShouldBeAsync(HttpStatusCode.Created);
        await admin.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct);

        var purge = await admin.DeleteAsync($"{Bin}/{dto.Id}", Ct);

        await purge.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.DoesNotContain(await BinAsync(admin), d => d.Id == dto.Id);
        await (await admin.PostAsync($"{Bin}/{dto.Id}/restore", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"{Bin}/{dto.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await admin.SearchAsync(word));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        Assert.False(await db.Customers.IgnoreQueryFilters().AnyAsync(c => c.Id == dto.Id, Ct));
        Assert.False(await db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.CustomerId == dto.Id, Ct));
        Assert.False(await db.Interactions.IgnoreQueryFilters().AnyAsync(i => i.CustomerId == dto.Id, Ct));
        Assert.False(await db.CustomerChannels.AnyAsync(c => c.CustomerId == dto.Id, Ct));
        Assert.False(await db.CustomerTags.AnyAsync(c => c.CustomerId == dto.Id, Ct));
    }

    [Fact]
    public async Task Contacts_and_timeline_of_a_deleted_customer_answer_404()
    {
        var admin = await app.AdminClientAsync();
        var dto = await admin.CreateAsync(CustomerSamples.Valid());
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{dto.Id}/contacts", new ContactInput { Name = "Hidden" })).ReadAsync<ContactDto>();
        await admin.DeleteAsync($"{CustomersUrl}/{dto.Id}", Ct);

        var contacts = await admin.GetAsync($"{CustomersUrl}/{dto.Id}/contacts", Ct);
        var oneContact = await admin.GetAsync($"{CustomersUrl}/{dto.Id}/contacts/{contact.Id}", Ct);
        var timeline = await admin.GetAsync($"{CustomersUrl}/{dto.Id}/interactions", Ct);
        var newContact = await admin.PostJsonAsync($"{CustomersUrl}/{dto.Id}/contacts", new ContactInput { Name = "Late" });
        var newInteraction = await admin.PostJsonAsync($"{CustomersUrl}/{dto.Id}/interactions", new InteractionInput { Subject = "Late" });

        await contacts.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await oneContact.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await timeline.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await newContact.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await newInteraction.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class RecycleBinOnSqlite(SqliteApp app) : RecycleBinTests(app), IClassFixture<SqliteApp>;

public sealed class RecycleBinOnPostgres(PostgresApp app) : RecycleBinTests(app), IClassFixture<PostgresApp>;
