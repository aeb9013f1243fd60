using Microsoft.Extensions.Caching.Memory;
using Rapport.Core.Identity;

namespace Rapport.Core.Access;

/// <summary>What one user may do: the union of their roles' permissions, the widest scope any role gives per
/// entity, and the people a team scope reaches.</summary>
public sealed record UserAccess(
    Guid UserId,
    IReadOnlySet<string> Permissions,
    IReadOnlyDictionary<string, RecordScope> Scopes,
    List<Guid> TeamMemberIds,
    IReadOnlyList<string> Roles,
    bool RequireMfa,
    bool MustChangePassword = false,
    bool HasMfa = false)
{
    public static readonly UserAccess Nobody = new(Guid.Empty, new HashSet<string>(), new Dictionary<string, RecordScope>(), [], [], false);

    /// <summary>The user's team and the teams below it (filled when some scope is <see cref="RecordScope.Team"/>).</summary>
    public List<Guid> TeamIds { get; init; } = [];

    public RecordScope ScopeFor(string entity) => Scopes.TryGetValue(entity, out var s) ? s : RecordScope.None;
}

/// <summary>Works out a user's <see cref="UserAccess"/> from roles, role claims and teams, and caches it briefly.
/// Changing roles, teams or memberships calls <see cref="Invalidate"/>, so the change applies on the next request.</summary>
public sealed class AccessResolver(RapportDbContext db, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    // Bumped on every change to roles, teams or memberships; part of the cache key, so old entries are never read again.
    private static long _generation;

    public static void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>Changes whenever access may have changed (roles, teams, suspension, revoked tokens): part of every
    /// cache key that remembers who a caller is.</summary>
    public static long Generation => Interlocked.Read(ref _generation);

    public async Task<UserAccess> ResolveAsync(Guid userId, CancellationToken ct)
    {
        var key = (nameof(UserAccess), userId, Interlocked.Read(ref _generation));
        if (cache.TryGetValue(key, out UserAccess? hit) && hit is not null) return hit;
        var access = await LoadAsync(db, userId, ct);
        cache.SetFor(key, access, CacheFor);
        return access;
    }

    internal static async Task<UserAccess> LoadAsync(RapportDbContext db, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.TeamId, u.Status, u.MustChangePassword, u.TwoFactorEnabled }).FirstOrDefaultAsync(ct);
        if (user is null || user.Status is UserStatus.Suspended or UserStatus.Offboarded) return UserAccess.Nobody;

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => new { r.Id, r.Name, r.RequireMfa }).ToListAsync(ct);
        var roleIds = roles.Select(r => r.Id).ToList();
        var claims = await db.RoleClaims.Where(c => roleIds.Contains(c.RoleId))
            .Select(c => new { c.ClaimType, c.ClaimValue }).ToListAsync(ct);

        var permissions = new HashSet<string>(StringComparer.Ordinal);
        var scopes = new Dictionary<string, RecordScope>(StringComparer.Ordinal);
        if (roles.Any(r => r.Name == Common.Roles.Administrator))
        {
            // The administrator role always holds everything, so nobody can lock the company out of its own CRM.
            permissions.UnionWith(Access.Permissions.All);
            foreach (var e in ScopedEntities.All) scopes[e] = RecordScope.All;
        }
        foreach (var c in claims)
        {
            if (c.ClaimType == AppRole.PermissionClaim && c.ClaimValue is not null) permissions.Add(c.ClaimValue);
            else if (c.ClaimType?.StartsWith(AppRole.ScopeClaimPrefix, StringComparison.Ordinal) == true
                     && Enum.TryParse<RecordScope>(c.ClaimValue, true, out var s))
            {
                var entity = c.ClaimType[AppRole.ScopeClaimPrefix.Length..];
                if (!scopes.TryGetValue(entity, out var had) || s > had) scopes[entity] = s;
            }
        }

        List<Guid> team = [userId];
        List<Guid> teams = [];
        if (user.TeamId is { } teamId && scopes.Values.Any(s => s == RecordScope.Team))
        {
            var path = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Path).FirstAsync(ct);
            teams = await db.Teams.Where(t => t.Path.StartsWith(path)).Select(t => t.Id).ToListAsync(ct);
            var members = await db.Users.Where(u => u.TeamId != null && u.Id != userId)
                .Join(db.Teams.Where(t => t.Path.StartsWith(path)), u => u.TeamId, t => t.Id, (u, _) => u.Id)
                .ToListAsync(ct);
            team.AddRange(members);
        }
        var access = new UserAccess(userId, permissions, scopes, team, roles.Select(r => r.Name!).ToList(), roles.Any(r => r.RequireMfa), user.MustChangePassword,
            user.TwoFactorEnabled || await db.UserPasskeys.AnyAsync(p => p.UserId == userId, ct));
        return access with { TeamIds = teams };
    }
}
