namespace Rapport.Core.Observability;

/// <summary>What one rule finds true right now: a subject (an account, a job, empty for the whole app) and a short
/// measurement.</summary>
public sealed record AlertCondition(string Subject, string? Detail);

/// <summary>An alert rule. The evaluator opens an alert for each condition not yet open, refreshes the open ones, and
/// clears the open ones the rule no longer reports. Modules add rules by registering one (scoped).</summary>
public interface IAlertSignal
{
    string Rule { get; }

    /// <summary>The conditions true now, or null when the rule did not look this time (off, or not due): its open
    /// alerts then stay as they are.</summary>
    Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct);
}

/// <summary>A job's failures in a row, newest runs first, for the "job failing" rule. The job scheduler implements
/// <see cref="IJobRunHistory"/>; until one is registered the rule finds nothing.</summary>
public sealed record JobStreak(string Job, int FailuresInARow);

public interface IJobRunHistory
{
    Task<IReadOnlyList<JobStreak>> FailureStreaksAsync(CancellationToken ct);
}

/// <summary>When the newest good backup was made (null: never), for the "backup age" rule. The backup module implements
/// it; until one is registered the rule finds nothing.</summary>
public interface IBackupCatalog
{
    Task<DateTime?> NewestBackupAtAsync(CancellationToken ct);
}

/// <summary>Free and total bytes on the disk holding a path.</summary>
public interface IDiskSpace
{
    (long Free, long Total)? Measure(string path);
}
