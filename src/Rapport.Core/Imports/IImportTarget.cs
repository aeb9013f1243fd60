namespace Rapport.Core.Imports;

/// <summary>A kind of record an import run can write (its <see cref="ImportRun.Entity"/>): customers, contacts,
/// leads, deals, interactions, products, cases.
/// The run (<see cref="ImportService"/>) owns the file, the batches, their transactions, the run rows, the audit entry
/// per batch and the undo's bookkeeping; the target owns what is particular to its records: the fields and their
/// headers, the row's validation (the entity service's own rules), matching existing records and earlier rows, the
/// set-based write, and putting records back on undo.</summary>
public interface IImportTarget
{
    /// <summary>The run's <see cref="ImportRun.Entity"/> value: <c>customers</c>, <c>contacts</c>, <c>leads</c>, <c>opportunities</c>,
    /// <c>interactions</c>, <c>products</c>, <c>cases</c>.</summary>
    string Entity { get; }
    ImportFieldSet Fields { get; }

    /// <summary>Throws unless the caller may write these records in this mode (besides <c>imports.run</c>).</summary>
    void RequirePermissions(ImportMatchMode mode);

    /// <summary>What the run remembers across batches (keys of earlier rows in a dry run, owners looked up).</summary>
    ImportMemory NewMemory();

    /// <summary>One row's values as they would be stored, or its errors.</summary>
    Task<ImportPreviewRow> PreviewAsync(int row, string[] cells, ImportMapping mapping, ImportMemory memory, CancellationToken ct);

    /// <summary>Decides every row of a batch (match, mode, validation); loads, tracked, the records it will update.
    /// <paramref name="keepKeys"/>: remember this batch's keys for the next (a dry run, which writes nothing).</summary>
    Task<IImportBatch> PlanAsync(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping, bool keepKeys, ImportMemory memory, CancellationToken ct);

    /// <summary>The part of planning a batch that needs neither the database nor the run's memory (the cells read
    /// through the mapping and checked by the module's rules), done ahead: the run reads the next batch on another
    /// thread while the current one is written. Null when the target reads nothing ahead.</summary>
    IImportReadAhead? ReadAhead(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping) => null;

    /// <summary><see cref="PlanAsync(IReadOnlyList{ValueTuple{int, string[]}}, ImportMapping, bool, ImportMemory, CancellationToken)"/>
    /// given what <see cref="ReadAhead"/> made of the same rows.</summary>
    Task<IImportBatch> PlanAsync(IReadOnlyList<(int Row, string[] Cells)> rows, IImportReadAhead? read, ImportMapping mapping, bool keepKeys, ImportMemory memory, CancellationToken ct) =>
        PlanAsync(rows, mapping, keepKeys, memory, ct);

    /// <summary>Inserts the batch's new records (set-based, in the current transaction), applies its updates to the
    /// tracked records (saved by the run with the batch), and returns the run rows of both.</summary>
    Task<List<ImportRunRow>> WriteAsync(Guid runId, IImportBatch batch, DateTime now, CancellationToken ct);

    /// <summary>The current version of each of these records that still exists (whatever the caller's scope).</summary>
    Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct);
    /// <summary>Those of these created records that other records came to depend on since (they are not removed).</summary>
    Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct);
    Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct);
    /// <summary>Puts back each record as its run row's image (<see cref="ImportRunRow.BeforeJson"/>) says it was; saved by the run.</summary>
    Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct);
}

/// <summary>What a batch decided: creates, updates (rows of the file merged into one record count each), skipped and
/// failed rows.</summary>
public interface IImportBatch
{
    int Creates { get; }
    int Updates { get; }
    int Skipped { get; }
    List<ImportRowError> Errors { get; }
    /// <summary>After the save: each record written and its version.</summary>
    IEnumerable<(Guid Id, long Version)> Written();
}

/// <summary>What a run remembers across its batches; targets keep their own keys in a subclass.</summary>
public class ImportMemory
{
    /// <summary>Owners named by rows (user name, email or display name) already looked up.</summary>
    internal Dictionary<string, Guid?> Owners { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Those of <see cref="Owners"/> who no longer work here (not active): a record keeps one as its owner, none gets one.</summary>
    internal HashSet<Guid> InactiveOwners { get; } = [];
    /// <summary>Customers named by rows (<c>n:</c> number, <c>c:</c> exact name) already looked up (<see cref="ImportCustomers"/>).</summary>
    internal Dictionary<string, ImportCustomers.Ref> Customers { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What a target read of a batch ahead of planning it (<see cref="IImportTarget.ReadAhead"/>).</summary>
public interface IImportReadAhead
{
}
