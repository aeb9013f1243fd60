using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Rapport.Core.Privacy;
using Rapport.Core.Quality;

namespace Rapport.Server.Tests.Quality;

/// <summary>Merging duplicate customers and undoing it, on both databases: every kind of row that points at a
/// customer moves (the model is read, so a new kind fails here until it is seeded), fields are taken side by side,
/// undo restores both records, record scope answers 404 and a stale If-Match 412.</summary>
public abstract class MergeTests(RapportApp app)
{
    private static string MergeUrl(Guid survivor) => $"{CustomersUrl}/{survivor}/merge";

    /// <summary>One row of every kind that points at <paramref name="customerId"/>, written straight to the database.</summary>
    private Task<int> SeedChildrenAsync(Guid customerId, Guid owner) => app.WithDbAsync(async db =>
    {
        var stage = await db.PipelineStages.AsNoTracking().OrderBy(s => s.Order).FirstAsync(Ct);
        var contact = new Contact { CustomerId = customerId, Name = "Child contact " + Unique() };
        var deal = new Opportunity
        {
            Name = "Child deal " + Unique(), CustomerId = customerId, OwnerId = owner, PipelineId = stage.PipelineId, StageId = stage.Id,
            AmountMinor = 100_00, Currency = "CNY", StageEnteredAt = DateTime.UtcNow,
        };
        var order = new Order { Number = "SO-" + Unique(), CustomerId = customerId, OwnerId = owner, Currency = "CNY", TotalMinor = 100_00, CreatedAt = DateTime.UtcNow };
        var lead = new Lead { Name = "Child lead " + Unique() };
        lead.MarkConverted(customerId, null, DateTime.UtcNow);
        db.AddRange(
            contact,
            new Interaction { CustomerId = customerId, Subject = "Child call " + Unique(), Kind = InteractionKind.Call, OccurredAt = DateTime.UtcNow },
            deal,
            new Quote { Number = "Q-" + Unique(), OpportunityId = deal.Id, CustomerId = customerId, Currency = "CNY" },
            order,
            new Invoice { Number = "INV-" + Unique(), OrderId = order.Id, CustomerId = customerId, Currency = "CNY", IssuedOn = Today, DueOn = Today, AmountMinor = 100_00 },
            new Contract { Number = "CT-" + Unique(), CustomerId = customerId, Title = "Child contract", Currency = "CNY", StartDate = Today, EndDate = Today.AddYears(1) },
            new Case { Number = "CS-" + Unique(), Subject = "Child case " + Unique(), CustomerId = customerId, OwnerId = owner },
            new ConsentEntry { CustomerId = customerId, Purpose = ConsentPurpose.MarketingEmail, Granted = true, Source = ConsentSource.Agent, At = DateTime.UtcNow, RecordedAt = DateTime.UtcNow },
            new Rapport.Core.Privacy.Requests.SubjectRequest { Number = "DSR-" + Unique(), CustomerId = customerId },
            lead);
        return await db.SaveChangesAsync(Ct);
    });

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Per kind of row in the model that holds a customer id (not the customer's own channels and tags, nor the
    /// duplicate finder's rows, nor facts about the customer record itself: rows keyed by the customer — classification,
    /// segment and campaign memberships — or without a Guid id — classification history): how many point at
    /// <paramref name="customerId"/>.</summary>
    private Task<Dictionary<string, int>> PointingAtAsync(Guid customerId) => app.WithDbAsync(async db =>
    {
        Type[] apart = [typeof(Customer), typeof(CustomerChannel), typeof(CustomerTag), typeof(DuplicatePair), typeof(CustomerMerge)];
        var counts = new Dictionary<string, int>();
        var count = typeof(MergeTests).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !apart.Contains(t.ClrType)
                     && t.FindPrimaryKey() is { Properties: [{ Name: "Id" } id] } && id.ClrType == typeof(Guid)))
            foreach (var p in type.GetProperties().Where(p => !p.IsKey() && (p.GetContainingForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == typeof(Customer))
                         || (p.Name == "CustomerId" && (p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?))))))
                counts[$"{type.ClrType.Name}.{p.Name}"] = await (Task<int>)count.MakeGenericMethod(type.ClrType).Invoke(null, [db, p, customerId])!;
        return counts;
    });

    private static Task<int> CountAsync<T>(RapportDbContext db, IProperty p, Guid id) where T : class => p.IsNullable
        ? db.Set<T>().IgnoreQueryFilters().CountAsync(e => EF.Property<Guid?>(e, p.Name) == id, Ct)
        : db.Set<T>().IgnoreQueryFilters().CountAsync(e => EF.Property<Guid>(e, p.Name) == id, Ct);

    private static async Task<CustomerMergeDto> MergeAsync(HttpClient client, Guid survivor, MergeInput input)
    {
        var response = await client.PostJsonAsync(MergeUrl(survivor), input);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<CustomerMergeDto>();
    }

    [Fact]
    public async Task Merge_moves_every_kind_of_child_to_the_survivor_and_undo_puts_each_back()
    {
        var admin = await app.AdminClientAsync();
        var adminId = await admin.MeAsync();
        var tag = CustomerSamples.NewTag();
        var survivor = await admin.CreateAsync(CustomerSamples.Valid(name: "Survivor " + Unique(), tag: CustomerSamples.NewTag()));
        var loser = await admin.CreateAsync(CustomerSamples.Valid(name: "Loser " + Unique(), tag: tag) with { Industry = "Retail", Notes = "from the loser" });
        await SeedChildrenAsync(loser.Id, adminId);
        var seeded = await PointingAtAsync(loser.Id);
        var unseeded = seeded.Where(c => c.Value == 0).Select(c => c.Key).ToList();
        Assert.True(unseeded.Count == 0, "Seed a row of each kind that points at a customer: " + string.Join(", ", unseeded));

        var merge = await MergeAsync(admin, survivor.Id, new MergeInput(loser.Id, loser.Version, ["industry", "notes"]));

        Assert.All(await PointingAtAsync(loser.Id), c => Assert.True(c.Value == 0, $"{c.Key} still points at the loser"));
        Assert.All(await PointingAtAsync(survivor.Id), c => Assert.True(c.Value == seeded[c.Key], $"{c.Key}: {c.Value} at the survivor"));
        var merged = await admin.GetCustomerAsync(survivor.Id);
        Assert.Equal(survivor.Name, merged.Name);
        Assert.Equal("Retail", merged.Industry);
        Assert.Equal("from the loser", merged.Notes);
        Assert.Equivalent(survivor.Emails.Concat(loser.Emails), merged.Emails);
        Assert.Equivalent(survivor.Phones.Concat(loser.Phones), merged.Phones);
        Assert.Contains(tag, merged.Tags);
        Assert.True(merged.Version > survivor.Version);
        await (await admin.GetAsync($"{CustomersUrl}/{loser.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.Contains(survivor.Id, (await admin.SearchAsync(loser.Emails[0])).Select(h => h.Id));

        var undo = await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct);
        await undo.ShouldBeAsync(HttpStatusCode.OK);

        Assert.Equal(seeded, await PointingAtAsync(loser.Id));
        Assert.All(await PointingAtAsync(survivor.Id), c => Assert.True(c.Value == 0, $"{c.Key} still points at the survivor"));
        var restored = await admin.GetCustomerAsync(loser.Id);
        Assert.Equal(loser.Emails, restored.Emails);
        Assert.Equal([tag], restored.Tags);
        var back = await admin.GetCustomerAsync(survivor.Id);
        Assert.Null(back.Industry);
        Assert.Null(back.Notes);
        Assert.Equal(survivor.Emails, back.Emails);
        Assert.Equal(survivor.Tags, back.Tags);
        Assert.NotNull((await (await admin.GetAsync($"/api/v1/quality/merges/{merge.Id}", Ct)).ReadAsync<CustomerMergeDto>()).UndoneAt);
        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldRejectAsync("merge", "Quality.MergeUndone");
    }

    [Fact]
    public async Task A_customer_out_of_scope_cannot_be_merged_either_way()
    {
        var admin = await app.AdminClientAsync();
        var (manager, _) = await app.NewUserAsync(Roles.SalesManager);
        var mine = await manager.CreateAsync(CustomerSamples.Valid());
        var theirs = await admin.CreateAsync(CustomerSamples.Valid());

        await (await manager.PostJsonAsync(MergeUrl(mine.Id), new MergeInput(theirs.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await manager.PostJsonAsync(MergeUrl(theirs.Id), new MergeInput(mine.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await admin.GetCustomerAsync(theirs.Id);
        await manager.GetCustomerAsync(mine.Id);
    }

    [Fact]
    public async Task A_stale_version_of_either_customer_is_refused_with_412_and_nothing_moves()
    {
        var admin = await app.AdminClientAsync();
        var survivor = await admin.CreateAsync(CustomerSamples.Valid());
        var loser = await admin.CreateAsync(CustomerSamples.Valid());
        // Someone edits the loser after the reviewer opened the comparison.
        await (await admin.PutJsonAsync($"{CustomersUrl}/{loser.Id}", CustomerSamples.Valid(name: "Edited " + Unique()))).ShouldBeAsync(HttpStatusCode.OK);

        var staleLoser = await admin.PostJsonAsync(MergeUrl(survivor.Id), new MergeInput(loser.Id, loser.Version));
        var staleSurvivor = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, MergeUrl(survivor.Id))
        { Content = JsonContent.Create(new MergeInput(loser.Id)) }.WithIfMatch($"\"{survivor.Version + 5}\""), Ct);

        await staleLoser.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await staleSurvivor.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await admin.GetCustomerAsync(loser.Id);
        Assert.Equal(survivor.Emails, (await admin.GetCustomerAsync(survivor.Id)).Emails);
    }

    [Fact]
    public async Task Merging_into_itself_or_taking_an_unknown_field_is_a_400()
    {
        var admin = await app.AdminClientAsync();
        var a = await admin.CreateAsync(CustomerSamples.Valid());
        var b = await admin.CreateAsync(CustomerSamples.Valid());

        await (await admin.PostJsonAsync(MergeUrl(a.Id), new MergeInput(a.Id))).ShouldRejectAsync("loserId", "Quality.MergeSelf");
        await (await admin.PostJsonAsync(MergeUrl(a.Id), new MergeInput(b.Id, null, ["secret"]))).ShouldRejectAsync("takeFromLoser", "Validation.Invalid");
    }

    [Fact]
    public async Task A_merged_pair_leaves_the_review_list_and_comes_back_after_undo()
    {
        var admin = await app.AdminClientAsync();
        var word = "Mrg" + Unique();
        var a = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Co., Ltd."));
        var b = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word}"));
        await (await admin.PostAsync("/api/v1/quality/duplicates/scan", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        async Task<bool> ListedAsync() => (await admin.GetPageAsync<DuplicatePairItem>("/api/v1/quality/duplicates?limit=200")).Items
            .Any(p => (p.A.Id == a.Id && p.B.Id == b.Id) || (p.A.Id == b.Id && p.B.Id == a.Id));
        Assert.True(await ListedAsync());

        var merge = await MergeAsync(admin, a.Id, new MergeInput(b.Id));
        Assert.False(await ListedAsync());

        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.True(await ListedAsync());
    }
}

public sealed class MergeOnSqlite(SqliteApp app) : MergeTests(app), IClassFixture<SqliteApp>;

public sealed class MergeOnPostgres(PostgresApp app) : MergeTests(app), IClassFixture<PostgresApp>;
