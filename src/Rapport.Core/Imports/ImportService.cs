using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Rapport.Core.Audit;
using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>Import use cases: upload (preview), mapping, dry run, the run itself in batches (start and resume), its
/// progress, its errors, and undo. What is particular to the records written is the run's target's
/// (<see cref="IImportTarget"/>: customers, contacts, leads, deals, interactions, products, cases).</summary>
public sealed class ImportService(
    RapportDbContext db, ICurrentUser user, TimeProvider clock, IOptions<ImportOptions> options, DatabaseOptions database,
    IEnumerable<IImportTarget> targets, IOptions<CustomerOptions> customerOptions, ImportTemplateService templates, ILogger<ImportService> log)
{
    public const string Customers = "customers";
    public const string Contacts = "contacts";
    public const string Leads = "leads";
    public const string Opportunities = "opportunities";
    public const string Interactions = "interactions";
    public const string Products = "products";
    public const string Cases = "cases";
    /// <summary>The targets in the order the wizard offers them.</summary>
    public static readonly IReadOnlyList<string> Targets = [Customers, Contacts, Leads, Opportunities, Interactions, Products, Cases];
    public const int PreviewRows = 20;
    public const int FirstErrors = 20;
    private readonly ImportOptions _options = options.Value;

    private string Folder => FolderOf(_options, database);

    private IImportTarget TargetOf(string entity) =>
        targets.FirstOrDefault(t => t.Entity == entity) ?? throw RapportValidationException.For("entity", "Import.EntityUnknown");

    /// <summary>Where uploaded files are kept, one per run, named by the run's id.</summary>
    public static string FolderOf(ImportOptions options, DatabaseOptions database) =>
        options.Directory is { Length: > 0 } dir ? dir : Path.Combine(database.DataDirectory, "imports");
    private string FileOf(Guid id) => Path.Combine(Folder, id.ToString("N"));

    /// <summary>Stores the file, detects its encoding, delimiter and columns, counts its rows and maps the columns it
    /// recognises: a run in preview, nothing imported yet.</summary>
    public async Task<ImportPreview> CreateAsync(string entity, string? fileName, Stream content, CancellationToken ct)
    {
        user.Require(Permissions.ImportsRun);
        var target = TargetOf(entity);
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length is 0 or > 255 || !SafeText.IsSafe(name)) throw RapportValidationException.For("file", "Validation.FileName");
        var id = Guid.CreateVersion7();
        Directory.CreateDirectory(Folder);
        var path = FileOf(id);
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > _options.MaxFileBytes) throw RapportValidationException.For("file", "Validation.FileTooLarge", _options.MaxFileBytes / (1024 * 1024));
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                if (size == 0) throw RapportValidationException.For("file", "Validation.Required");
            }
            var shape = ImportFile.Detect(path);
            string[] headers = [];
            var rows = 0;
            try
            {
                foreach (var row in ImportFile.Rows(path, shape))
                {
                    if (rows++ == 0) headers = row;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw RapportValidationException.For("file", "Import.Unreadable");
            }
            if (headers.Length == 0 || rows < 2) throw RapportValidationException.For("file", "Import.NoRows");
            var region = customerOptions.Value.DefaultPhoneRegion;
            // A saved template whose headers are all in the file maps it; otherwise the headers are recognised one by one.
            var template = await templates.BestFitAsync(entity, headers, ct);
            var mapping = template?.MappingFor(headers) ?? new ImportMapping(target.Fields.AutoMap(headers), DefaultCountry: CountryOf(region));
            var run = new ImportRun
            {
                Id = id, Entity = entity, FileName = name, Format = shape.Format, Encoding = shape.Encoding, Delimiter = shape.Delimiter,
                CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedById = user.Id, TotalRows = rows - 1,
                HeadersJson = ImportJson.Write(headers),
                MappingJson = ImportJson.Write(mapping), Mode = mapping.Mode, TemplateId = template?.Id,
            };
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(ct);
            return await PreviewAsync(run, ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static string? CountryOf(string region)
    {
        try { return new RegionInfo(region).EnglishName; }
        catch (ArgumentException) { return null; }
    }

    public async Task<ImportPreview> GetPreviewAsync(Guid id, CancellationToken ct) => await PreviewAsync(await FindAsync(id, ct), ct);

    private async Task<ImportPreview> PreviewAsync(ImportRun run, CancellationToken ct)
    {
        var mapping = MappingOf(run);
        var target = TargetOf(run.Entity);
        var memory = target.NewMemory();
        var rows = new List<ImportPreviewRow>();
        foreach (var (row, cells) in DataRows(run, 1).Take(PreviewRows))
            rows.Add(await target.PreviewAsync(row, cells, mapping, memory, ct));
        return new ImportPreview(ToDto(run), target.Fields.All, rows);
    }

    public async Task<ImportRunDto> GetAsync(Guid id, CancellationToken ct) => ToDto(await FindAsync(id, ct));

    public async Task<Page<ImportRunListItem>> ListAsync(string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.ImportsRun);
        var size = Keyset.ClampPageSize(limit);
        var rows = await Keyset.Seek(db.ImportRuns.AsNoTracking(), r => r.CreatedAt, r => r.Id, true, cursor, size)
            .Select(r => new ImportRunListItem(r.Id, r.Entity, r.FileName, r.Status, r.TotalRows, r.LastCommittedRow - 1,
                r.Created, r.Updated, r.Failed, r.CreatedAt, r.CreatedById))
            .ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, r => r.CreatedAt, r => r.Id);
        return new Page<ImportRunListItem>(items, next);
    }

    /// <summary>Changes how the file is read (only before the run starts): one field per column, the mode, the match keys.</summary>
    public async Task<ImportPreview> SetMappingAsync(Guid id, ImportMapping mapping, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        if (run.Status != ImportStatus.Preview) throw RapportValidationException.For("status", "Import.AlreadyStarted");
        var headers = ImportJson.Read<string[]>(run.HeadersJson);
        var errors = new List<FieldError>();
        if (mapping.Columns is null || mapping.Columns.Count != headers.Length) errors.Add(new("columns", "Import.ColumnCount", headers.Length));
        CheckMapping(errors, TargetOf(run.Entity).Fields, mapping.Columns ?? [], mapping.Mode, mapping.MatchBy, mapping.DefaultCountry);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        run.MappingJson = ImportJson.Write(mapping with { DefaultCountry = TextInput.Clean(mapping.DefaultCountry) });
        run.Mode = mapping.Mode;
        await db.SaveChangesAsync(ct);
        return await PreviewAsync(run, ct);
    }

    /// <summary>Maps the run by a saved template (by header name, whatever the columns' order); answers the new preview.</summary>
    public async Task<ImportPreview> ApplyTemplateAsync(Guid id, Guid templateId, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        var template = await templates.FindAsync(templateId, ct);
        if (template.Entity != run.Entity) throw RapportValidationException.For("templateId", "Import.TemplateOtherEntity");
        var preview = await SetMappingAsync(id, template.MappingFor(ImportJson.Read<string[]>(run.HeadersJson)), ct);
        run.TemplateId = template.Id;
        await db.SaveChangesAsync(ct);
        return preview with { Run = preview.Run with { TemplateId = template.Id } };
    }

    /// <summary>The rules a mapping (a run's or a saved template's) keeps: known fields, each scalar field once, the name
    /// mapped, known match keys and mode, a default country of sensible length — each by the target's <paramref name="fields"/>.</summary>
    internal static void CheckMapping(List<FieldError> errors, ImportFieldSet fields, IReadOnlyList<string?> columns, ImportMatchMode mode, List<string>? matchBy, string? defaultCountry)
    {
        foreach (var (field, i) in columns.Select((f, i) => (f, i)))
            if (field is not null && !fields.All.Contains(field)) errors.Add(new($"columns[{i}]", "Import.FieldUnknown"));
        var scalars = columns.OfType<string>().Where(f => !fields.Lists.Contains(f)).ToList();
        if (scalars.Count != scalars.Distinct().Count()) errors.Add(new("columns", "Import.FieldTwice"));
        if (!columns.Contains(fields.Required)) errors.Add(new("columns", "Import.NameUnmapped"));
        if (matchBy is { } by && (by.Count == 0 || by.Any(k => !fields.MatchKeys.Contains(k)))) errors.Add(new("matchBy", "Import.MatchKeyUnknown"));
        if (!Enum.IsDefined(mode)) errors.Add(new("mode", "Validation.Enum"));
        TextInput.CheckLength(errors, "defaultCountry", defaultCountry, CustomerRules.ShortTextMax);
    }

    /// <summary>Reads the whole file through the mapping, the matching and the rules without writing anything: what a
    /// run would create, update, skip and fail, with the first errors.</summary>
    public async Task<ImportDryRun> DryRunAsync(Guid id, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        var target = RequireEntityPermissions(run);
        var mapping = MappingOf(run);
        var memory = target.NewMemory();
        var (rows, create, update, skip, fail) = (0, 0, 0, 0, 0);
        var first = new List<ImportRowError>();
        foreach (var chunk in DataRows(run, 1).Chunk(_options.BatchSize))
        {
            var batch = await target.PlanAsync(chunk, mapping, keepKeys: true, memory, ct);
            db.ChangeTracker.Clear();
            rows += chunk.Length;
            create += batch.Creates;
            update += batch.Updates;
            skip += batch.Skipped;
            fail += batch.Errors.Count;
            first.AddRange(batch.Errors.Take(FirstErrors - first.Count));
        }
        return new ImportDryRun(rows, create, update, skip, fail, first);
    }

    /// <summary>Queues the run (the host's import worker picks it up): from the start, or a failed or interrupted one
    /// from after its last committed row.</summary>
    public async Task<ImportRunDto> StartAsync(Guid id, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        RequireEntityPermissions(run);
        if (run.Status == ImportStatus.Running && !IsStale(run)) throw RapportValidationException.For("status", "Import.Running");
        if (run.Status == ImportStatus.Running) run.MarkInterrupted(clock.GetUtcNow().UtcDateTime);
        run.Queue();
        await db.SaveChangesAsync(ct);
        return ToDto(run);
    }

    private bool IsStale(ImportRun run) =>
        (run.LastBatchAt ?? run.StartedAt ?? DateTime.MinValue) < clock.GetUtcNow().UtcDateTime.AddSeconds(-_options.StaleAfterSeconds);

    private IImportTarget RequireEntityPermissions(ImportRun run)
    {
        user.Require(Permissions.ImportsRun);
        var target = TargetOf(run.Entity);
        target.RequirePermissions(run.Mode);
        return target;
    }

    /// <summary>Runs a queued run to its end, one batch per transaction: each commits its records, its run rows, one
    /// audit entry and the run's <see cref="ImportRun.LastCommittedRow"/> together, so a crash at any point leaves
    /// a known committed prefix. <paramref name="progress"/> hears after each batch.</summary>
    public async Task<ImportRunDto> ExecuteAsync(Guid id, Action<ImportRunDto>? progress, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        var target = RequireEntityPermissions(run);
        if (run.Status != ImportStatus.Queued) throw RapportValidationException.For("status", "Import.NotQueued");
        run.Begin(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        var mapping = MappingOf(run);
        var memory = target.NewMemory();
        var from = run.LastCommittedRow + 1;
        try
        {
            // The next batch is read from the file and read ahead by the target (mapping, transforms, rules: no database)
            // on another thread while this one is planned and written.
            using var batches = DataRows(run, from).Chunk(_options.BatchSize).GetEnumerator();
            var next = ReadAheadAsync(target, batches, mapping);
            try
            {
                while (await next is { } current)
                {
                    next = ReadAheadAsync(target, batches, mapping);
                    run = await CommitBatchAsync(target, run.Id, current.Rows, current.Read, mapping, memory, ct);
                    progress?.Invoke(ToDto(run));
                }
            }
            finally
            {
                // Never leave the reader running over the file this method is about to close.
                try { await next; }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogDebug(e, "Import {Run}: the batch read ahead is dropped", id); }
            }
            run = await db.ImportRuns.SingleAsync(r => r.Id == id, ct);
            run.Complete(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            run = await db.ImportRuns.SingleAsync(r => r.Id == id, CancellationToken.None);
            run.Fail(clock.GetUtcNow().UtcDateTime, e.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        return ToDto(run);
    }

    private sealed record Ahead((int Row, string[] Cells)[] Rows, IImportReadAhead? Read);

    private static Task<Ahead?> ReadAheadAsync(IImportTarget target, IEnumerator<(int Row, string[] Cells)[]> batches, ImportMapping mapping) =>
        Task.Run(() => batches.MoveNext() ? new Ahead(batches.Current, target.ReadAhead(batches.Current, mapping)) : null);

    /// <summary>One batch in one transaction. New records (written by the target) and all run rows go in as bulk
    /// inserts (<see cref="BulkInsert"/>: the tracker's per-entity cost was most of a batch); updates, the run and
    /// the batch's audit entry through the context.</summary>
    private async Task<ImportRun> CommitBatchAsync(
        IImportTarget target, Guid runId, (int Row, string[] Cells)[] chunk, IImportReadAhead? read, ImportMapping mapping, ImportMemory memory, CancellationToken ct)
    {
        if (db.IsPostgres) return await WriteBatchAsync(target, runId, chunk, read, mapping, memory, ct);
        // SQLite's default page cache (2 MB) is smaller than the index pages a batch touches: pages were evicted and read
        // back, and dirty ones spilled to the WAL, many times a batch. The batch's connection gets a larger one (the
        // process's memory grows by at most 64 MB), held open for the batch so that the same pooled connection gets its
        // default back afterwards, whether the batch committed or failed.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536", ct);
            return await WriteBatchAsync(target, runId, chunk, read, mapping, memory, ct);
        }
        finally
        {
            try { await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None); }
            catch (DbException e) { log.LogWarning("Could not give the import's connection its page cache back: {Error}", e.Message); }
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<ImportRun> WriteBatchAsync(
        IImportTarget target, Guid runId, (int Row, string[] Cells)[] chunk, IImportReadAhead? read, ImportMapping mapping, ImportMemory memory, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        // The process's CPU time beside the wall time: on a shared machine the CPU each phase costs is the measure.
        var cpu = new[] { Environment.CpuUsage.TotalTime, default, default, default };
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var run = await db.ImportRuns.SingleAsync(r => r.Id == runId, ct);
        var batch = await target.PlanAsync(chunk, read, mapping, keepKeys: false, memory, ct);
        var planned = watch.Elapsed;
        cpu[1] = Environment.CpuUsage.TotalTime;
        var now = clock.GetUtcNow().UtcDateTime;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var rows = await target.WriteAsync(run.Id, batch, now, ct);
            rows.AddRange(batch.Errors.Select(e => new ImportRunRow
            {
                RunId = run.Id, RowNumber = e.Row, Kind = ImportRowKind.Failed,
                CellsJson = ImportJson.Write(e.Cells), ErrorsJson = ImportJson.Write(e.Errors),
            }));
            var inserted = watch.Elapsed;
            cpu[2] = Environment.CpuUsage.TotalTime;
            run.Created += batch.Creates;
            run.Updated += batch.Updates;
            run.Skipped += batch.Skipped;
            run.Failed += batch.Errors.Count;
            run.LastCommittedRow = chunk[^1].Row;
            run.LastBatchAt = now;
            db.AuditEntries.Add(new AuditEntry
            {
                At = AuditTrail.Truncate(now), UserId = user.Id, UserName = user.UserName ?? (user.Id is null ? null : "system"),
                IpAddress = user.IpAddress, UserAgent = user.UserAgent,
                Action = AuditActions.ImportBatch, EntityType = "import", EntityId = run.Id.ToString(),
                Changes = ImportJson.Write(new
                {
                    entity = run.Entity, file = run.FileName, fromRow = chunk[0].Row, toRow = chunk[^1].Row,
                    created = batch.Creates, updated = batch.Updates, skipped = batch.Skipped, failed = batch.Errors.Count,
                }),
            });
            // The rows of this batch are traced by the run rows and the one entry above, not by an entry each.
            db.RowAuditDeferred = true;
            await db.SaveChangesAsync(ct);
            var versions = batch.Written().ToDictionary(w => w.Id, w => w.Version);
            foreach (var r in rows.Where(r => r.Kind == ImportRowKind.Updated)) r.VersionAfter = versions[r.RecordId!.Value];
            var saved = watch.Elapsed;
            cpu[3] = Environment.CpuUsage.TotalTime;
            await BulkInsert.InsertAsync(db, rows, now, ct);
            await tx.CommitAsync(ct);
            var end = Environment.CpuUsage.TotalTime;
            log.LogDebug("Import {Run} rows {From}-{To}: plan {Plan:F0} ms (CPU {PlanCpu:F0}), build and insert {Insert:F0} ms (CPU {InsertCpu:F0}), save {Save:F0} ms (CPU {SaveCpu:F0}), run rows and commit {Commit:F0} ms (CPU {CommitCpu:F0})",
                run.Id, chunk[0].Row, chunk[^1].Row, planned.TotalMilliseconds, (cpu[1] - cpu[0]).TotalMilliseconds,
                (inserted - planned).TotalMilliseconds, (cpu[2] - cpu[1]).TotalMilliseconds,
                (saved - inserted).TotalMilliseconds, (cpu[3] - cpu[2]).TotalMilliseconds,
                (watch.Elapsed - saved).TotalMilliseconds, (end - cpu[3]).TotalMilliseconds);
        }
        finally
        {
            db.RowAuditDeferred = false;
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
        return run;
    }

    /// <summary>Per-row errors of a run: the original cells and the error codes, in file order.</summary>
    public async IAsyncEnumerable<ImportRowError> ErrorsAsync(Guid id, [EnumeratorCancellation] CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        var after = 0;
        while (true)
        {
            var rows = await db.ImportRunRows.AsNoTracking().Where(r => r.RunId == run.Id && r.Kind == ImportRowKind.Failed && r.RowNumber > after)
                .OrderBy(r => r.RowNumber).Take(Keyset.MaxPageSize).Select(r => new { r.RowNumber, r.CellsJson, r.ErrorsJson }).ToListAsync(ct);
            foreach (var r in rows)
                yield return new ImportRowError(r.RowNumber, ImportJson.Read<string[]>(r.CellsJson!), ImportJson.Read<List<FieldError>>(r.ErrorsJson!));
            if (rows.Count < Keyset.MaxPageSize) yield break;
            after = rows[^1].RowNumber;
        }
    }

    /// <summary>The headers of the run's file.</summary>
    public async Task<IReadOnlyList<string>> HeadersAsync(Guid id, CancellationToken ct) => ImportJson.Read<string[]>((await FindAsync(id, ct)).HeadersJson);

    /// <summary>Undoes a run: records it created are removed, records it updated get back what they were; a record
    /// changed since by anyone else (its version moved on) or, for a created one, used since is left alone and
    /// reported, the rest undone.</summary>
    public async Task<ImportUndoResult> UndoAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ImportsUndo);
        var run = await FindAsync(id, ct);
        var target = TargetOf(run.Entity);
        if (run.Status is not (ImportStatus.Completed or ImportStatus.Failed)) throw RapportValidationException.For("status", "Import.NotUndoable");
        var touched = await db.ImportRunRows.AsNoTracking().Where(r => r.RunId == id && r.RecordId != null)
            .OrderBy(r => r.RowNumber).Select(r => new { r.RowNumber, r.Kind, RecordId = r.RecordId!.Value, r.VersionAfter }).ToListAsync(ct);
        // A record the run touched more than once: undone to before its first touch, if it is still as the last one left it.
        var records = touched.GroupBy(r => r.RecordId)
            .Select(g => (Id: g.Key, First: g.First(), Expected: g.Last().VersionAfter ?? 0)).ToList();
        var refused = new List<ImportUndoRefusal>();
        var (removed, restored) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in records.Chunk(_options.BatchSize))
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var ids = chunk.Select(r => r.Id).ToList();
            var current = await target.VersionsAsync(ids, ct);
            var used = await target.UsedAsync(ids, ct);
            var delete = new List<Guid>();
            var restore = new List<(Guid Id, int Row)>();
            foreach (var r in chunk)
            {
                if (!current.TryGetValue(r.Id, out var version)) { refused.Add(new(r.First.RowNumber, r.Id, "Import.Gone")); continue; }
                if (version != r.Expected) { refused.Add(new(r.First.RowNumber, r.Id, "Import.ChangedSince")); continue; }
                if (r.First.Kind == ImportRowKind.Created)
                {
                    if (used.Contains(r.Id)) refused.Add(new(r.First.RowNumber, r.Id, "Import.UsedSince"));
                    else delete.Add(r.Id);
                }
                else restore.Add((r.Id, r.First.RowNumber));
            }
            if (delete.Count > 0) removed += await target.DeleteAsync(delete, ct);
            if (restore.Count > 0)
            {
                var restoreRows = restore.Select(r => r.Row).ToList();
                var befores = await db.ImportRunRows.AsNoTracking().Where(r => r.RunId == id && restoreRows.Contains(r.RowNumber))
                    .ToDictionaryAsync(r => r.RecordId!.Value, r => r.BeforeJson!, ct);
                restored += await target.RestoreAsync(befores, ct);
            }
            db.AuditEntries.Add(new AuditEntry
            {
                At = AuditTrail.Truncate(now), UserId = user.Id, UserName = user.UserName ?? (user.Id is null ? null : "system"),
                IpAddress = user.IpAddress, UserAgent = user.UserAgent,
                Action = AuditActions.ImportUndone, EntityType = "import", EntityId = id.ToString(),
                Changes = ImportJson.Write(new { removed = delete, restored = restore.Select(r => r.Id), refused = chunk.Length - delete.Count - restore.Count }),
            });
            db.RowAuditDeferred = true;
            try { await db.SaveChangesAsync(ct); }
            finally { db.RowAuditDeferred = false; }
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        run = await db.ImportRuns.SingleAsync(r => r.Id == id, ct);
        run.MarkUndone(now, user.Id);
        await db.SaveChangesAsync(ct);
        return new ImportUndoResult(removed, restored, refused);
    }

    /// <summary>A run by id. Runs are company-wide: whoever may import sees them all.</summary>
    private async Task<ImportRun> FindAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ImportsRun);
        return await db.ImportRuns.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Import", id);
    }

    private static ImportMapping MappingOf(ImportRun run) => ImportJson.Read<ImportMapping>(run.MappingJson);

    /// <summary>The file's data rows from file row <paramref name="from"/> on (the header is row 1).</summary>
    private IEnumerable<(int Row, string[] Cells)> DataRows(ImportRun run, int from)
    {
        var shape = new ImportFileShape(run.Format, run.Encoding, run.Delimiter);
        var path = FileOf(run.Id);
        if (!File.Exists(path)) throw RapportValidationException.For("file", "Import.FileGone");
        var row = 0;
        foreach (var cells in ImportFile.Rows(path, shape))
        {
            row++;
            if (row == 1 || row < from) continue;
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            yield return (row, cells);
        }
    }

    private ImportRunDto ToDto(ImportRun r)
    {
        double? rate = null, eta = null;
        if (r.StartedAt is { } started && r.Done > r.StartedAtRow - 1)
        {
            var seconds = ((r.FinishedAt ?? r.LastBatchAt ?? clock.GetUtcNow().UtcDateTime) - started).TotalSeconds;
            if (seconds > 0) rate = (r.LastCommittedRow - r.StartedAtRow) / seconds;
            if (rate > 0 && r.Status == ImportStatus.Running) eta = Math.Max(0, r.TotalRows - r.Done) / rate;
        }
        return new ImportRunDto(r.Id, r.Entity, r.FileName, r.Format, r.Encoding, r.Delimiter, ImportJson.Read<string[]>(r.HeadersJson), MappingOf(r),
            r.Status, r.TotalRows, r.Done, r.Created, r.Updated, r.Skipped, r.Failed, rate, eta,
            r.CreatedAt, r.CreatedById, r.StartedAt, r.FinishedAt, r.Error, r.UndoneAt, r.TemplateId);
    }
}
