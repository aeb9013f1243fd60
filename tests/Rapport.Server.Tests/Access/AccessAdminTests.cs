using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Tests.Access;

/// <summary>Roles, teams and assignments as an administrator manages them, and what users then see.</summary>
public abstract class AccessAdminTests(RapportApp app)
{
    private async Task<(HttpClient Client, Guid Id)> UserAsync(HttpClient admin, string[] roles, Guid? team = null)
    {
        var name = "aa" + Unique();
        var token = await app.CreateUserWithTokenAsync(name);
        await using var scope = app.Services.CreateAsyncScope();
        var id = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(name))!.Id;
        await (await admin.PutJsonAsync($"/api/v1/users/{id}/access", new UserAccessInput(roles, team, null))).ShouldBeAsync(HttpStatusCode.OK);
        return (app.ClientWithToken(token), id);
    }

    private static async Task<TeamDto> TeamAsync(HttpClient admin, string name, Guid? parent)
    {
        return await admin.PostCreatedAsync<TeamDto>("/api/v1/teams", new TeamInput(name, parent));
    }

    [Fact]
    public async Task The_seven_built_in_roles_exist_with_their_scopes()
    {
        var admin = await app.AdminClientAsync();

        var roles = await (await admin.GetAsync("/api/v1/roles", Ct)).ReadAsync<List<RoleDto>>();

        var builtIn = roles.Where(r => r.IsBuiltIn).ToDictionary(r => r.Name);
        Assert.Equal(7, builtIn.Count);
        Assert.Equal(RecordScope.All, builtIn[Roles.Administrator].Scopes[ScopedEntities.Customers]);
        Assert.Equal(RecordScope.Team, builtIn[Roles.SalesManager].Scopes[ScopedEntities.Customers]);
        Assert.Equal(RecordScope.Own, builtIn[Roles.SalesRepresentative].Scopes[ScopedEntities.Customers]);
        Assert.Contains(Permissions.AuditRead, builtIn[Roles.Auditor].Permissions);
        Assert.DoesNotContain(Permissions.CustomersUpdate, builtIn[Roles.Auditor].Permissions);
    }

    [Fact]
    public async Task A_manager_sees_customers_of_sub_teams_but_not_of_sibling_teams()
    {
        var admin = await app.AdminClientAsync();
        var dept = await TeamAsync(admin, "East " + Unique(), null);
        var north = await TeamAsync(admin, "North " + Unique(), dept.Id);
        var south = await TeamAsync(admin, "South " + Unique(), dept.Id);
        var (boss, _) = await UserAsync(admin, [Roles.SalesManager], dept.Id);
        var (northLead, _) = await UserAsync(admin, [Roles.SalesManager], north.Id);
        var (_, northRep) = await UserAsync(admin, [Roles.SalesRepresentative], north.Id);
        var (_, southRep) = await UserAsync(admin, [Roles.SalesRepresentative], south.Id);
        var tag = CustomerSamples.NewTag();
        var inNorth = await admin.CreateAsync(CustomerSamples.Valid(tag: tag) with { OwnerId = northRep });
        var inSouth = await admin.CreateAsync(CustomerSamples.Valid(tag: tag) with { OwnerId = southRep });

        var bossSees = await boss.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}");
        var leadSees = await northLead.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}");

        Assert.Equal([inNorth.Id, inSouth.Id], bossSees.Items.Select(i => i.Id).Order());
        Assert.Equal([inNorth.Id], leadSees.Items.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await northLead.GetAsync($"{CustomersUrl}/{inSouth.Id}", Ct)).StatusCode);
        Assert.Empty(await northLead.SearchAsync(inSouth.Name));
    }

    [Fact]
    public async Task Moving_a_team_moves_what_managers_above_it_reach()
    {
        var admin = await app.AdminClientAsync();
        var west = await TeamAsync(admin, "West " + Unique(), null);
        var east = await TeamAsync(admin, "East " + Unique(), null);
        var squad = await TeamAsync(admin, "Squad " + Unique(), west.Id);
        var (westBoss, _) = await UserAsync(admin, [Roles.SalesManager], west.Id);
        var (eastBoss, _) = await UserAsync(admin, [Roles.SalesManager], east.Id);
        var (_, rep) = await UserAsync(admin, [Roles.SalesRepresentative], squad.Id);
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = rep });
        await (await westBoss.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var move = await admin.PutJsonAsync($"/api/v1/teams/{squad.Id}", new TeamInput(squad.Name, east.Id));

        await move.ShouldBeAsync(HttpStatusCode.OK);
        await (await westBoss.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await eastBoss.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_team_cannot_move_under_itself_and_a_team_with_members_cannot_be_deleted()
    {
        var admin = await app.AdminClientAsync();
        var top = await TeamAsync(admin, "Top " + Unique(), null);
        var child = await TeamAsync(admin, "Child " + Unique(), top.Id);
        await UserAsync(admin, [Roles.SalesRepresentative], child.Id);

        var cycle = await admin.PutJsonAsync($"/api/v1/teams/{top.Id}", new TeamInput(top.Name, child.Id));
        var delete = await admin.DeleteAsync($"/api/v1/teams/{child.Id}", Ct);

        var problem = await cycle.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Validation.TeamCycle", (string?)problem["codes"]!["parentId"]![0]);
        var notEmpty = await delete.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Validation.TeamNotEmpty", (string?)notEmpty["codes"]!["id"]![0]);
    }

    [Fact]
    public async Task A_team_has_a_lead_the_administrator_sets_changes_and_clears_and_an_unknown_lead_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var (_, lead) = await UserAsync(admin, [Roles.ServiceAgent]);
        var (_, next) = await UserAsync(admin, [Roles.ServiceAgent]);

        var desk = await admin.PostCreatedAsync<TeamDto>("/api/v1/teams", new TeamInput("Desk " + Unique(), null, lead));
        var changed = await (await admin.PutJsonAsync($"/api/v1/teams/{desk.Id}", new TeamInput(desk.Name, null, next))).ReadAsync<TeamDto>();
        var unknown = await admin.PutJsonAsync($"/api/v1/teams/{desk.Id}", new TeamInput(desk.Name, null, Guid.NewGuid()));
        var cleared = await (await admin.PutJsonAsync($"/api/v1/teams/{desk.Id}", new TeamInput(desk.Name, null))).ReadAsync<TeamDto>();

        Assert.Equal(lead, desk.LeadId);
        Assert.Equal(next, changed.LeadId);
        await unknown.ShouldRejectAsync("leadId", "Validation.UnknownUser");
        Assert.Null(cleared.LeadId);
        Assert.Null((await (await admin.GetAsync("/api/v1/teams", Ct)).ReadAsync<List<TeamDto>>()).Single(t => t.Id == desk.Id).LeadId);
    }

    [Fact]
    public async Task A_custom_role_grants_exactly_its_permissions_from_the_next_request()
    {
        var admin = await app.AdminClientAsync();
        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Readers " + Unique(), "Read only", false,
            [Permissions.CustomersRead], new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.All }));
        var (reader, _) = await UserAsync(admin, [role.Name]);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());

        await (await reader.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await reader.PostJsonAsync(CustomersUrl, CustomerSamples.Valid())).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var grant = await admin.PutJsonAsync($"/api/v1/roles/{role.Id}", new RoleInput(role.Name, null, false,
            [Permissions.CustomersRead, Permissions.CustomersCreate], role.Scopes));
        await grant.ShouldBeAsync(HttpStatusCode.OK);

        await (await reader.PostJsonAsync(CustomersUrl, CustomerSamples.Valid())).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_role_manager_cannot_take_their_own_last_grant_of_roles_manage_but_can_while_another_role_gives_it()
    {
        var admin = await app.AdminClientAsync();
        var keepers = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Keepers " + Unique(), null, false,
            [Permissions.RolesManage, Permissions.CustomersRead], null));
        var (keeper, keeperId) = await UserAsync(admin, [keepers.Name]);

        var lockout = await keeper.PutJsonAsync($"/api/v1/roles/{keepers.Id}", new RoleInput(keepers.Name, null, false, [Permissions.CustomersRead], null));
        var backup = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Backup " + Unique(), null, false, [Permissions.RolesManage], null));
        await (await admin.PutJsonAsync($"/api/v1/users/{keeperId}/access", new UserAccessInput([keepers.Name, backup.Name], null, null))).ShouldBeAsync(HttpStatusCode.OK);
        var allowed = await keeper.PutJsonAsync($"/api/v1/roles/{keepers.Id}", new RoleInput(keepers.Name, null, false, [Permissions.CustomersRead], null));

        Assert.Equal("Validation.OwnRolesManage", (string?)(await lockout.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["permissions"]![0]);
        await allowed.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal([Permissions.CustomersRead], (await allowed.ReadAsync<RoleDto>()).Permissions);
    }

    [Fact]
    public async Task Two_editors_of_one_role_cannot_overwrite_each_other_and_a_copied_built_in_role_starts_from_its_grants()
    {
        var admin = await app.AdminClientAsync();
        var rep = (await (await admin.GetAsync("/api/v1/roles", Ct)).ReadAsync<List<RoleDto>>()).Single(r => r.Name == Roles.SalesRepresentative);
        var copy = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Rep copy " + Unique(), null, false, rep.Permissions, rep.Scopes));
        var read = await admin.GetAsync($"/api/v1/roles/{copy.Id}", Ct);
        var etag = read.Headers.ETag!.Tag;

        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/roles/{copy.Id}")
        {
            Content = JsonContent.Create(
            new RoleInput(copy.Name, "first", false, [.. copy.Permissions, Permissions.CustomersExport], copy.Scopes), options: Json.Options)
        };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        using var second = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/roles/{copy.Id}")
        {
            Content = JsonContent.Create(
            new RoleInput(copy.Name, "second", false, copy.Permissions, copy.Scopes), options: Json.Options)
        };
        second.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var won = await admin.SendAsync(first, Ct);
        var lost = await admin.SendAsync(second, Ct);

        Assert.Equal(rep.Permissions, copy.Permissions);
        Assert.Equal(rep.Scopes, copy.Scopes);
        await won.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.PreconditionFailed, lost.StatusCode);
        var now = await (await admin.GetAsync($"/api/v1/roles/{copy.Id}", Ct)).ReadAsync<RoleDto>();
        Assert.Equal("first", now.Description);
        Assert.Contains(Permissions.CustomersExport, now.Permissions);
    }

    [Fact]
    public async Task Role_input_is_validated_and_built_in_roles_are_protected()
    {
        var admin = await app.AdminClientAsync();
        var roles = await (await admin.GetAsync("/api/v1/roles", Ct)).ReadAsync<List<RoleDto>>();
        var rep = roles.Single(r => r.Name == Roles.SalesRepresentative);
        var adminRole = roles.Single(r => r.Name == Roles.Administrator);

        var bad = await admin.PostJsonAsync("/api/v1/roles", new RoleInput("", null, false, ["customers.fly"],
            new Dictionary<string, RecordScope> { ["planets"] = RecordScope.All }));
        var taken = await admin.PostJsonAsync("/api/v1/roles", new RoleInput(Roles.Auditor, null, false, [], null));
        var delete = await admin.DeleteAsync($"/api/v1/roles/{rep.Id}", Ct);
        var rename = await admin.PutJsonAsync($"/api/v1/roles/{rep.Id}", new RoleInput("Reps", null, false, rep.Permissions, rep.Scopes));
        var stripAdmin = await admin.PutJsonAsync($"/api/v1/roles/{adminRole.Id}", new RoleInput(Roles.Administrator, null, false, [], null));

        var codes = (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!;
        Assert.Equal("Validation.Required", (string?)codes["name"]![0]);
        Assert.Equal("Validation.UnknownPermission", (string?)codes["permissions"]![0]);
        Assert.Equal("Validation.UnknownScopeEntity", (string?)codes["scopes"]![0]);
        Assert.Equal("Validation.RoleNameTaken", (string?)(await taken.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["name"]![0]);
        await delete.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await rename.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await stripAdmin.ShouldBeAsync(HttpStatusCode.OK);
        var still = await stripAdmin.ReadAsync<RoleDto>();
        Assert.Equal(Permissions.All.Order(StringComparer.Ordinal), still.Permissions);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_and_managers_cannot_form_a_loop()
    {
        var admin = await app.AdminClientAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        var (_, a) = await UserAsync(admin, [Roles.SalesManager]);
        var (_, b) = await UserAsync(admin, [Roles.SalesRepresentative]);
        await (await admin.PutJsonAsync($"/api/v1/users/{b}/access", new UserAccessInput([Roles.SalesRepresentative], null, a))).ShouldBeAsync(HttpStatusCode.OK);

        var demote = admins.Count == 1
            ? await admin.PutJsonAsync($"/api/v1/users/{admins[0].Id}/access", new UserAccessInput([Roles.Auditor], null, null))
            : null;
        var loop = await admin.PutJsonAsync($"/api/v1/users/{a}/access", new UserAccessInput([Roles.SalesManager], null, b));

        if (demote is not null)
            Assert.Equal("Validation.LastAdministrator", (string?)(await demote.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["roles"]![0]);
        Assert.Equal("Validation.ManagerCycle", (string?)(await loop.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["managerId"]![0]);
    }

    [Fact]
    public async Task A_representative_cannot_hand_a_customer_to_someone_else()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await UserAsync(admin, [Roles.SalesRepresentative]);
        var (_, other) = await UserAsync(admin, [Roles.SalesRepresentative]);
        var mine = await rep.CreateAsync(CustomerSamples.Valid());

        var handOver = await rep.PutJsonAsync($"{CustomersUrl}/{mine.Id}", CustomerSamples.Valid() with { OwnerId = other });
        var createForOther = await rep.PostJsonAsync(CustomersUrl, CustomerSamples.Valid() with { OwnerId = other });

        Assert.Equal(repId, mine.OwnerId);
        await handOver.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await createForOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(repId, (await rep.GetCustomerAsync(mine.Id)).OwnerId);
    }

    [Fact]
    public async Task My_access_lists_what_the_caller_may_do()
    {
        var admin = await app.AdminClientAsync();
        var (rep, _) = await UserAsync(admin, [Roles.SalesRepresentative]);

        var access = await (await rep.GetAsync("/api/v1/account/access", Ct)).ReadAsync<UserAccessDto>();

        Assert.Equal([Roles.SalesRepresentative], access.Roles);
        Assert.Equal([
            Permissions.CasesRead, Permissions.ContractsManage, Permissions.ContractsRead, Permissions.CustomersCreate, Permissions.CustomersRead, Permissions.CustomersUpdate,
            Permissions.KbRead, Permissions.LeadsConvert, Permissions.LeadsCreate, Permissions.LeadsRead, Permissions.LeadsUpdate,
            Permissions.OpportunitiesCreate, Permissions.OpportunitiesRead, Permissions.OpportunitiesUpdate, Permissions.OrdersRead, Permissions.ProductsRead, Permissions.ReportsRead, Permissions.SegmentsRead],
            access.Permissions);
        Assert.Equal(RecordScope.Own, access.Scopes[ScopedEntities.Customers]);
        Assert.Equal(RecordScope.Own, access.Scopes[ScopedEntities.Leads]);
        Assert.Equal(RecordScope.Own, access.Scopes[ScopedEntities.Cases]);
    }

    [Fact]
    public async Task An_installation_from_before_leads_gets_the_lead_permissions_once_and_later_edits_stick()
    {
        var admin = await app.AdminClientAsync();
        var roles = await (await admin.GetAsync("/api/v1/roles", Ct)).ReadAsync<List<RoleDto>>();
        var auditor = roles.Single(r => r.Name == Roles.Auditor);
        RoleInput Without(RoleDto r) => new(r.Name, r.Description, r.RequireMfa, r.Permissions.Where(p => !p.StartsWith("leads.", StringComparison.Ordinal)).ToList(),
            r.Scopes.Where(s => s.Key != ScopedEntities.Leads).ToDictionary());
        async Task<RoleDto> AuditorAsync() => await (await admin.GetAsync($"/api/v1/roles/{auditor.Id}", Ct)).ReadAsync<RoleDto>();
        async Task StartAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Rapport.Server.Infrastructure.DatabaseInitializer>().MigrateAsync(Ct);
        }

        // As the roles were before leads existed: no lead permissions, no lead scope, no record of modules granted.
        await (await admin.PutJsonAsync($"/api/v1/roles/{auditor.Id}", Without(auditor))).ShouldBeAsync(HttpStatusCode.OK);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Rapport.Core.Data.RapportDbContext>();
            await db.Settings.Where(s => s.Key == "access-modules").ExecuteDeleteAsync(Ct);
        }
        await StartAsync();
        var upgraded = await AuditorAsync();
        Assert.Contains(Permissions.LeadsRead, upgraded.Permissions);
        Assert.Equal(RecordScope.All, upgraded.Scopes[ScopedEntities.Leads]);

        // An administrator then takes leads away from auditors: the next start leaves that alone.
        await (await admin.PutJsonAsync($"/api/v1/roles/{auditor.Id}", Without(upgraded))).ShouldBeAsync(HttpStatusCode.OK);
        await StartAsync();
        Assert.DoesNotContain(Permissions.LeadsRead, (await AuditorAsync()).Permissions);

        await (await admin.PutJsonAsync($"/api/v1/roles/{auditor.Id}", new RoleInput(upgraded.Name, upgraded.Description, upgraded.RequireMfa,
            upgraded.Permissions, upgraded.Scopes))).ShouldBeAsync(HttpStatusCode.OK);
    }
}

public sealed class AccessAdminOnSqlite(SqliteApp app) : AccessAdminTests(app), IClassFixture<SqliteApp>;

public sealed class AccessAdminOnPostgres(PostgresApp app) : AccessAdminTests(app), IClassFixture<PostgresApp>;
