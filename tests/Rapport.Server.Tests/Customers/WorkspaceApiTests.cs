using Rapport.Core.Preferences;

namespace Rapport.Server.Tests.Customers;

/// <summary>What the customers workspace needs beyond CRUD: bulk actions on a selection, saved views, the user's
/// language and theme, the people picker and the caller's open tasks.</summary>
public abstract class WorkspaceApiTests(RapportApp app)
{
    private const string Bulk = CustomersUrl + "/bulk";

    private Task<(HttpClient Client, Guid Id)> UserAsync(string role) => app.NewUserAsync(role);

    [Fact]
    public async Task Bulk_tag_assign_and_delete_change_every_selected_customer_and_nothing_else()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var picked = await admin.CreateManyAsync(3, _ => CustomerSamples.Valid(tag: tag));
        var untouched = await admin.CreateAsync(CustomerSamples.Valid(tag: tag));
        var (_, repId) = await UserAsync(Roles.SalesRepresentative);
        var ids = picked.Select(c => c.Id).ToList();

        var added = await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput(ids, CustomerBulkAction.AddTag, Tag: "vip"))).Content.ReadFromJsonAsync<CustomerBulkResult>(Ct);
        Assert.Equal(3, added!.Changed);
        Assert.All(picked, c => Assert.Contains("vip", admin.GetCustomerAsync(c.Id).Result.Tags));
        Assert.DoesNotContain("vip", (await admin.GetCustomerAsync(untouched.Id)).Tags);

        await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput(ids, CustomerBulkAction.AssignOwner, OwnerId: repId))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.All(picked, c => Assert.Equal(repId, admin.GetCustomerAsync(c.Id).Result.OwnerId));

        await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput(ids[..1], CustomerBulkAction.RemoveTag, Tag: "VIP"))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("vip", (await admin.GetCustomerAsync(ids[0])).Tags);

        await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput(ids, CustomerBulkAction.Delete))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(1, await admin.CountCustomersAsync(tag));
    }

    [Fact]
    public async Task Bulk_never_touches_customers_outside_the_callers_scope_and_reports_them()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await UserAsync(Roles.SalesRepresentative);
        var mine = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });
        var notMine = await admin.CreateAsync(CustomerSamples.Valid());

        var response = await rep.PostJsonAsync(Bulk, new CustomerBulkInput([mine.Id, notMine.Id], CustomerBulkAction.AddTag, Tag: "hot"));
        var result = await response.Content.ReadFromJsonAsync<CustomerBulkResult>(Ct);
        Assert.Equal(1, result!.Changed);
        Assert.Equal([notMine.Id], result.NotFound);
        Assert.DoesNotContain("hot", (await admin.GetCustomerAsync(notMine.Id)).Tags);

        // A representative may not reassign or delete, in bulk as one at a time.
        await (await rep.PostJsonAsync(Bulk, new CustomerBulkInput([mine.Id], CustomerBulkAction.Delete))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await rep.PostJsonAsync(Bulk, new CustomerBulkInput([mine.Id], CustomerBulkAction.AssignOwner, OwnerId: repId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bulk_rejects_an_empty_or_oversized_selection_and_a_bad_tag()
    {
        var admin = await app.AdminClientAsync();
        var c = await admin.CreateAsync(CustomerSamples.Valid());
        await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput([], CustomerBulkAction.Delete))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var tooMany = Enumerable.Range(0, CustomerService.BulkMax + 1).Select(_ => Guid.NewGuid()).ToList();
        await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput(tooMany, CustomerBulkAction.Delete))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var problem = await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput([c.Id], CustomerBulkAction.AddTag, Tag: new string('x', 51)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["tag"]);
    }

    [Fact]
    public async Task Saved_views_belong_to_their_owner_and_a_same_name_save_replaces()
    {
        var (alice, _) = await UserAsync(Roles.SalesManager);
        var (bob, _) = await UserAsync(Roles.SalesManager);
        var first = await (await alice.PostJsonAsync("/api/v1/views", new SavedViewInput("customers", "My VIP customers", "?tier=high", "[\"owner\"]")))
            .Content.ReadFromJsonAsync<SavedViewDto>(Ct);
        var again = await (await alice.PostJsonAsync("/api/v1/views", new SavedViewInput("customers", "My VIP customers", "?tier=high&stage=new", null)))
            .Content.ReadFromJsonAsync<SavedViewDto>(Ct);
        Assert.Equal(first!.Id, again!.Id);

        var views = await alice.GetFromJsonAsync<List<SavedViewDto>>("/api/v1/views?list=customers", Ct);
        Assert.Equal("?tier=high&stage=new", Assert.Single(views!).Query);
        Assert.Empty((await bob.GetFromJsonAsync<List<SavedViewDto>>("/api/v1/views?list=customers", Ct))!);
        await (await bob.DeleteAsync($"/api/v1/views/{first.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await alice.DeleteAsync($"/api/v1/views/{first.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var problem = await (await alice.PostJsonAsync("/api/v1/views", new SavedViewInput("customers", " ", "?q=x", null))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["name"]);
    }

    [Fact]
    public async Task Language_and_theme_are_remembered_per_user_and_checked()
    {
        var (user, _) = await UserAsync(Roles.ServiceAgent);
        var saved = await (await user.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput("zh-CN", "dark"))).Content.ReadFromJsonAsync<PreferencesDto>(Ct);
        Assert.Equal(new PreferencesDto("zh-CN", "dark"), saved);
        Assert.Equal(saved, await user.GetFromJsonAsync<PreferencesDto>("/api/v1/account/preferences", Ct));
        await (await user.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput(null, "system"))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(new PreferencesDto("zh-CN", null), await user.GetFromJsonAsync<PreferencesDto>("/api/v1/account/preferences", Ct));
        var problem = await (await user.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput("fr", "neon"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["culture"]);
        Assert.NotNull(problem["errors"]?["theme"]);
    }

    [Fact]
    public async Task My_tasks_lists_my_open_dated_tasks_soonest_first_within_my_scope()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await UserAsync(Roles.SalesRepresentative);
        var mine = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });
        async Task Log(string subject, int dueInDays, bool done = false) =>
            await (await rep.PostJsonAsync($"{CustomersUrl}/{mine.Id}/interactions", new InteractionInput
            {
                Kind = InteractionKind.Task, Subject = subject, DueAt = DateTime.UtcNow.AddDays(dueInDays), Done = done,
            })).ShouldBeAsync(HttpStatusCode.Created);
        await Log("later", 5);
        await Log("overdue", -1);
        await Log("finished", 1, done: true);
        await (await rep.PostJsonAsync($"{CustomersUrl}/{mine.Id}/interactions", new InteractionInput { Kind = InteractionKind.Note, Subject = "a note" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        var tasks = await rep.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/tasks/mine", Ct);
        Assert.Equal(["overdue", "later"], tasks!.Select(t => t.Subject));
        Assert.All(tasks!, t => Assert.Equal(mine.Name, t.CustomerName));

        // Taken away from the representative, the customer's tasks leave their list too.
        await (await admin.PutJsonAsync($"{CustomersUrl}/{mine.Id}", CustomerSamples.Valid() with { OwnerId = Guid.Empty })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostJsonAsync(Bulk, new CustomerBulkInput([mine.Id], CustomerBulkAction.AssignOwner, OwnerId: (await UserAsync(Roles.SalesRepresentative)).Id)))
            .ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty((await rep.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/tasks/mine", Ct))!);
    }

    [Fact]
    public async Task People_lists_active_users_for_any_signed_in_user()
    {
        var (agent, agentId) = await UserAsync(Roles.ServiceAgent);
        var people = await agent.GetFromJsonAsync<List<PersonDto>>("/api/v1/people", Ct);
        Assert.Contains(people!, p => p.Id == agentId);
        Assert.Contains(people!, p => p.UserName == "admin");
    }
}

public sealed class WorkspaceApiOnSqlite(SqliteApp app) : WorkspaceApiTests(app), IClassFixture<SqliteApp>;

public sealed class WorkspaceApiOnPostgres(PostgresApp app) : WorkspaceApiTests(app), IClassFixture<PostgresApp>;
