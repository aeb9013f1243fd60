using Rapport.Core.Observability;

namespace Rapport.Server.Observability;

/// <summary>Saves the queued events to the event table in batches of up to <see cref="BatchSize"/>, as they come.</summary>
internal sealed class LogEntryWriter(LogEntryQueue queue, IServiceProvider services, ILogger<LogEntryWriter> log) : BackgroundService
{
    public const int BatchSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken)) await DrainAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await DrainAsync(CancellationToken.None);
        }
    }

    /// <summary>Saves everything queued so far (the background loop, shutdown, and tests that read the table).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            using var _ = LogEntryQueue.WritingScope();
            while (true)
            {
                var batch = new List<LogEntry>();
                while (batch.Count < BatchSize && queue.Reader.TryRead(out var e)) batch.Add(e);
                if (batch.Count == 0) return;
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<LogService>().AddAsync(batch, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not fatal, and not worth retrying forever: the files have the same events.
                    log.LogWarning(e, "Could not save {Count} events to the event table", batch.Count);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
