namespace Rapport.Core.Imports;

/// <summary>The planning and writing an import target does the same way for every kind of record with one table
/// (contacts, leads): read each row, look up what it names, match it by its keys against records in the caller's
/// scope and earlier rows of the file, then skip, update (rows naming one record are laid over it in turn) or create,
/// each record built and checked by the module's own rules. <see cref="CustomerImporter"/> keeps its own, tuned
/// planning for a million rows with channels and tags.</summary>
public abstract class RecordImporter<TRecord, TRow>(ICurrentUser user) : IImportTarget where TRecord : AuditedEntity
{
    protected ICurrentUser User => user;
    /// <summary>The context the records are tracked in (a row that changes nothing is put back to unchanged in it).</summary>
    protected abstract RapportDbContext Db { get; }

    public abstract string Entity { get; }
    public abstract ImportFieldSet Fields { get; }
    public abstract void RequirePermissions(ImportMatchMode mode);

    /// <summary>A record the batch will write: new (inserted), or tracked with its image before the import.</summary>
    protected sealed class Plan
    {
        public required int Row { get; init; }
        public required TRecord Record { get; init; }
        public string? BeforeJson { get; set; }
        public List<int> MergedRows { get; } = [];
    }

    protected sealed class Batch(List<Plan> plans, int skipped, List<ImportRowError> errors, Func<TRecord, Guid> id) : IImportBatch
    {
        public List<Plan> Plans => plans;
        public int Creates => plans.Count(p => p.BeforeJson is null);
        public int Updates => plans.Count(p => p.BeforeJson is not null) + plans.Sum(p => p.MergedRows.Count);
        public int Skipped => skipped;
        public List<ImportRowError> Errors => errors;
        public IEnumerable<(Guid Id, long Version)> Written() => plans.Select(p => (id(p.Record), p.Record.Version));
    }

    /// <summary>Keys of earlier rows (a dry run keeps them across batches) and what the rows named, looked up once.</summary>
    protected sealed class Memory : ImportMemory
    {
        internal Dictionary<string, Plan> FileKeys { get; } = [];
        internal Dictionary<string, object?> Lookups { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    public ImportMemory NewMemory() => new Memory();

    /// <summary>The row through the mapping and the transforms, with the transforms' own errors.</summary>
    protected abstract TRow Read(string[] cells, ImportMapping mapping);
    protected abstract IReadOnlyList<FieldError> ReadErrors(TRow row);
    /// <summary>Looks up, once for the batch, what its rows name (customers, owners) into <paramref name="memory"/>.</summary>
    protected abstract Task LookUpAsync(IReadOnlyList<TRow> rows, ImportMemory memory, CancellationToken ct);
    /// <summary>Errors of what the row names (a customer or owner not found or not allowed) for the record it goes into:
    /// <paramref name="into"/> the record it updates (existing, or made by an earlier row of the file), null for a new one.</summary>
    protected abstract void CheckNames(TRow row, ImportMemory memory, TRecord? into, List<FieldError> errors);
    /// <summary>The row's match keys in the run's order of preference, prefixed by kind (<c>e:</c>, <c>p:</c>), from what
    /// <see cref="LookUpAsync"/> found for it in <paramref name="memory"/> (a target may match only within what the row names).</summary>
    protected abstract IEnumerable<string> KeysOf(TRow row, ImportMemory memory, IReadOnlyList<string> by);
    /// <summary>Records in the caller's scope holding any of the keys.</summary>
    protected abstract Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct);
    /// <summary>These records, tracked, to be updated.</summary>
    protected abstract Task<Dictionary<Guid, TRecord>> LoadAsync(List<Guid> ids, CancellationToken ct);
    /// <summary>A new record from the row, checked by the module's rules (throws <see cref="RapportValidationException"/>).</summary>
    protected abstract TRecord Create(TRow row, ImportMemory memory);
    /// <summary>Lays the row over the record: checked first by the module's rules (throws, leaving the record as it was).</summary>
    protected abstract void Update(TRecord record, TRow row, ImportMemory memory);
    protected abstract Guid IdOf(TRecord record);
    /// <summary>The record's image before the import (JSON), for the undo.</summary>
    protected abstract string Snapshot(TRecord record);

    /// <summary>The record as it was before <paramref name="row"/> changes it; by default <see cref="Snapshot(TRecord)"/>
    /// (an importer whose row also writes elsewhere, such as a product's price, records that part too).</summary>
    protected virtual string Snapshot(TRecord record, TRow row, ImportMemory memory) => Snapshot(record);

    /// <summary>The image taken before the file's first row for a record, with what a later row for the same record is
    /// about to change that the image does not hold yet (a product's price in another list); by default the image as it is.</summary>
    protected virtual string Merge(string before, TRecord record, TRow row, ImportMemory memory) => before;
    protected abstract IReadOnlyDictionary<string, string?> PreviewOf(TRecord record, TRow row);
    /// <summary>Inserts the new records (set-based, in the current transaction).</summary>
    protected abstract Task InsertAsync(List<TRecord> added, DateTime now, CancellationToken ct);

    public abstract Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct);
    public abstract Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct);
    public abstract Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct);
    public abstract Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct);

    public async Task<ImportPreviewRow> PreviewAsync(int row, string[] cells, ImportMapping mapping, ImportMemory memory, CancellationToken ct)
    {
        var read = Read(cells, mapping);
        await LookUpAsync([read], memory, ct);
        var errors = new List<FieldError>(ReadErrors(read));
        CheckNames(read, memory, into: null, errors);
        IReadOnlyDictionary<string, string?> values = new Dictionary<string, string?>();
        if (errors.Count == 0)
        {
            try { values = PreviewOf(Create(read, memory), read); }
            catch (RapportValidationException e) { errors.AddRange(e.Errors); }
        }
        return new ImportPreviewRow(row, values, errors);
    }

    public async Task<IImportBatch> PlanAsync(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping, bool keepKeys, ImportMemory memory, CancellationToken ct)
    {
        var m = (Memory)memory;
        var by = mapping.MatchBy ?? Fields.DefaultKeys;
        var reads = rows.Select(r => (r.Row, r.Cells, Read: Read(r.Cells, mapping))).ToList();
        await LookUpAsync([.. reads.Select(r => r.Read)], memory, ct);
        var keysOf = reads.ToDictionary(r => r.Row, r => KeysOf(r.Read, memory, by).ToList());
        var found = await FindAsync([.. keysOf.Values.SelectMany(k => k).Distinct()], ct);
        if (!keepKeys) m.FileKeys.Clear();
        var existing = mapping.Mode == ImportMatchMode.Update ? await LoadAsync([.. found.Values.Distinct()], ct) : [];
        var byRecord = new Dictionary<Guid, Plan>();
        var (plans, errors, skipped) = (new List<Plan>(), new List<ImportRowError>(), 0);
        foreach (var (row, cells, read) in reads)
        {
            var keys = keysOf[row];
            var inFile = keys.Select(k => m.FileKeys.GetValueOrDefault(k)).FirstOrDefault(p => p is not null);
            var inDb = keys.Select(k => found.TryGetValue(k, out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
            var matched = inFile is not null || inDb is not null;
            var update = matched && mapping.Mode == ImportMatchMode.Update;
            // The record the row goes into, decided before its names are checked: they are checked against it (an owner
            // as the record's current one). A match found but gone before it was loaded makes the row a new record,
            // checked as one.
            var plan = update ? inFile ?? byRecord.GetValueOrDefault(inDb!.Value) : null;
            var record = plan?.Record ?? (update && inDb is { } dbId && existing.TryGetValue(dbId, out var loaded) ? loaded : null);
            var rowErrors = new List<FieldError>(ReadErrors(read));
            CheckNames(read, memory, record, rowErrors);
            if (rowErrors.Count > 0) { errors.Add(new ImportRowError(row, cells, rowErrors)); continue; }
            if (matched && mapping.Mode == ImportMatchMode.Skip) { skipped++; continue; }
            try
            {
                if (plan is not null)
                {
                    // Taken before the row writes, kept only once it has: a refused row adds nothing to the undo image.
                    var merged = plan.BeforeJson is { } image ? Merge(image, plan.Record, read, memory) : null;
                    Update(plan.Record, read, memory);
                    plan.BeforeJson = merged ?? plan.BeforeJson;
                    plan.MergedRows.Add(row);
                }
                else if (record is not null)
                {
                    var before = Snapshot(record, read, memory);
                    Update(record, read, memory);
                    // A row that leaves the record as it was (a file exported and imported back) is skipped, as the customer
                    // import does: nothing written, no new version, nothing for an undo to put back.
                    if (Snapshot(record, read, memory) == before)
                    {
                        // Scalar values the image leaves out (a derived column) must not be saved either; an importer that
                        // re-makes an owned list keeps it when it is equal (see LeadImporter.Rescore).
                        var entry = Db.Entry(record);
                        entry.CurrentValues.SetValues(entry.OriginalValues);
                        entry.State = EntityState.Unchanged;
                        skipped++;
                        continue;
                    }
                    plans.Add(plan = new Plan { Row = row, Record = record, BeforeJson = before });
                    byRecord[IdOf(record)] = plan;
                }
                else plans.Add(plan = new Plan { Row = row, Record = Create(read, memory) });
                foreach (var k in keys) m.FileKeys.TryAdd(k, plan);
            }
            catch (RapportValidationException e)
            {
                errors.Add(new ImportRowError(row, cells, e.Errors));
            }
        }
        return new Batch(plans, skipped, errors, IdOf);
    }

    public async Task<List<ImportRunRow>> WriteAsync(Guid runId, IImportBatch batch, DateTime now, CancellationToken ct)
    {
        var b = (Batch)batch;
        var rows = new List<ImportRunRow>();
        foreach (var plan in b.Plans)
        {
            var id = IdOf(plan.Record);
            rows.Add(plan.BeforeJson is null
                ? new ImportRunRow { RunId = runId, RowNumber = plan.Row, Kind = ImportRowKind.Created, RecordId = id, VersionAfter = 1 }
                : new ImportRunRow { RunId = runId, RowNumber = plan.Row, Kind = ImportRowKind.Updated, RecordId = id, BeforeJson = plan.BeforeJson });
            foreach (var merged in plan.MergedRows)
                rows.Add(new ImportRunRow { RunId = runId, RowNumber = merged, Kind = ImportRowKind.Updated, RecordId = id, BeforeJson = plan.BeforeJson });
        }
        await InsertAsync([.. b.Plans.Where(p => p.BeforeJson is null).Select(p => p.Record)], now, ct);
        return rows;
    }
}
