namespace Rapport.Core.Common;

/// <summary>Who is calling the service layer and what they may do. The host fills it from the cookie or bearer
/// token; services ask it for permissions, and the DbContext asks it for record scope.</summary>
public interface ICurrentUser
{
    Guid? Id { get; }
    string? UserName => null;
    /// <summary>The caller's address and browser, for the audit trail.</summary>
    string? IpAddress => null;
    string? UserAgent => null;
    bool IsInRole(string role);
    bool HasPermission(string permission);
    /// <summary>Which records of <paramref name="entity"/> (see <see cref="ScopedEntities"/>) the caller reaches.</summary>
    RecordScope ScopeFor(string entity);
    /// <summary>The users whose records a <see cref="RecordScope.Team"/> scope reaches: everyone in the caller's
    /// team and the teams below it (always including the caller).</summary>
    IReadOnlyCollection<Guid> TeamMemberIds { get; }
    /// <summary>The caller's team and the teams below it, whose queues a <see cref="RecordScope.Team"/> scope reaches
    /// (see <see cref="ScopedEntities.Cases"/>).</summary>
    IReadOnlyCollection<Guid> TeamIds => [];
}

public static class CurrentUserExtensions
{
    /// <summary>Throws <see cref="ForbiddenException"/> (HTTP 403) unless the caller holds the permission.</summary>
    public static void Require(this ICurrentUser user, string permission)
    {
        if (!user.HasPermission(permission)) throw new ForbiddenException(permission);
    }

    /// <summary>Giving a record to an owner other than <paramref name="currentOwner"/> (the caller, on a create) needs
    /// the module's assign permission; keeping the owner, or sending none, needs nothing more.</summary>
    public static void RequireToAssign(this ICurrentUser user, string assignPermission, Guid? requestedOwner, Guid? currentOwner)
    {
        if (requestedOwner is { } owner && owner != currentOwner) user.Require(assignPermission);
    }
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string SalesManager = "Sales Manager";
    public const string SalesRepresentative = "Sales Representative";
    public const string MarketingSpecialist = "Marketing Specialist";
    public const string ServiceAgent = "Service Agent";
    public const string Finance = "Finance";
    public const string Auditor = "Auditor";
}

/// <summary>The caller is known but may not do this (HTTP 403).</summary>
public sealed class ForbiddenException(string action) : Exception($"Not allowed: {action}")
{
    public string Action { get; } = action;
}

/// <summary>A fixed identity for operator verbs, seeding, background jobs and tests: every permission, every record.</summary>
public sealed class SystemUser(Guid? id = null, params string[] roles) : ICurrentUser
{
    public Guid? Id { get; } = id;
    public string? UserName => "system";
    public bool IsInRole(string role) => roles.Contains(role);
    public bool HasPermission(string permission) => true;
    public RecordScope ScopeFor(string entity) => RecordScope.All;
    public IReadOnlyCollection<Guid> TeamMemberIds => Id is { } me ? [me] : [];
}
