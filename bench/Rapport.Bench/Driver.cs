using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rapport.Bench;

/// <summary>One measured scenario at one concurrency level.</summary>
public sealed record Measurement(string Scenario, string Target, int Concurrency, long Requests, long Errors,
    double P50, double P95, double P99, double RequestsPerSecond, string? FirstError);

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
