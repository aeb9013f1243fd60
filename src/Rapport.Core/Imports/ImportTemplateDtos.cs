namespace Rapport.Core.Imports;

/// <summary>A header of the file and the field it goes to (null: ignored).</summary>
public sealed record ImportTemplateColumn(string Header, string? Field);

public sealed record ImportTemplateInput(
    string? Name, List<ImportTemplateColumn>? Columns, ImportMatchMode Mode = ImportMatchMode.Skip, List<string>? MatchBy = null,
    string? DefaultCountry = null, string Entity = ImportService.Customers);

/// <summary>Save a run's mapping under a name.</summary>
public sealed record ImportTemplateFromRunInput(string? Name);

public sealed record ImportTemplateDto(
    Guid Id, string Entity, string Name, IReadOnlyList<ImportTemplateColumn> Columns, ImportMatchMode Mode, IReadOnlyList<string>? MatchBy,
    string? DefaultCountry, DateTime CreatedAt, DateTime UpdatedAt, long Version);
