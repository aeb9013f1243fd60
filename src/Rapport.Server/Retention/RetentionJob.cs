using Quartz;
using Rapport.Core.Retention;

namespace Rapport.Server.Retention;

/// <summary>Nightly: applies every enabled retention policy, each run recorded and audited (see <see cref="RetentionService"/>).</summary>
internal sealed class RetentionJob(RetentionService retention, ILogger<RetentionJob> log) : IJob
{
    public const string Name = "retention";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        foreach (var run in await retention.ApplyEnabledAsync(cancellationToken))
            if (run.Count > 0) log.LogInformation("Retention policy {Policy} removed {Count} records older than {Cutoff}", run.Policy, run.Count, run.Cutoff);
    }
}
