namespace Rapport.Core.Jobs;

/// <summary>One run of a scheduled job on one node: when it started, how long it took, whether it failed and why,
/// and who asked for it (the schedule, or a user's "run now").</summary>
public sealed class JobRun
{
    public const int JobMax = 100;
    public const int NodeMax = 200;
    public const int ErrorMax = 2000;
    public const int TriggeredByMax = 256;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The job's registered name (<c>contract-expiry</c>).</summary>
    public required string Job { get; init; }
    /// <summary>The scheduler instance (app node) that ran it.</summary>
    public required string Node { get; init; }
    public DateTime StartedAt { get; init; }
    public long DurationMs { get; init; }
    public bool Succeeded { get; init; }
    /// <summary>The failure's message, cut to <see cref="ErrorMax"/> characters; null after a success.</summary>
    public string? Error { get; init; }
    /// <summary>The user name of whoever pressed "run now", or null when the schedule fired it.</summary>
    public string? TriggeredBy { get; init; }

    /// <summary>A run as recorded: the error text is cut on a character boundary, never inside a surrogate pair.</summary>
    public static JobRun Of(string job, string node, DateTime startedAt, TimeSpan duration, Exception? error, string? triggeredBy) => new()
    {
        Job = Cut(job, JobMax)!,
        Node = Cut(node, NodeMax)!,
        StartedAt = startedAt,
        DurationMs = (long)Math.Max(0, duration.TotalMilliseconds),
        Succeeded = error is null,
        Error = Cut(error is null ? null : Describe(error), ErrorMax),
        TriggeredBy = Cut(triggeredBy, TriggeredByMax),
    };

    /// <summary>The innermost useful message: the scheduler wraps the job's exception in its own.</summary>
    private static string Describe(Exception e)
    {
        while (e.InnerException is not null && e.GetType().FullName?.StartsWith("Quartz.", StringComparison.Ordinal) == true)
            e = e.InnerException;
        return $"{e.GetType().Name}: {e.Message}";
    }

    private static string? Cut(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        var end = max - 1;
        if (char.IsHighSurrogate(text[end - 1])) end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
