using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;

namespace Rapport.Server.Observability;

/// <summary>Rapport's own instruments, exported at <c>/metrics</c> beside ASP.NET Core's request metrics and Npgsql's
/// connection pool: the mail outbox's depth (sampled by the alert job) and the settings
/// cache's hits and misses.</summary>
internal sealed class RapportMetrics : IDisposable
{
    public const string MeterName = "Rapport";
    private readonly Meter _meter;
    private long _outboxDepth;

    public RapportMetrics(IMeterFactory meters, IMemoryCache cache)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("rapport.outbox.depth", () => Interlocked.Read(ref _outboxDepth), "{message}", "Mails waiting in the outbox.");
        _meter.CreateObservableCounter("rapport.cache.hits", () => cache.GetCurrentStatistics()?.TotalHits ?? 0, "{hit}", "In-memory cache hits.");
        _meter.CreateObservableCounter("rapport.cache.misses", () => cache.GetCurrentStatistics()?.TotalMisses ?? 0, "{miss}", "In-memory cache misses.");
    }

    public void OutboxDepth(long depth) => Interlocked.Exchange(ref _outboxDepth, depth);

    public void Dispose() => _meter.Dispose();
}
