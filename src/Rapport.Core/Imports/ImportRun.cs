namespace Rapport.Core.Imports;

public enum ImportStatus { Preview, Queued, Running, Completed, Failed, Undone }

/// <summary>What to do with a row that matches an existing record (or an earlier row of the same file).</summary>
public enum ImportMatchMode { Skip, Update, Create }

/// <summary>One import of one file: who started it, how its columns map, what to do with matches, and how far it got.
/// Each batch commits its rows together with <see cref="LastCommittedRow"/> and the counters, so after a crash the
/// committed prefix is known and <c>resume</c> continues after it.</summary>
public sealed class ImportRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Entity { get; init; }
    public required string FileName { get; init; }
    public required string Format { get; init; }
    public string? Encoding { get; init; }
    public string? Delimiter { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }

    /// <summary>The mapping as JSON (<see cref="ImportMapping"/>).</summary>
    public required string MappingJson { get; set; }
    public ImportMatchMode Mode { get; set; }
    /// <summary>The saved template the mapping came from (picked by the file's headers, or by the user), if any.</summary>
    public Guid? TemplateId { get; set; }
    public ImportStatus Status { get; private set; } = ImportStatus.Preview;

    /// <summary>Data rows in the file (the header not counted), known from the upload.</summary>
    public int TotalRows { get; init; }
    /// <summary>The file row (header = 1) of the last row whose batch committed; 1 before any.</summary>
    public int LastCommittedRow { get; set; } = 1;
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }

    /// <summary>The file's header row (JSON array).</summary>
    public required string HeadersJson { get; init; }
    public DateTime? LastBatchAt { get; set; }
    public DateTime? StartedAt { get; private set; }
    /// <summary>Where this stretch of work started (a resume starts a new one), for rows per second.</summary>
    public int StartedAtRow { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public string? Error { get; private set; }
    public DateTime? UndoneAt { get; private set; }
    public Guid? UndoneById { get; private set; }

    public int Done => LastCommittedRow - 1;

    public void Queue()
    {
        if (Status is not (ImportStatus.Preview or ImportStatus.Failed or ImportStatus.Queued))
            throw RapportValidationException.For("status", "Import.NotStartable");
        Status = ImportStatus.Queued;
        Error = null;
    }

    public void Begin(DateTime now)
    {
        Status = ImportStatus.Running;
        StartedAt = now;
        StartedAtRow = LastCommittedRow;
    }

    public void Complete(DateTime now)
    {
        Status = ImportStatus.Completed;
        FinishedAt = now;
    }

    public void Fail(DateTime now, string error)
    {
        Status = ImportStatus.Failed;
        FinishedAt = now;
        Error = error.Length > 1000 ? error[..1000] : error;
    }

    /// <summary>A run left Running by a process that died is failed (resumable) when someone next looks at it.</summary>
    public void MarkInterrupted(DateTime now) => Fail(now, "interrupted");

    public void MarkUndone(DateTime now, Guid? by)
    {
        Status = ImportStatus.Undone;
        UndoneAt = now;
        UndoneById = by;
    }
}

public enum ImportRowKind { Created, Updated, Failed }

/// <summary>One row of a run that changed something or failed: the record it created or updated (with the record as it
/// was before, for an exact undo, and the version the import left it at), or the original cells and the reasons.</summary>
public sealed class ImportRunRow
{
    public Guid RunId { get; init; }
    /// <summary>The row in the file as a spreadsheet numbers it (the header is row 1).</summary>
    public int RowNumber { get; init; }
    public ImportRowKind Kind { get; init; }
    public Guid? RecordId { get; init; }
    /// <summary>For an update: the record before it (<see cref="CustomerSnapshot"/> as JSON).</summary>
    public string? BeforeJson { get; init; }
    /// <summary>For a create or update: the record's version right after this import wrote it.</summary>
    public long? VersionAfter { get; set; }
    /// <summary>For a failure: the original cells (JSON array) and the error codes (JSON).</summary>
    public string? CellsJson { get; init; }
    public string? ErrorsJson { get; init; }
}
