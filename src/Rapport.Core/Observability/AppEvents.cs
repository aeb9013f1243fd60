using Microsoft.Extensions.Logging;

namespace Rapport.Core.Observability;

/// <summary>The security and application events an operator reads on the logs page. They are ordinary log events
/// (in the files too); the event log table keeps these, every warning or error from Rapport's own code, and every error
/// from anywhere — not every debug line. Names never change once shipped: the logs page and alert rules filter by them.</summary>
public static class AppEvents
{
    /// <summary>The category security events are logged under, kept at Information whatever the default level.</summary>
    public const string SecurityCategory = "Rapport.Security";

    /// <summary>An audit action (<c>auth.signin.failed</c>, <c>customers.exported</c>…) also written as a log event named after it.</summary>
    public const int AuditActionId = 1000;
    public static readonly EventId LockedOut = new(1001, "auth.lockout");
    public static readonly EventId PermissionDenied = new(1002, "access.denied");
    public static readonly EventId ServerError = new(1003, "http.server-error");
    public static readonly EventId JobFailed = new(1004, "job.failed");
    public static readonly EventId SettingChanged = new(1005, "settings.changed");
    public static readonly EventId AlertOpened = new(1006, "alert.opened");
    public static readonly EventId AlertCleared = new(1007, "alert.cleared");
    /// <summary>A request rolled back by a deadlock or a write lock held too long, answered 503 "try again".</summary>
    public static readonly EventId TransientConflict = new(1008, "db.transient-conflict");

    /// <summary>The event an audit action is logged as.</summary>
    public static EventId ForAuditAction(string action) => new(AuditActionId, action);

    /// <summary>Whether a log event belongs in the event table: a named Rapport event, a warning from Rapport's own code,
    /// or any error.</summary>
    public static bool IsKept(LogLevel level, string category, EventId id) =>
        level >= LogLevel.Error
        || (id.Id is >= AuditActionId and < AuditActionId + 100 && id.Name is not null)
        || (level >= LogLevel.Warning && category.StartsWith("Rapport.", StringComparison.Ordinal));
}
