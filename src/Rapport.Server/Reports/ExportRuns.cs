using System.Collections.Concurrent;
using CsvHelper;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Reports;

/// <summary>A large export's state for its owner: rows written so far against the estimate, and where to download the
/// file once it is done.</summary>
public sealed record ExportRunDto(Guid Id, string Name, string State, long Written, long Estimated, int Percent, string? Error, string? Download,
    DateTime StartedAt, double? EtaSeconds);

/// <summary>
/// Large exports as background work: the rows are read in a scope of their own signed in as the caller (their record
/// scope and masking apply) and written straight to a temporary CSV file as they are read (CsvHelper, cells starting
/// with = + - @ escaped), so memory holds one keyset page, never the file; the count of rows written is the progress.
/// The file is kept for <see cref="Keep"/> after it is done, for its owner only. Runs live in this node's memory (the
/// download link names the node that wrote it; a restart forgets them) — see ADR-035.
/// </summary>
public sealed class ExportRuns(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExportRuns> log) : IDisposable
{
    /// <summary>More rows than this and a list's export runs here instead of in the request (the default of
    /// <c>Exports:JobThreshold</c>, see <see cref="ExportOptions"/>).</summary>
    public const int JobThreshold = 10_000;

    public static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private sealed class Run(Guid ownerId, string name, long estimated, string path, DateTime startedAt)
    {
        public Guid Id { get; } = Guid.CreateVersion7();
        public Guid OwnerId { get; } = ownerId;
        public string Name { get; } = name;
        public string Path { get; } = path;
        public DateTime StartedAt { get; } = startedAt;
        public long Estimated = estimated;
        public long Written;
        public volatile string State = "running";
        public string? Error;
        public Task Work = Task.CompletedTask;
    }

    private readonly ConcurrentDictionary<Guid, Run> _runs = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts writing <paramref name="rows"/> (read in a new scope signed in as <paramref name="principal"/>) under
    /// <paramref name="header"/>; <paramref name="estimate"/> counts them first, in that scope, for the progress. The
    /// estimate and the first row are read before this returns, so a refused permission or a bad filter (and whatever
    /// the reader records, such as the audit entry of an export) happens within the request; the rest runs on.</summary>
    public async Task<ExportRunDto> StartAsync(ClaimsPrincipal principal, UserAccess access, string name, string[] header,
        Func<IServiceProvider, CancellationToken, Task<long>> estimate, Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>> rows)
    {
        Prune();
        var ct = _stopping.Token;
        var scope = scopes.CreateAsyncScope();
        IAsyncEnumerator<string?[]> reader;
        bool more;
        long estimated;
        try
        {
            scope.ServiceProvider.GetRequiredService<CircuitCaller>().Set(principal, access, new CircuitInfo());
            estimated = await estimate(scope.ServiceProvider, ct);
            reader = rows(scope.ServiceProvider, ct).GetAsyncEnumerator(ct);
            more = await reader.MoveNextAsync();
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
        var run = new Run(access.UserId, name, estimated, System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rapport-export-{Guid.NewGuid():N}.csv"), clock.GetUtcNow().UtcDateTime);
        _runs[run.Id] = run;
        run.Work = Task.Run(async () =>
        {
            try
            {
                await using (scope)
                await using (reader)
                await using (var file = new FileStream(run.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 81920, FileOptions.Asynchronous))
                await using (var csv = CsvWriter.Create(file, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true))
                {
                    await csv.WriteRecordAsync(header, ct);
                    for (; more; more = await reader.MoveNextAsync())
                    {
                        await csv.WriteRecordAsync(reader.Current, ct);
                        Interlocked.Increment(ref run.Written);
                    }
                    await csv.FlushAsync(ct);
                }
                run.Estimated = Math.Max(run.Estimated, Interlocked.Read(ref run.Written));
                run.State = "done";
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Export {ExportId} ({Name}) failed", run.Id, run.Name);
                run.Error = e is OperationCanceledException ? "cancelled" : e.GetType().Name;
                run.State = "failed";
                System.IO.File.Delete(run.Path);
            }
        }, CancellationToken.None);
        return Dto(run);
    }

    /// <summary>The caller's run, or null (another user's run is not found either).</summary>
    public ExportRunDto? Find(Guid ownerId, Guid id) => _runs.TryGetValue(id, out var run) && run.OwnerId == ownerId ? Dto(run) : null;

    /// <summary>The caller's runs, newest first (those kept for <see cref="Keep"/> after they ended and those running).</summary>
    public IReadOnlyList<ExportRunDto> List(Guid ownerId)
    {
        Prune();
        return [.. _runs.Values.Where(r => r.OwnerId == ownerId).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(Dto)];
    }

    /// <summary>The finished file of the caller's run, or null while it runs, after it failed, or when it is not theirs.</summary>
    public (string Path, string Name)? File(Guid ownerId, Guid id) =>
        _runs.TryGetValue(id, out var run) && run.OwnerId == ownerId && run.State == "done" ? (run.Path, run.Name) : null;

    /// <summary>Where a run writes its file (tests watch it grow).</summary>
    internal string? PathOf(Guid id) => _runs.TryGetValue(id, out var run) ? run.Path : null;

    /// <summary>Waits for a run to end (tests and shutdown).</summary>
    public Task WhenDoneAsync(Guid id) => _runs.TryGetValue(id, out var run) ? run.Work : Task.CompletedTask;

    private ExportRunDto Dto(Run r)
    {
        var written = Interlocked.Read(ref r.Written);
        var percent = r.State == "done" ? 100 : r.Estimated <= 0 ? 0 : (int)Math.Min(99, written * 100 / r.Estimated);
        // The time left at the rate so far: known once some rows are written, while the run still runs.
        var elapsed = (clock.GetUtcNow().UtcDateTime - r.StartedAt).TotalSeconds;
        double? eta = r.State == "running" && written > 0 && elapsed > 0 ? Math.Max(0, r.Estimated - written) / (written / elapsed) : null;
        return new ExportRunDto(r.Id, r.Name, r.State, written, r.Estimated, percent, r.Error, r.State == "done" ? $"/api/v1/exports/{r.Id}/file" : null,
            r.StartedAt, eta);
    }

    /// <summary>Forgets finished runs older than <see cref="Keep"/> and deletes their files.</summary>
    private void Prune()
    {
        var before = clock.GetUtcNow().UtcDateTime - Keep;
        foreach (var run in _runs.Values.Where(r => r.State != "running" && r.StartedAt < before))
            if (_runs.TryRemove(run.Id, out _)) System.IO.File.Delete(run.Path);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var run in _runs.Values) System.IO.File.Delete(run.Path);
        _stopping.Dispose();
    }
}
