namespace Rapport.Core.Access;

public sealed record RoleInput(
    string? Name, string? Description, bool RequireMfa,
    IReadOnlyList<string>? Permissions, IReadOnlyDictionary<string, RecordScope>? Scopes);

public sealed record RoleDto(
    Guid Id, string Name, string? Description, bool IsBuiltIn, bool RequireMfa,
    IReadOnlyList<string> Permissions, IReadOnlyDictionary<string, RecordScope> Scopes, int MemberCount, long Version = 1);

/// <summary>A team's name, parent and lead (<see cref="LeadId"/>: told when a case in the team's queue escalates).</summary>
public sealed record TeamInput(string? Name, Guid? ParentId, Guid? LeadId = null);

/// <summary>A team in the hierarchy; <see cref="Depth"/> 0 is a department.</summary>
public sealed record TeamDto(Guid Id, string Name, Guid? ParentId, int Depth, int MemberCount, Guid? LeadId = null);

public sealed record UserAccessInput(IReadOnlyList<string>? Roles, Guid? TeamId, Guid? ManagerId);

/// <summary>A user's assignments and what they add up to.</summary>
public sealed record UserAccessDto(
    Guid UserId, IReadOnlyList<string> Roles, Guid? TeamId, Guid? ManagerId,
    IReadOnlyList<string> Permissions, IReadOnlyDictionary<string, RecordScope> Scopes);

/// <summary>The vocabulary a role editor offers.</summary>
public sealed record PermissionCatalog(IReadOnlyList<string> Permissions, IReadOnlyList<string> ScopedEntities);
