namespace Rapport.Server.Infrastructure;

/// <summary>The signed-in user of the current request (cookie or bearer token). Their <see cref="UserAccess"/> is
/// resolved once per request by <see cref="AccessMiddleware"/>; an anonymous caller may do nothing.</summary>
internal sealed class HttpCurrentUser(HttpContext http) : ICurrentUser, Rapport.Core.Identity.IMfaAware
{
    public bool MfaRequired => Access.RequireMfa;

    private UserAccess Access => http.Features.Get<UserAccess>() ?? UserAccess.Nobody;

    public Guid? Id => Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => http.User.Identity?.Name;
    public string? IpAddress => http.Connection.RemoteIpAddress?.ToString();
    public string? UserAgent => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? TextCut.ToLength(ua, 500) : null;
    public bool IsInRole(string role) => Access.Roles.Contains(role);
    public bool HasPermission(string permission) => Access.Permissions.Contains(permission);
    public RecordScope ScopeFor(string entity) => Access.ScopeFor(entity);
    public IReadOnlyCollection<Guid> TeamMemberIds => Access.TeamMemberIds;
    public IReadOnlyCollection<Guid> TeamIds => Access.TeamIds;
}

/// <summary>Resolves the authenticated caller's permissions and scope before any endpoint runs.</summary>
internal sealed class AccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AccessResolver resolver)
    {
        if (Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            http.Features.Set(await resolver.ResolveAsync(id, http.RequestAborted));
        await next(http);
    }
}
