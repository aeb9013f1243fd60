using Microsoft.AspNetCore.Identity;
using Rapport.Core.Identity;

namespace Rapport.Core.Access;

/// <summary>Roles and their permissions and scopes, the team hierarchy, and who holds which role in which team.</summary>
public sealed class AccessAdminService(RapportDbContext db, ICurrentUser user, TimeProvider clock)
{
    public const int NameMax = 100;

    public static PermissionCatalog Catalog { get; } = new(Permissions.All, ScopedEntities.All);

    /// <summary>The catalogue is what the role editor offers, so only role managers read it.</summary>
    public PermissionCatalog GetCatalog()
    {
        user.Require(Permissions.RolesManage);
        return Catalog;
    }

    // ---- Roles ----

    public async Task<IReadOnlyList<RoleDto>> ListRolesAsync(CancellationToken ct)
    {
        user.Require(Permissions.RolesManage);
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        var claims = await db.RoleClaims.AsNoTracking().ToListAsync(ct);
        var members = await db.UserRoles.GroupBy(ur => ur.RoleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return roles.Select(r => ToDto(r, claims.Where(c => c.RoleId == r.Id), members.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<RoleDto> GetRoleAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.RolesManage);
        return await LoadRoleAsync(id, ct);
    }

    public async Task<RoleDto> CreateRoleAsync(RoleInput input, CancellationToken ct)
    {
        user.Require(Permissions.RolesManage);
        var (name, permissions, scopes) = await ValidateRoleAsync(input, null, ct);
        var role = new AppRole(name) { Description = TextInput.Clean(input.Description), RequireMfa = input.RequireMfa, ConcurrencyStamp = Guid.NewGuid().ToString() };
        db.Roles.Add(role);
        db.RoleClaims.AddRange(Claims(role.Id, permissions, scopes));
        await db.SaveChangesAsync(ct);
        AccessResolver.Invalidate();
        return await LoadRoleAsync(role.Id, ct);
    }

    /// <summary>Replaces a role's description, MFA rule, permissions and scopes. Built-in roles keep their names, and
    /// Administrator keeps every permission and scope; nobody takes away their own last grant of roles.manage (they
    /// could not give it back). A stale <paramref name="expectedVersion"/> (If-Match) is refused with 412.</summary>
    public async Task<RoleDto> UpdateRoleAsync(Guid id, RoleInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.RolesManage);
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Role", id);
        ExpectVersion(role, expectedVersion);
        var (name, permissions, scopes) = await ValidateRoleAsync(input, role, ct);
        if (role.Name == Roles.Administrator)
        {
            permissions = [.. Permissions.All];
            scopes = ScopedEntities.All.ToDictionary(e => e, _ => RecordScope.All);
        }
        else if (!permissions.Contains(Permissions.RolesManage) && user.Id is { } me && !await KeepsRolesManageWithoutAsync(me, id, ct))
            throw RapportValidationException.For("permissions", "Validation.OwnRolesManage");
        role.Name = name;
        role.NormalizedName = name.ToUpperInvariant();
        role.Description = TextInput.Clean(input.Description);
        role.RequireMfa = input.RequireMfa;
        role.ConcurrencyStamp = Guid.NewGuid().ToString();
        role.Version++;
        // Tracked removals (not ExecuteDelete), so the audit log records which permissions were taken away.
        db.RoleClaims.RemoveRange(await db.RoleClaims.Where(c => c.RoleId == id).ToListAsync(ct));
        db.RoleClaims.AddRange(Claims(id, permissions, scopes));
        await db.SaveChangesAsync(ct);
        AccessResolver.Invalidate();
        return await LoadRoleAsync(id, ct);
    }

    public async Task DeleteRoleAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.RolesManage);
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Role", id);
        ExpectVersion(role, expectedVersion);
        if (role.IsBuiltIn) throw RapportValidationException.For("id", "Validation.BuiltInRole");
        if (await db.UserRoles.AnyAsync(ur => ur.RoleId == id, ct)) throw RapportValidationException.For("id", "Validation.RoleInUse");
        db.Roles.Remove(role);
        await db.SaveChangesAsync(ct);
        AccessResolver.Invalidate();
    }

    private static void ExpectVersion(AppRole role, long? expected)
    {
        if (expected is { } v && v != role.Version) throw new ConcurrencyConflictException("Role", role.Id, role.Version);
    }

    /// <summary>Whether <paramref name="userId"/> still holds roles.manage through a role other than <paramref name="roleId"/>
    /// (Administrator always grants it). True when they do not hold <paramref name="roleId"/> at all.</summary>
    private async Task<bool> KeepsRolesManageWithoutAsync(Guid userId, Guid roleId, CancellationToken ct)
    {
        var held = await db.UserRoles.Where(ur => ur.UserId == userId).Select(ur => ur.RoleId).ToListAsync(ct);
        if (!held.Contains(roleId)) return true;
        var others = held.Where(r => r != roleId).ToList();
        return await db.Roles.AnyAsync(r => others.Contains(r.Id) && r.Name == Roles.Administrator, ct)
            || await db.RoleClaims.AnyAsync(c => others.Contains(c.RoleId) && c.ClaimType == AppRole.PermissionClaim && c.ClaimValue == Permissions.RolesManage, ct);
    }

    private async Task<RoleDto> LoadRoleAsync(Guid id, CancellationToken ct)
    {
        var role = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Role", id);
        var claims = await db.RoleClaims.AsNoTracking().Where(c => c.RoleId == id).ToListAsync(ct);
        return ToDto(role, claims, await db.UserRoles.CountAsync(ur => ur.RoleId == id, ct));
    }

    private async Task<(string Name, List<string> Permissions, Dictionary<string, RecordScope> Scopes)> ValidateRoleAsync(
        RoleInput input, AppRole? existing, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        if (name.Length > NameMax) errors.Add(new("name", "Validation.TooLong", NameMax));
        if (existing is { IsBuiltIn: true } && name != existing.Name) errors.Add(new("name", "Validation.BuiltInRole"));
        var normalized = name.ToUpperInvariant();
        if (name.Length > 0 && await db.Roles.AnyAsync(r => r.NormalizedName == normalized && r.Id != (existing == null ? Guid.Empty : existing.Id), ct))
            errors.Add(new("name", "Validation.RoleNameTaken"));
        if (input.Description?.Length > 500) errors.Add(new("description", "Validation.TooLong", 500));
        var permissions = (input.Permissions ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var p in permissions.Where(p => !Permissions.IsKnown(p)))
            errors.Add(new("permissions", "Validation.UnknownPermission", p));
        var scopes = new Dictionary<string, RecordScope>(StringComparer.Ordinal);
        foreach (var (entity, scope) in input.Scopes ?? new Dictionary<string, RecordScope>())
        {
            if (!ScopedEntities.All.Contains(entity)) errors.Add(new("scopes", "Validation.UnknownScopeEntity", entity));
            else if (scope != RecordScope.None) scopes[entity] = scope;
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, permissions, scopes);
    }

    private static IEnumerable<IdentityRoleClaim<Guid>> Claims(Guid roleId, IEnumerable<string> permissions, IReadOnlyDictionary<string, RecordScope> scopes) =>
        permissions.Select(p => new IdentityRoleClaim<Guid> { RoleId = roleId, ClaimType = AppRole.PermissionClaim, ClaimValue = p })
            .Concat(scopes.Select(s => new IdentityRoleClaim<Guid>
            {
                RoleId = roleId, ClaimType = AppRole.ScopeClaimPrefix + s.Key, ClaimValue = s.Value.ToString().ToLowerInvariant(),
            }));

    private static RoleDto ToDto(AppRole r, IEnumerable<IdentityRoleClaim<Guid>> claims, int members)
    {
        var list = claims.ToList();
        return new RoleDto(r.Id, r.Name!, r.Description, r.IsBuiltIn, r.RequireMfa,
            list.Where(c => c.ClaimType == AppRole.PermissionClaim).Select(c => c.ClaimValue!).Order(StringComparer.Ordinal).ToList(),
            list.Where(c => c.ClaimType!.StartsWith(AppRole.ScopeClaimPrefix, StringComparison.Ordinal))
                .ToDictionary(c => c.ClaimType![AppRole.ScopeClaimPrefix.Length..], c => Enum.Parse<RecordScope>(c.ClaimValue!, true)),
            members, r.Version);
    }

    // ---- Teams ----

    public async Task<IReadOnlyList<TeamDto>> ListTeamsAsync(CancellationToken ct)
    {
        user.Require(Permissions.UsersManage);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Path).ToListAsync(ct);
        var members = await db.Users.Where(u => u.TeamId != null).GroupBy(u => u.TeamId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return teams.Select(t => ToDto(t, members.GetValueOrDefault(t.Id))).ToList();
    }

    public async Task<TeamDto> CreateTeamAsync(TeamInput input, CancellationToken ct)
    {
        user.Require(Permissions.UsersManage);
        var (name, parent) = await ValidateTeamAsync(input, ct);
        var team = new Team { Name = name, ParentId = parent?.Id, LeadId = input.LeadId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        team.Path = (parent?.Path ?? "") + team.Id.ToString("N") + "/";
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return ToDto(team, 0);
    }

    /// <summary>Renames a team or moves it (with everything below it) under another parent.</summary>
    public async Task<TeamDto> UpdateTeamAsync(Guid id, TeamInput input, CancellationToken ct)
    {
        user.Require(Permissions.UsersManage);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Team", id);
        var (name, parent) = await ValidateTeamAsync(input, ct);
        if (parent is not null && parent.Path.StartsWith(team.Path, StringComparison.Ordinal))
            throw RapportValidationException.For("parentId", "Validation.TeamCycle");
        (team.Name, team.LeadId) = (name, input.LeadId);
        if (team.ParentId != parent?.Id)
        {
            var oldPath = team.Path;
            var newPath = (parent?.Path ?? "") + team.Id.ToString("N") + "/";
            var subtree = await db.Teams.Where(t => t.Path.StartsWith(oldPath)).ToListAsync(ct);
            foreach (var t in subtree) t.Path = newPath + t.Path[oldPath.Length..];
            team.ParentId = parent?.Id;
            AccessResolver.Invalidate();
        }
        await db.SaveChangesAsync(ct);
        return ToDto(team, await db.Users.CountAsync(u => u.TeamId == id, ct));
    }

    public async Task DeleteTeamAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.UsersManage);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Team", id);
        if (await db.Teams.AnyAsync(t => t.ParentId == id, ct) || await db.Users.AnyAsync(u => u.TeamId == id, ct))
            throw RapportValidationException.For("id", "Validation.TeamNotEmpty");
        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(string Name, Team? Parent)> ValidateTeamAsync(TeamInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        if (name.Length > 200) errors.Add(new("name", "Validation.TooLong", 200));
        Team? parent = null;
        if (input.ParentId is { } pid && (parent = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == pid, ct)) is null)
            errors.Add(new("parentId", "Validation.UnknownTeam"));
        if (input.LeadId is { } lead && !await db.Users.AnyAsync(u => u.Id == lead, ct)) errors.Add(new("leadId", "Validation.UnknownUser"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, parent);
    }

    private static TeamDto ToDto(Team t, int members) => new(t.Id, t.Name, t.ParentId, t.Path.Count(c => c == '/') - 1, members, t.LeadId);

    // ---- Users' roles, team and manager ----

    public async Task<UserAccessDto> GetUserAccessAsync(Guid userId, CancellationToken ct)
    {
        user.Require(Permissions.UsersManage);
        return await DescribeAsync(userId, ct);
    }

    /// <summary>Sets a user's roles, team and manager. The change applies to their next request.</summary>
    public async Task<UserAccessDto> SetUserAccessAsync(Guid userId, UserAccessInput input, CancellationToken ct)
    {
        user.Require(Permissions.UsersManage);
        var target = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("User", userId);
        var errors = new List<FieldError>();
        if (input.Roles?.Any(r => r is null) == true) errors.Add(new("roles", "Validation.Required"));
        var names = (input.Roles ?? []).Where(r => r is not null).Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();
        var roles = await db.Roles.Where(r => names.Contains(r.NormalizedName!)).ToListAsync(ct);
        foreach (var missing in names.Except(roles.Select(r => r.NormalizedName!)))
            errors.Add(new("roles", "Validation.UnknownRole", missing));
        if (input.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            errors.Add(new("teamId", "Validation.UnknownTeam"));
        if (input.ManagerId is { } managerId && (managerId == userId || !await db.Users.AnyAsync(u => u.Id == managerId, ct)))
            errors.Add(new("managerId", managerId == userId ? "Validation.ManagerCycle" : "Validation.UnknownUser"));
        else if (input.ManagerId is { } m && await ManagesAsync(userId, m, ct))
            errors.Add(new("managerId", "Validation.ManagerCycle"));

        var admin = await db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).FirstAsync(ct);
        var wasAdmin = await db.UserRoles.AnyAsync(ur => ur.UserId == userId && ur.RoleId == admin, ct);
        if (wasAdmin && roles.All(r => r.Id != admin) && !await db.UserRoles.AnyAsync(ur => ur.RoleId == admin && ur.UserId != userId, ct))
            errors.Add(new("roles", "Validation.LastAdministrator"));
        if (errors.Count > 0) throw new RapportValidationException(errors);

        // One SaveChanges (one transaction); tracked removals so the audit log records the roles taken away.
        var current = await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(ct);
        db.UserRoles.RemoveRange(current.Where(ur => roles.All(r => r.Id != ur.RoleId)));
        db.UserRoles.AddRange(roles.Where(r => current.All(ur => ur.RoleId != r.Id)).Select(r => new IdentityUserRole<Guid> { UserId = userId, RoleId = r.Id }));
        target.TeamId = input.TeamId;
        target.ManagerId = input.ManagerId;
        await db.SaveChangesAsync(ct);
        AccessResolver.Invalidate();
        return await DescribeAsync(userId, ct);
    }

    /// <summary>True when <paramref name="userId"/> is somewhere above <paramref name="candidate"/> in the reporting line.</summary>
    private async Task<bool> ManagesAsync(Guid userId, Guid candidate, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        for (Guid? at = candidate; at is { } current && seen.Add(current);)
        {
            if (current == userId) return true;
            at = await db.Users.Where(u => u.Id == current).Select(u => u.ManagerId).FirstOrDefaultAsync(ct);
        }
        return false;
    }

    private async Task<UserAccessDto> DescribeAsync(Guid userId, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().Where(x => x.Id == userId).Select(x => new { x.Id, x.TeamId, x.ManagerId })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("User", userId);
        var access = await AccessResolver.LoadAsync(db, userId, ct);
        return new UserAccessDto(u.Id, access.Roles.Order(StringComparer.Ordinal).ToList(), u.TeamId, u.ManagerId,
            access.Permissions.Order(StringComparer.Ordinal).ToList(), access.Scopes);
    }
}
