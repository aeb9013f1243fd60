using System.Collections.Concurrent;
using System.Threading.Channels;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Reports;

/// <summary>A large export's state for its owner: rows written so far against the estimate, and where to download the
/// file once it is done. The estimate counts the export's own filtered rows up to <see cref="ExportRuns.EstimateCap"/>;
/// when there are more, <see cref="EstimateCapped"/> is true: <see cref="Estimated"/> is then a lower bound of the
/// total, <see cref="Percent"/> an upper bound of the progress and <see cref="EtaSeconds"/> a lower bound of the time
/// left (null once the rows written pass the cap). <see cref="Format"/> is <c>csv</c> or <c>xlsx</c>.</summary>
public sealed record ExportRunDto(Guid Id, string Name, string State, long Written, long Estimated, int Percent, string? Error, string? Download,
    DateTime StartedAt, double? EtaSeconds, string Format, bool EstimateCapped);

/// <summary>
/// Large exports as background work: the rows are read in a scope of their own signed in as the caller (their record
/// scope and masking apply) and written straight to a temporary file as they are read — CSV (cells starting with
/// = + - @ escaped) or an Excel workbook (<see cref="XlsxBook"/>: typed cells, the same neutralising) — so memory holds
/// one keyset page and at most <see cref="ReadAhead"/> rows read ahead (a CSV file read in parts: a page per reader),
/// never the file; the count of rows written is the progress.
/// The file is kept for <see cref="Keep"/> after it is done, for its owner only. Runs live in this node's memory (the
/// download link names the node that wrote it; a restart forgets them) — see ADR-035.
/// </summary>
public sealed class ExportRuns(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExportRuns> log) : IDisposable
{
    /// <summary>More rows than this and a list's export runs here instead of in the request (the default of
    /// <c>Exports:JobThreshold</c>, see <see cref="ExportOptions"/>).</summary>
    public const int JobThreshold = 10_000;

    public static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    /// <summary>An estimate counts at most this many rows: beyond it, the count would cost a good part of the export
    /// itself (see <see cref="ExportRunDto"/> for what a capped estimate means for the progress).</summary>
    public const int EstimateCap = 1_000_000;

    private sealed class Run(Guid ownerId, string name, ExportFileFormat format, long estimated, bool capped, string path, DateTime startedAt)
    {
        public Guid Id { get; } = Guid.CreateVersion7();
        public Guid OwnerId { get; } = ownerId;
        public string Name { get; } = name;
        public ExportFileFormat Format { get; } = format;
        public string Path { get; } = path;
        public DateTime StartedAt { get; } = startedAt;
        public long Estimated = estimated;
        public volatile bool Capped = capped;
        public long Written;
        public volatile string State = "running";
        public string? Error;
        public Task Work = Task.CompletedTask;
    }

    private readonly ConcurrentDictionary<Guid, Run> _runs = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How many rows the reading task may be ahead of the file being written.</summary>
    private const int ReadAhead = 4_096;

    /// <summary>The rows of <paramref name="reader"/> (the first already fetched when <paramref name="more"/>), read on a
    /// task of their own while the caller writes them: the query and the rows' formatting take one core, the file the
    /// other. At most <see cref="ReadAhead"/> rows wait in between, so memory stays flat. The reader is done with when
    /// this enumeration ends, however it ends.</summary>
    private static async IAsyncEnumerable<string?[]> ReadAheadAsync(IAsyncEnumerator<string?[]> reader, bool more,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<string?[]>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (; more; more = await reader.MoveNextAsync()) await channel.Writer.WriteAsync(reader.Current, stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var row in channel.Reader.ReadAllAsync(ct)) yield return row;
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>Starts writing <paramref name="rows"/> (read in a new scope signed in as <paramref name="principal"/>) under
    /// <paramref name="header"/> into a file of <paramref name="format"/>, the columns typed by <paramref name="kinds"/>
    /// in a workbook; <paramref name="estimate"/> counts them first (capped), in that scope, for the progress. The
    /// estimate and the first row are read before this returns, so a refused permission or a bad filter (and whatever
    /// the reader records, such as the audit entry of an export) happens within the request; the rest runs on.</summary>
    public Task<ExportRunDto> StartAsync(ClaimsPrincipal principal, UserAccess access, string name, ExportFileFormat format, string[] header,
        IReadOnlyList<XlsxKind> kinds, Func<IServiceProvider, CancellationToken, Task<(long Count, bool Capped)>> estimate,
        Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>> rows) =>
        StartAsync(principal, access, name, format, header, kinds, estimate, [rows]);

    /// <summary>How many parts of a CSV export are read side by side: one per core, at most two, so one export never
    /// takes more than two cores (and two database connections) from everyone else.</summary>
    public static int Readers => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>How many parts a list splits a large CSV export into when it can (several per reader, so parts of
    /// uneven size still keep every reader busy to the end); one on a single core.</summary>
    public static int Parts => Readers > 1 ? 16 : 1;

    /// <summary>As above, with the rows in <paramref name="parts"/> that follow each other in the file. A CSV file's parts
    /// are read side by side (<see cref="Readers"/> at a time), each in a scope of its own signed in as the caller and
    /// written to a file of its own, the later ones appended in order at the end: each core reads and writes a part at a
    /// time (ADR-052). A workbook has one part.</summary>
    public async Task<ExportRunDto> StartAsync(ClaimsPrincipal principal, UserAccess access, string name, ExportFileFormat format, string[] header,
        IReadOnlyList<XlsxKind> kinds, Func<IServiceProvider, CancellationToken, Task<(long Count, bool Capped)>> estimate,
        IReadOnlyList<Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>>> parts)
    {
        if (parts.Count == 0 || (parts.Count > 1 && format != ExportFileFormat.Csv))
            throw new ArgumentException("A workbook is written from one part; a CSV file from one or more.", nameof(parts));
        var rows = parts[0];
        Prune();
        var ct = _stopping.Token;
        var scope = scopes.CreateAsyncScope();
        IAsyncEnumerator<string?[]> reader;
        bool more;
        (long Count, bool Capped) estimated;
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
        var run = new Run(access.UserId, name, format, estimated.Count, estimated.Capped,
            System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rapport-export-{Guid.NewGuid():N}.{format.Extension()}"), clock.GetUtcNow().UtcDateTime);
        _runs[run.Id] = run;
        run.Work = Task.Run(async () =>
        {
            try
            {
                await using (scope)
                await using (reader)
                await using (var file = new FileStream(run.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 81920,
                    format == ExportFileFormat.Xlsx ? FileOptions.None : FileOptions.Asynchronous))
                {
                    if (format == ExportFileFormat.Xlsx)
                    {
                        // The workbook's zip is written synchronously; a page and the read-ahead rows are what sit in memory.
                        using var book = new XlsxBook(file, name, header);
                        await foreach (var row in ReadAheadAsync(reader, more, ct))
                        {
                            book.Write(XlsxBook.Typed(row, kinds));
                            Interlocked.Increment(ref run.Written);
                        }
                        book.Complete();
                    }
                    else if (parts.Count == 1)
                    {
                        await using var csv = Csv.CreateWriter(file);
                        await Csv.WriteRowAsync(csv, header, ct);
                        await foreach (var row in ReadAheadAsync(reader, more, ct))
                        {
                            await Csv.WriteRowAsync(csv, row, ct);
                            Interlocked.Increment(ref run.Written);
                        }
                        await csv.FlushAsync(ct);
                    }
                    else
                    {
                        await WritePartsAsync(run, file, header, reader, more, principal, access, parts, ct);
                    }
                }
                // Now the total is known.
                Interlocked.Exchange(ref run.Estimated, Interlocked.Read(ref run.Written));
                run.Capped = false;
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

    /// <summary>Writes the first part (its reader open, the first row fetched when <paramref name="more"/>) under the
    /// header into <paramref name="file"/>, and the later parts, each in a scope of its own, into files of their own
    /// beside it: <see cref="Readers"/> at a time, each reader taking the next part left when it is done with one, so
    /// uneven parts still keep every reader busy. A part's file is appended to the file as soon as every part before
    /// it is there, while the other reader goes on. A part that fails stops the others and removes every file.</summary>
    private async Task WritePartsAsync(Run run, FileStream file, string[] header, IAsyncEnumerator<string?[]> first, bool more,
        ClaimsPrincipal principal, UserAccess access, IReadOnlyList<Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>>> parts,
        CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var appending = new SemaphoreSlim(1, 1);
        var paths = parts.Select((_, i) => $"{run.Path}.{i}").ToList();
        var done = new bool[parts.Count];
        var appended = 1; // the first part is written into the file itself
        var next = 0; // and taken by the first reader

        // Appends the parts whose predecessors are all in the file, in order. A reader that finds another one appending
        // goes back to reading; the one appending looks again before it stops, so no finished part is left behind.
        async Task AppendReadyAsync(int finished)
        {
            Volatile.Write(ref done[finished], true);
            bool Ready() => appended < parts.Count && Volatile.Read(ref done[0]) && Volatile.Read(ref done[appended]);
            while (Ready() && await appending.WaitAsync(0, stop.Token))
            {
                try
                {
                    for (; Ready(); appended++)
                    {
                        await using (var part = new FileStream(paths[appended], FileMode.Open, FileAccess.Read, FileShare.None, 81920,
                            FileOptions.Asynchronous | FileOptions.SequentialScan))
                            await part.CopyToAsync(file, stop.Token);
                        System.IO.File.Delete(paths[appended]);
                    }
                }
                finally
                {
                    appending.Release();
                }
            }
        }

        async Task ReadPartsAsync(bool firstReader)
        {
            try
            {
                if (firstReader)
                {
                    await WriteRowsAsync(run, file, header, first, more, stop.Token);
                    await AppendReadyAsync(0);
                }
                for (int i; (i = Interlocked.Increment(ref next)) < parts.Count;)
                {
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        scope.ServiceProvider.GetRequiredService<CircuitCaller>().Set(principal, access, new CircuitInfo());
                        await using var reader = parts[i](scope.ServiceProvider, stop.Token).GetAsyncEnumerator(stop.Token);
                        await using var partFile = new FileStream(paths[i], FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                        await WriteRowsAsync(run, partFile, null, reader, await reader.MoveNextAsync(), stop.Token);
                    }
                    await AppendReadyAsync(i);
                }
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }

        try
        {
            var all = Task.WhenAll(Enumerable.Range(0, Math.Min(Readers, parts.Count)).Select(r => Task.Run(() => ReadPartsAsync(r == 0), CancellationToken.None)));
            try
            {
                await all;
            }
            catch when (all.Exception is { } failed)
            {
                // The part that failed, not one the others' cancellation stopped.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(
                    failed.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? failed.InnerExceptions[0]);
            }
            await AppendReadyAsync(0); // every part is done: whatever a race left out goes in now
            if (appended != parts.Count) throw new InvalidOperationException($"Only {appended} of {parts.Count} parts reached the file.");
        }
        finally
        {
            foreach (var path in paths.Skip(1)) System.IO.File.Delete(path);
        }
    }

    /// <summary>Writes rows as CSV (under <paramref name="header"/> and a byte-order mark, or neither when the stream
    /// continues a file), counting them into the run's progress.</summary>
    private static async Task WriteRowsAsync(Run run, Stream stream, string[]? header, IAsyncEnumerator<string?[]> reader, bool more, CancellationToken ct)
    {
        await using var csv = Csv.CreateWriter(stream, byteOrderMark: header is not null);
        if (header is not null) await Csv.WriteRowAsync(csv, header, ct);
        var count = 0;
        for (; more; more = await reader.MoveNextAsync())
        {
            await Csv.WriteRowAsync(csv, reader.Current, ct);
            if (++count % 256 != 0) continue;
            Interlocked.Add(ref run.Written, 256);
            ct.ThrowIfCancellationRequested(); // a reader opened before the run (the first part's) stops with the others
        }
        Interlocked.Add(ref run.Written, count % 256);
        await csv.FlushAsync(ct);
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
    public (string Path, string Name, ExportFileFormat Format)? File(Guid ownerId, Guid id) =>
        _runs.TryGetValue(id, out var run) && run.OwnerId == ownerId && run.State == "done" ? (run.Path, run.Name, run.Format) : null;

    /// <summary>Where a run writes its file (tests watch it grow).</summary>
    internal string? PathOf(Guid id) => _runs.TryGetValue(id, out var run) ? run.Path : null;

    /// <summary>Waits for a run to end (tests and shutdown).</summary>
    public Task WhenDoneAsync(Guid id) => _runs.TryGetValue(id, out var run) ? run.Work : Task.CompletedTask;

    private ExportRunDto Dto(Run r)
    {
        var state = r.State;
        var written = Interlocked.Read(ref r.Written);
        var (estimated, capped) = (Interlocked.Read(ref r.Estimated), r.Capped);
        var percent = state == "done" ? 100 : estimated <= 0 ? 0 : (int)Math.Min(99, written * 100 / estimated);
        // The time left at the rate so far: known once some rows are written, while the run still runs. With a capped
        // estimate it is the time to reach the cap (a lower bound), and unknown once the cap is passed.
        var elapsed = (clock.GetUtcNow().UtcDateTime - r.StartedAt).TotalSeconds;
        double? eta = state == "running" && written > 0 && elapsed > 0 && !(capped && written >= estimated)
            ? Math.Max(0, estimated - written) / (written / elapsed) : null;
        return new ExportRunDto(r.Id, r.Name, state, written, estimated, percent, r.Error, state == "done" ? $"/api/v1/exports/{r.Id}/file" : null,
            r.StartedAt, eta, r.Format.Extension(), capped && state != "done");
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
