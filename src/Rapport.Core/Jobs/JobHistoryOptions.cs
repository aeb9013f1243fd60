namespace Rapport.Core.Jobs;

/// <summary>How long the run history of scheduled jobs is kept (configuration section <c>Jobs</c>).</summary>
public sealed class JobHistoryOptions
{
    /// <summary>Runs older than this are deleted.</summary>
    public int HistoryDays { get; set; } = 30;
    /// <summary>At most this many runs are kept per job (a job that runs every minute would otherwise keep 43,200).</summary>
    public int HistoryPerJob { get; set; } = 2000;

    public bool IsValid() => HistoryDays is >= 1 and <= 3650 && HistoryPerJob is >= 10 and <= 1_000_000;
}
