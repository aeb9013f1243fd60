using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rapport.Bench;

/// <summary>One measured scenario at one concurrency level. Repeated runs report the run with the median p95, how many runs
/// there were, and the lowest and highest p95 among them (the spread).</summary>
public sealed record Measurement(string Scenario, string Target, int Concurrency, long Requests, long Errors,
    double P50, double P95, double P99, double RequestsPerSecond, string? FirstError, int Runs = 1, double P95Low = double.NaN, double P95High = double.NaN)
{
    /// <summary>The run with the median p95 (the lower middle of an even count), carrying every run's errors and the p95 spread.</summary>
    public static Measurement Median(IReadOnlyList<Measurement> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("No runs.", nameof(runs));
        var sorted = runs.OrderBy(r => r.P95).ToList();
        var middle = sorted[(sorted.Count - 1) / 2];
        return middle with
        {
            Errors = runs.Sum(r => r.Errors),
            FirstError = runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            Runs = runs.Count,
            P95Low = sorted[0].P95,
            P95High = sorted[^1].P95,
        };
    }
}

/// <summary>Closed-loop load: N workers repeat an operation for a fixed time after a warm-up that is not recorded.</summary>
internal static class Driver
{
    public static async Task<Measurement> RunAsync(string scenario, string target, int concurrency, TimeSpan warmup, TimeSpan duration,
        Func<int, Task> operation)
    {
        var latencies = new ConcurrentBag<double[]>();
        long errors = 0;
        string? firstError = null;
        var warmEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = warmEnd + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = new List<double>();
            // Worker w runs operations w, w+N, w+2N, …: concurrent workers never pick the same sample at once.
            var i = w;
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                // Past the end, a worker still finishes one recorded operation so slow scenarios report a latency.
                if (t0 >= end && (mine.Count > 0 || Interlocked.Read(ref errors) > 0)) break;
                try
                {
                    var op = i;
                    i += concurrency;
                    await operation(op);
                    if (t0 >= warmEnd) mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    if (t0 >= warmEnd) Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
            latencies.Add(mine.ToArray());
        })).ToList();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(x => x).Order().ToArray();
        double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new Measurement(scenario, target, concurrency, all.Length, errors, P(0.50), P(0.95), P(0.99),
            all.Length / duration.TotalSeconds, firstError);
    }
}
