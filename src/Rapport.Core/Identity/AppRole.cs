using Microsoft.AspNetCore.Identity;

namespace Rapport.Core.Identity;

/// <summary>A role grants permissions (role claims of type <see cref="PermissionClaim"/>) and a record scope per
/// entity (role claims of type <c>scope:{entity}</c> with value own|team|all).</summary>
public sealed class AppRole : IdentityRole<Guid>
{
    public const string PermissionClaim = "permission";
    public const string ScopeClaimPrefix = "scope:";

    public AppRole() => Id = Guid.CreateVersion7();

    public AppRole(string name) : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }

    public string? Description { get; set; }
    /// <summary>Shipped with Rapport; can be edited but not deleted.</summary>
    public bool IsBuiltIn { get; set; }
    /// <summary>Members must sign in with a second factor.</summary>
    public bool RequireMfa { get; set; }
    /// <summary>Bumped on every change to the role or its permissions: the ETag a role editor sends back as If-Match,
    /// so two administrators editing one role cannot silently overwrite each other's matrix.</summary>
    public long Version { get; set; } = 1;
}
