using System.Text.Json.Serialization;

namespace Rapport.Core.Imports;

/// <summary>How a run reads its file: the field of each column (null: ignored), what to do with matches, which keys
/// match a row to an existing record (in this order: number, email, phone, name), and the country of addresses that
/// name none.</summary>
public sealed record ImportMapping(
    List<string?> Columns, ImportMatchMode Mode = ImportMatchMode.Skip, List<string>? MatchBy = null, string? DefaultCountry = null)
{
    public static readonly IReadOnlyList<string> MatchKeys = ["number", "email", "phone", "name"];
    public IReadOnlyList<string> Keys => MatchBy ?? ["number", "email", "phone"];
}

public sealed record ImportRunDto(
    Guid Id, string Entity, string FileName, string Format, string? Encoding, string? Delimiter,
    IReadOnlyList<string> Headers, ImportMapping Mapping, ImportStatus Status,
    int TotalRows, int Done, int Created, int Updated, int Skipped, int Failed,
    double? RowsPerSecond, double? EtaSeconds,
    DateTime CreatedAt, Guid? CreatedById, DateTime? StartedAt, DateTime? FinishedAt, string? Error, DateTime? UndoneAt, Guid? TemplateId = null);

/// <summary>A row of the preview: the values as they will be stored (after the transforms and the customer rules), or
/// why the row would fail.</summary>
public sealed record ImportPreviewRow(int Row, IReadOnlyDictionary<string, string?> Values, IReadOnlyList<FieldError> Errors);

public sealed record ImportPreview(ImportRunDto Run, IReadOnlyList<string> Fields, IReadOnlyList<ImportPreviewRow> Rows);

public sealed record ImportRowError(int Row, IReadOnlyList<string> Cells, IReadOnlyList<FieldError> Errors);

/// <summary>What a run would do, without doing it.</summary>
public sealed record ImportDryRun(int Rows, int Create, int Update, int Skip, int Fail, IReadOnlyList<ImportRowError> FirstErrors);

/// <summary>A record the undo left alone, and why (<c>Import.ChangedSince</c>: someone changed it after the import).</summary>
public sealed record ImportUndoRefusal(int Row, Guid RecordId, string Code);

public sealed record ImportUndoResult(int Removed, int Restored, IReadOnlyList<ImportUndoRefusal> Refused);

public sealed record ImportRunListItem(Guid Id, string Entity, string FileName, ImportStatus Status, int TotalRows, int Done,
    int Created, int Updated, int Failed, DateTime CreatedAt, Guid? CreatedById);

/// <summary>The JSON shape of mappings and row images.</summary>
internal static class ImportJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Options);
    public static T Read<T>(string json) => System.Text.Json.JsonSerializer.Deserialize<T>(json, Options)!;
}
