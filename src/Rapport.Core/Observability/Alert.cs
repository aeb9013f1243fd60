namespace Rapport.Core.Observability;

/// <summary>A condition an alert rule found, open while it lasts: one open alert per rule and subject (the failed
/// sign-ins of one account, one job, the disk), cleared when the rule no longer finds it. A later recurrence opens a
/// new alert.</summary>
public sealed class Alert
{
    public const int RuleMax = 50;
    public const int SubjectMax = 300;
    public const int DetailMax = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The rule's name (<see cref="AlertRules"/>).</summary>
    public required string Rule { get; init; }
    /// <summary>What the rule is about: <c>account:anna</c>, <c>address:203.0.113.9</c>, a job's name, empty for the whole app.</summary>
    public required string Subject { get; init; }
    /// <summary>The measurement when last seen (<c>12 in 15 min</c>), language-neutral.</summary>
    public string? Detail { get; private set; }
    public DateTime OpenedAt { get; init; }
    public DateTime LastSeenAt { get; private set; }
    public DateTime? ClearedAt { get; private set; }

    public static Alert Open(string rule, string subject, string? detail, DateTime now) =>
        new() { Rule = rule, Subject = subject, Detail = detail, OpenedAt = now, LastSeenAt = now };

    /// <summary>Still true: the same alert, its measurement refreshed.</summary>
    public void Seen(string? detail, DateTime now) => (Detail, LastSeenAt) = (detail, now);

    public void Clear(DateTime now) => ClearedAt ??= now;
}

/// <summary>The rule names (stable: stored with each alert and used in the rule options).</summary>
public static class AlertRules
{
    public const string FailedSignIns = "failed-signins";
    public const string ErrorRate = "error-rate";
    public const string JobFailing = "job-failing";
    public const string DiskFree = "disk-free";
    public const string BackupAge = "backup-age";
    public const string AuditChain = "audit-chain";
}
