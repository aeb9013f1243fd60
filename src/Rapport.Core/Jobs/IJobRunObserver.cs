namespace Rapport.Core.Jobs;

/// <summary>Told after every recorded run of a scheduled job, on the node that ran it. Register one as a scoped
/// service to act on failures (an alert when <paramref name="consecutiveFailures"/> reaches 2, say).</summary>
public interface IJobRunObserver
{
    /// <param name="run">The run as recorded.</param>
    /// <param name="consecutiveFailures">How many runs of this job in a row have now failed (0 after a success).</param>
    Task RunRecordedAsync(JobRunDto run, int consecutiveFailures, CancellationToken ct);
}
