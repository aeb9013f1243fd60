namespace Rapport.Core.Imports;

/// <summary>Saved mapping templates: list, read, create (from scratch or from a run's mapping), change, delete, and
/// the one that fits an uploaded file's headers. Company-wide, for holders of <c>imports.run</c>.</summary>
public sealed class ImportTemplateService(RapportDbContext db, ICurrentUser user, IEnumerable<IImportTarget> targets)
{
    public async Task<IReadOnlyList<ImportTemplateDto>> ListAsync(string? entity, CancellationToken ct)
    {
        user.Require(Permissions.ImportsRun);
        var rows = await db.ImportTemplates.AsNoTracking().Where(t => entity == null || t.Entity == entity).OrderBy(t => t.Name).ToListAsync(ct);
        return [.. rows.Select(ToDto)];
    }

    public async Task<ImportTemplateDto> GetAsync(Guid id, CancellationToken ct) => ToDto(await FindAsync(id, ct));

    public async Task<ImportTemplateDto> CreateAsync(ImportTemplateInput input, CancellationToken ct)
    {
        user.Require(Permissions.ImportsRun);
        var (name, columns) = await CheckAsync(input, null, ct);
        var template = new ImportTemplate { Entity = input.Entity, Name = name, ColumnsJson = "[]" };
        template.Apply(name, columns, input.Mode, input.MatchBy, TextInput.Clean(input.DefaultCountry));
        db.ImportTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return ToDto(template);
    }

    /// <summary>Saves the mapping of run <paramref name="runId"/> (its headers, fields, mode, keys, country) under a name.</summary>
    public async Task<ImportTemplateDto> CreateFromRunAsync(Guid runId, ImportTemplateFromRunInput input, CancellationToken ct)
    {
        user.Require(Permissions.ImportsRun);
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct) ?? throw new NotFoundException("ImportRun", runId);
        var headers = ImportJson.Read<string[]>(run.HeadersJson);
        var mapping = ImportJson.Read<ImportMapping>(run.MappingJson);
        var columns = headers.Select((h, i) => new ImportTemplateColumn(h, i < mapping.Columns.Count ? mapping.Columns[i] : null)).ToList();
        return await CreateAsync(new ImportTemplateInput(input.Name, columns, mapping.Mode, mapping.MatchBy, mapping.DefaultCountry, run.Entity), ct);
    }

    public async Task<ImportTemplateDto> UpdateAsync(Guid id, ImportTemplateInput input, long? expectedVersion, CancellationToken ct)
    {
        var template = await user.FindToChangeAsync(db.ImportTemplates, id, Permissions.ImportsRun, expectedVersion, ct);
        var (name, columns) = await CheckAsync(input with { Entity = template.Entity }, id, ct);
        template.Apply(name, columns, input.Mode, input.MatchBy, TextInput.Clean(input.DefaultCountry));
        await db.SaveChangesAsync(ct);
        return ToDto(template);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var template = await user.FindToChangeAsync(db.ImportTemplates, id, Permissions.ImportsRun, expectedVersion, ct);
        db.ImportTemplates.Remove(template);
        await db.SaveChangesAsync(ct);
    }

    internal Task<ImportTemplate> FindAsync(Guid id, CancellationToken ct) => user.FindToReadAsync(db.ImportTemplates, id, Permissions.ImportsRun, ct);

    /// <summary>The template for a file with these headers: of those whose every header is in the file, the one that
    /// maps the most columns (the newest of equals); null when none fits.</summary>
    internal async Task<ImportTemplate?> BestFitAsync(string entity, IReadOnlyList<string> headers, CancellationToken ct)
    {
        var templates = await db.ImportTemplates.AsNoTracking().Where(t => t.Entity == entity).OrderByDescending(t => t.UpdatedAt).ToListAsync(ct);
        return templates.Where(t => t.Fits(headers)).OrderByDescending(t => t.Columns.Count(c => c.Field is not null)).FirstOrDefault();
    }

    private async Task<(string Name, List<ImportTemplateColumn> Columns)> CheckAsync(ImportTemplateInput input, Guid? self, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name);
        if (name is null) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, ImportTemplate.NameMax);
        var target = targets.FirstOrDefault(t => t.Entity == input.Entity);
        if (target is null) errors.Add(new("entity", "Import.EntityUnknown"));
        var columns = input.Columns ?? [];
        if (columns.Count is 0 or > ImportTemplate.ColumnsMax) errors.Add(new("columns", "Validation.Range", 1, ImportTemplate.ColumnsMax));
        foreach (var (c, i) in columns.Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(c?.Header)) errors.Add(new($"columns[{i}].header", "Validation.Required"));
            else TextInput.CheckLength(errors, $"columns[{i}].header", c.Header, ImportTemplate.HeaderMax);
        }
        var cleaned = columns.Where(c => !string.IsNullOrWhiteSpace(c?.Header)).Select(c => new ImportTemplateColumn(c.Header.Trim(), c.Field)).ToList();
        if (cleaned.Select(c => ImportTemplate.Key(c.Header)).Distinct().Count() != cleaned.Count) errors.Add(new("columns", "Import.HeaderTwice"));
        if (target is not null) ImportService.CheckMapping(errors, target.Fields, [.. cleaned.Select(c => c.Field)], input.Mode, input.MatchBy, input.DefaultCountry);
        if (name is not null && await db.ImportTemplates.AnyAsync(t => t.Entity == input.Entity && t.Name == name && t.Id != self, ct))
            errors.Add(new("name", "Import.TemplateNameTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name!, cleaned);
    }

    private static ImportTemplateDto ToDto(ImportTemplate t) =>
        new(t.Id, t.Entity, t.Name, t.Columns, t.Mode, t.MatchByJson is null ? null : ImportJson.Read<List<string>>(t.MatchByJson),
            t.DefaultCountry, t.CreatedAt, t.UpdatedAt, t.Version);
}
