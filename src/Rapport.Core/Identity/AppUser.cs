using Microsoft.AspNetCore.Identity;

namespace Rapport.Core.Identity;

public enum UserStatus
{
    /// <summary>Invited; has not accepted the invitation yet.</summary>
    Invited = 0,
    Active = 1,
    /// <summary>Temporarily barred from signing in; can be reactivated.</summary>
    Suspended = 2,
    /// <summary>Left the company: access revoked, records reassigned. Kept for the audit trail.</summary>
    Offboarded = 3,
}

/// <summary>A person who signs in to Rapport.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public string? DisplayName { get; set; }
    /// <summary>Job title shown beside the name ("Sales engineer", "客服主管").</summary>
    public string? Position { get; set; }
    public string? Culture { get; set; }
    /// <summary>"light", "dark", or null to follow the operating system.</summary>
    public string? Theme { get; set; }
    /// <summary>IANA id of the zone the user reads and types times in; null until chosen (or taken from the browser at
    /// the first sign-in), meanwhile the company's zone applies.</summary>
    public string? TimeZone { get; set; }
    public DateTime CreatedAt { get; init; }
    public bool MustChangePassword { get; set; }
    public UserStatus Status { get; set; } = UserStatus.Active;
    public Guid? TeamId { get; set; }
    public Guid? ManagerId { get; set; }
    public DateTime? PasswordChangedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
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
