namespace Rapport.Server.Cli.Demo;

/// <summary>A demo user as the services see them: their roles' permissions and record scope, as at sign-in.</summary>
internal sealed class DemoCaller(UserAccess access, string userName) : ICurrentUser
{
    public Guid? Id => access.UserId;
    public string? UserName => userName;
    public bool IsInRole(string role) => access.Roles.Contains(role);
    public bool HasPermission(string permission) => access.Permissions.Contains(permission);
    public RecordScope ScopeFor(string entity) => access.ScopeFor(entity);
    public IReadOnlyCollection<Guid> TeamMemberIds => access.TeamMemberIds;
}
