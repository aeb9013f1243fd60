namespace Rapport.Server.Access;

/// <summary>Roles, teams, users' assignments, and the caller's own effective access.</summary>
internal static class AccessEndpoints
{
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {

        api.MapGet("/account/access", (HttpContext http) => TypedResults.Ok(Mine(http))).WithTags("Account")
            .WithName("MyAccess").WithSummary("Your permissions and record scopes (for showing or hiding actions).");
        api.MapGet("/access/permissions", (AccessAdminService s) => TypedResults.Ok(s.GetCatalog())).WithTags("Roles")
            .WithName("PermissionCatalog").WithSummary("Every permission and every entity that has a record scope.");

        var roles = api.MapGroup("/roles").WithTags("Roles");
        roles.MapGet("/", (AccessAdminService s, CancellationToken ct) => s.ListRolesAsync(ct))
            .WithName("ListRoles").WithSummary("Roles with their permissions, scopes and member counts.");
        var role = new VersionedRoutes<AccessAdminService, RoleDto>(roles);
        role.MapGet((s, id, ct) => s.GetRoleAsync(id, ct))
            .WithName("GetRole").WithSummary("One role, with its ETag.");
        roles.MapPost("/", (RoleInput input, AccessAdminService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreateRoleAsync(input, ct), dto => $"/api/v1/roles/{dto.Id}"))
            .WithName("CreateRole").WithSummary("Create a custom role.");
        role.MapPut<RoleInput>((s, id, input, v, ct) => s.UpdateRoleAsync(id, input, v, ct))
            .WithName("UpdateRole").WithSummary("Replace a role's description, MFA rule, permissions and scopes (If-Match honoured).");
        role.MapDelete((s, id, v, ct) => s.DeleteRoleAsync(id, v, ct))
            .WithName("DeleteRole").WithSummary("Delete a custom role that nobody holds (If-Match honoured).");

        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", (AccessAdminService s, CancellationToken ct) => s.ListTeamsAsync(ct))
            .WithName("ListTeams").WithSummary("Departments and teams, parents before children.");
        teams.MapPost("/", (TeamInput input, AccessAdminService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreateTeamAsync(input, ct), dto => $"/api/v1/teams/{dto.Id}"))
            .WithName("CreateTeam").WithSummary("Create a department (no parent) or a team under one.");
        teams.MapPut("/{id:guid}", (Guid id, TeamInput input, AccessAdminService s, CancellationToken ct) => s.UpdateTeamAsync(id, input, ct))
            .WithName("UpdateTeam").WithSummary("Rename a team or move it, with its sub-teams, under another parent.");
        teams.MapDelete("/{id:guid}", (Guid id, AccessAdminService s, CancellationToken ct) => Answers.NoContentAfter(s.DeleteTeamAsync(id, ct)))
            .WithName("DeleteTeam").WithSummary("Delete a team without members or sub-teams.");

        var users = api.MapGroup("/users/{id:guid}/access").WithTags("Users");
        users.MapGet("/", (Guid id, AccessAdminService s, CancellationToken ct) => s.GetUserAccessAsync(id, ct))
            .WithName("GetUserAccess").WithSummary("A user's roles, team, manager and effective permissions.");
        users.MapPut("/", (Guid id, UserAccessInput input, AccessAdminService s, CancellationToken ct) => s.SetUserAccessAsync(id, input, ct))
            .WithName("SetUserAccess").WithSummary("Set a user's roles, team and manager; applies from their next request.");
        return api;
    }

    private static UserAccessDto Mine(HttpContext http)
    {
        var access = http.Features.Get<UserAccess>() ?? UserAccess.Nobody;
        return new UserAccessDto(access.UserId, access.Roles, null, null,
            access.Permissions.Order(StringComparer.Ordinal).ToList(), access.Scopes);
    }
}
