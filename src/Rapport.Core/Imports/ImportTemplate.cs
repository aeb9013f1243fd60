namespace Rapport.Core.Imports;

/// <summary>A saved mapping for one kind of import: which field each header goes to, what to do with matches, the
/// match keys and the default country. Matched to an uploaded file by its headers, so the columns may come in any
/// order.</summary>
public sealed class ImportTemplate : AuditedEntity
{
    public const int NameMax = 100;
    public const int HeaderMax = 200;
    public const int ColumnsMax = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Entity { get; init; }
    public required string Name { get; set; }
    /// <summary>The columns as JSON (<see cref="ImportTemplateColumn"/> list).</summary>
    public required string ColumnsJson { get; set; }
    public ImportMatchMode Mode { get; set; }
    /// <summary>The match keys as JSON; null: the default keys.</summary>
    public string? MatchByJson { get; set; }
    public string? DefaultCountry { get; set; }

    public void Apply(string name, IReadOnlyList<ImportTemplateColumn> columns, ImportMatchMode mode, List<string>? matchBy, string? defaultCountry)
    {
        Name = name;
        ColumnsJson = ImportJson.Write(columns);
        Mode = mode;
        MatchByJson = matchBy is null ? null : ImportJson.Write(matchBy);
        DefaultCountry = defaultCountry;
    }

    public IReadOnlyList<ImportTemplateColumn> Columns => ImportJson.Read<List<ImportTemplateColumn>>(ColumnsJson);

    /// <summary>The mapping for a file with <paramref name="headers"/>: each header's field by name (trimmed, case
    /// ignored); headers the template does not know stay unmapped.</summary>
    public ImportMapping MappingFor(IReadOnlyList<string> headers)
    {
        var fields = Columns.GroupBy(c => Key(c.Header)).ToDictionary(g => g.Key, g => g.First().Field);
        return new ImportMapping([.. headers.Select(h => fields.GetValueOrDefault(Key(h)))], Mode,
            MatchByJson is null ? null : ImportJson.Read<List<string>>(MatchByJson), DefaultCountry);
    }

    /// <summary>Whether every header of the template is in the file (a file may bring extra columns).</summary>
    public bool Fits(IReadOnlyList<string> headers)
    {
        var file = headers.Select(Key).ToHashSet();
        return Columns.All(c => file.Contains(Key(c.Header)));
    }

    internal static string Key(string header) => header.Trim().ToUpperInvariant();
}
