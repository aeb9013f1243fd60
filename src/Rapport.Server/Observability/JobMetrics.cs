using System.Diagnostics.Metrics;

namespace Rapport.Server.Observability;

/// <summary>Background job runs by job and outcome (<c>rapport_job_runs_total</c>). Static, so any scheduler can count
/// a run without being handed a service.</summary>
internal static class JobMetrics
{
    private static readonly Meter Meter = new(RapportMetrics.MeterName);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("rapport.job.runs", "{run}", "Background job runs by job and outcome.");

    public static void Run(string job, bool ok) =>
        Runs.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));
}
