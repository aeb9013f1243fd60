using Microsoft.AspNetCore.Components.Authorization;

namespace Rapport.Server.Components.Common;

/// <summary>Where a circuit's connection came from (captured from the HTTP request that started it), for the audit trail.</summary>
public sealed class CircuitInfo
{
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>"dark" or "light": the theme this browser showed last (its cookie), so the first render is already in it.</summary>
    public string? Theme { get; set; }
}

/// <summary>The signed-in user of one UI operation. <see cref="Ops"/> fills it before anything else in the
/// operation's scope is resolved, so the DbContext and services of that scope see this caller.</summary>
public sealed class CircuitCaller : ICurrentUser, Rapport.Core.Identity.IMfaAware
{
    private ClaimsPrincipal _principal = new();
    private UserAccess _access = UserAccess.Nobody;
    private CircuitInfo? _info;

    public bool IsSet { get; private set; }

    internal void Set(ClaimsPrincipal principal, UserAccess access, CircuitInfo info)
    {
        (_principal, _access, _info, IsSet) = (principal, access, info, true);
    }

    /// <summary>Who this operation runs as, to hand to work that outlives it (a background export).</summary>
    internal (ClaimsPrincipal Principal, UserAccess Access) Caller => (_principal, _access);

    public bool MfaRequired => _access.RequireMfa;
    public Guid? Id => Guid.TryParse(_principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => _principal.Identity?.Name;
    public string? IpAddress => _info?.IpAddress;
    public string? UserAgent => _info?.UserAgent;
    public bool IsInRole(string role) => _access.Roles.Contains(role);
    public bool HasPermission(string permission) => _access.Permissions.Contains(permission);
    public RecordScope ScopeFor(string entity) => _access.ScopeFor(entity);
    public IReadOnlyCollection<Guid> TeamMemberIds => _access.TeamMemberIds;
    public IReadOnlyCollection<Guid> TeamIds => _access.TeamIds;
}

/// <summary>
/// How pages call services: each operation gets a fresh DI scope (so a fresh DbContext, never one per circuit)
/// whose <see cref="ICurrentUser"/> is the circuit's signed-in user, with permissions resolved now. Pages never
/// inject services directly (a test checks that), so the UI goes through the same rules as the API.
/// </summary>
public sealed class Ops(IServiceScopeFactory scopes, AuthenticationStateProvider auth, CircuitInfo info)
{
    public async Task<T> RunAsync<TService, T>(Func<TService, CancellationToken, Task<T>> work, CancellationToken ct = default)
        where TService : notnull
    {
        var (principal, access) = await CallerAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CircuitCaller>().Set(principal, access, info);
        return await work(scope.ServiceProvider.GetRequiredService<TService>(), ct);
    }

    public Task RunAsync<TService>(Func<TService, CancellationToken, Task> work, CancellationToken ct = default) where TService : notnull =>
        RunAsync<TService, bool>(async (s, c) =>
        {
            await work(s, c);
            return true;
        }, ct);

    /// <summary>What the signed-in user may do (cached for 30 s by <see cref="AccessResolver"/>; changes apply at once).</summary>
    public async Task<UserAccess> AccessAsync(CancellationToken ct = default) => (await CallerAsync(ct)).Access;

    private async Task<(ClaimsPrincipal Principal, UserAccess Access)> CallerAsync(CancellationToken ct)
    {
        var principal = (await auth.GetAuthenticationStateAsync()).User;
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return (principal, UserAccess.Nobody);
        // A scope of its own: the resolver's DbContext must not be the one the operation's caller is set on.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CircuitCaller>().Set(principal, UserAccess.Nobody, info);
        return (principal, await scope.ServiceProvider.GetRequiredService<AccessResolver>().ResolveAsync(id, ct));
    }
}
