namespace Rapport.Core.Common;

/// <summary>Who is calling the service layer. The host fills it from the cookie or bearer token.</summary>
public interface ICurrentUser
{
    Guid? Id { get; }
    bool IsInRole(string role);
}

public static class Roles
{
    public const string Administrator = "Administrator";
}

/// <summary>The caller is known but may not do this (HTTP 403).</summary>
public sealed class ForbiddenException(string action) : Exception($"Not allowed: {action}")
{
    public string Action { get; } = action;
}

/// <summary>A fixed identity for operator verbs, seeding and tests.</summary>
public sealed class SystemUser(Guid? id = null, params string[] roles) : ICurrentUser
{
    public Guid? Id { get; } = id;
    public bool IsInRole(string role) => roles.Contains(role);
}
