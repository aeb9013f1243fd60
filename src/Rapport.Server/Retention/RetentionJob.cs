using Rapport.Core.Retention;
using Rapport.Server.Jobs;

namespace Rapport.Server.Retention;

/// <summary>Nightly: applies every enabled retention policy, each run recorded and audited (see <see cref="RetentionService"/>).</summary>
internal sealed class RetentionJob(RetentionService retention, ILogger<RetentionJob> log) : ScopedJob<RetentionJob, IReadOnlyList<RetentionRunDto>>
{
    public const string Name = "retention";

    protected override Task<IReadOnlyList<RetentionRunDto>> RunAsync(CancellationToken ct) => retention.ApplyEnabledAsync(ct);

    protected override void Log(IReadOnlyList<RetentionRunDto> runs)
    {
        foreach (var run in runs)
            if (run.Count > 0) log.LogInformation("Retention policy {Policy} removed {Count} records older than {Cutoff}", run.Policy, run.Count, run.Cutoff);
    }
}
