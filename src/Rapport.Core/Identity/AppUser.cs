using Microsoft.AspNetCore.Identity;

namespace Rapport.Core.Identity;

/// <summary>A person who signs in to Rapport.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public string? DisplayName { get; set; }
    public string? Culture { get; set; }
    public DateTime CreatedAt { get; init; }
    public bool MustChangePassword { get; set; }
}

/// <summary>A bearer token for scripts and integrations; only its SHA-256 hash is stored.</summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public AppUser? User { get; init; }
    public required string Name { get; init; }
    public required string TokenHash { get; init; }
    /// <summary>The first characters of the token, shown in lists so people can tell tokens apart.</summary>
    public required string Prefix { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
