namespace Rapport.Server.Access;

/// <summary>The permission × scope grid the role editor shows: permissions grouped by module (the core ones —
/// recycle bin, audit, users, roles, settings, PII — as "administration"), each module with an entity scope offering
/// its own/team/all select. Granting a module's first permission gives it the "own" scope if it had none (a permission
/// that reaches no record would look granted and do nothing); taking its last one away clears the scope.</summary>
public sealed class RoleMatrix
{
    public const string AdminModule = "admin";

    /// <summary>A module's block of the grid: its permissions in catalogue order, and the entity its scope select sets (or null).</summary>
    public sealed record Section(string Name, string? ScopedEntity, IReadOnlyList<string> Permissions);

    public static IReadOnlyList<Section> Modules { get; } =
        [.. BuiltInRoles.Modules.Append(AdminModule)
            .Select(m => new Section(m, ScopedEntities.All.Contains(m) ? m : null, [.. Rapport.Core.Access.Permissions.All.Where(p => ModuleOf(p) == m)]))
            .Where(m => m.Permissions.Count > 0)];

    private readonly HashSet<string> _granted;
    private readonly Dictionary<string, RecordScope> _scopes;

    public RoleMatrix(IEnumerable<string> permissions, IReadOnlyDictionary<string, RecordScope>? scopes)
    {
        _granted = new HashSet<string>(permissions, StringComparer.Ordinal);
        _scopes = new Dictionary<string, RecordScope>(scopes ?? new Dictionary<string, RecordScope>(), StringComparer.Ordinal);
    }

    /// <summary>A role's grid; also how "copy as new role" starts from a built-in role.</summary>
    public static RoleMatrix Of(RoleDto role) => new(role.Permissions, role.Scopes);

    public static RoleMatrix Empty() => new([], null);

    public static string ModuleOf(string permission)
    {
        var module = BuiltInRoles.ModuleOf(permission);
        return module == ScopedEntities.Customers && !permission.StartsWith(module + ".", StringComparison.Ordinal) ? AdminModule : module;
    }

    public bool Has(string permission) => _granted.Contains(permission);

    public RecordScope ScopeOf(string entity) => _scopes.GetValueOrDefault(entity);

    /// <summary>True when every permission of the module is granted, false when none is, null in between.</summary>
    public bool? StateOf(Section module)
    {
        var count = module.Permissions.Count(_granted.Contains);
        return count == 0 ? false : count == module.Permissions.Count ? true : null;
    }

    public void Set(string permission, bool granted)
    {
        if (granted) _granted.Add(permission);
        else _granted.Remove(permission);
        if (Modules.First(m => m.Permissions.Contains(permission)) is { ScopedEntity: { } entity } section) Rescope(section, entity);
    }

    public void SetModule(Section module, bool granted)
    {
        foreach (var p in module.Permissions) Set(p, granted);
    }

    public void SetScope(string entity, RecordScope scope)
    {
        if (scope == RecordScope.None) _scopes.Remove(entity);
        else _scopes[entity] = scope;
    }

    public IReadOnlyList<string> Permissions => [.. Rapport.Core.Access.Permissions.All.Where(_granted.Contains)];

    public IReadOnlyDictionary<string, RecordScope> Scopes => new Dictionary<string, RecordScope>(_scopes, StringComparer.Ordinal);

    public RoleInput ToInput(string? name, string? description, bool requireMfa) => new(name, description, requireMfa, Permissions, Scopes);

    private void Rescope(Section module, string entity)
    {
        var any = module.Permissions.Any(_granted.Contains);
        if (any && ScopeOf(entity) == RecordScope.None) _scopes[entity] = RecordScope.Own;
        else if (!any) _scopes.Remove(entity);
    }
}
