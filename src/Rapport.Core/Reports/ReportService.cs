using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Core.Privacy;

namespace Rapport.Core.Reports;

/// <summary>Reports: the sources a reader may query, running a definition (ad hoc or saved) inside the reader's record
/// scope and field masking with a time limit, and saved reports with folders and sharing.</summary>
public sealed class ReportService(RapportDbContext db, ICurrentUser user, SettingsService settings, TimeProvider clock, IOptions<ReportOptions> options)
{
    private readonly SharedDefinitions<Report, ReportShare> saved = new(db, user, "reports", Permissions.ReportsRead, Permissions.ReportsManage);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The sources the caller may query (they hold each one's read permission) with their fields.</summary>
    public IReadOnlyList<ReportSourceDto> Sources()
    {
        user.Require(Permissions.ReportsRead);
        return ReportSources.All.Where(s => user.HasPermission(s.Permission)).Select(s => new ReportSourceDto(s.Name, s.LabelKey,
            s.Dimensions.Select(d => new ReportFieldDto(d.Field, d.LabelKey, JsonNamingPolicy.CamelCase.ConvertName(d.Kind.ToString()))).ToList(),
            s.Measures.Select(m => new ReportFieldDto(m.Field, m.LabelKey, "number", m.Money)).ToList())).ToList();
    }

    /// <summary>Runs a definition as the caller: their record scope applies, fields masked for them cannot be used, and
    /// a query running longer than <see cref="ReportOptions.TimeoutSeconds"/> is stopped.</summary>
    public async Task<ReportResult> RunAsync(ReportDefinition definition, CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        var plan = await PlanAsync(definition, ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        db.Database.SetCommandTimeout(options.Value.TimeoutSeconds);
        try
        {
            return await ReportQuery.RunAsync(db, plan, limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw RapportValidationException.For("definition", "Report.TimedOut", options.Value.TimeoutSeconds);
        }
    }

    /// <summary>The definition checked against the whitelist and the caller's permissions and masking.</summary>
    public async Task<ReportPlan> PlanAsync(ReportDefinition definition, CancellationToken ct)
    {
        if (definition is null) throw RapportValidationException.For("definition", "Validation.Required");
        var sensitive = await settings.GetAsync<SensitiveFields>(ct);
        var canReveal = user.HasPermission(Permissions.PiiReveal);
        var zone = TimeZones.FindOrUtc((await settings.GetAsync<RegionalSettings>(ct)).TimeZone);
        var stages = await db.PipelineStages.AsNoTracking().Where(s => s.Kind != Sales.StageKind.Open).Select(s => new { s.Id, s.Kind }).ToListAsync(ct);
        var context = ReportContext.For(zone, clock.GetUtcNow().UtcDateTime,
            [.. stages.Where(s => s.Kind == Sales.StageKind.Won).Select(s => s.Id)], [.. stages.Where(s => s.Kind == Sales.StageKind.Lost).Select(s => s.Id)]);
        var plan = ReportQuery.Plan(definition, context, f => sensitive.HiddenFrom(canReveal, f));
        user.Require(plan.Source.Permission);
        return plan;
    }

    /// <summary>Standard reports, then the caller's own and those shared with them, by folder and name.</summary>
    public async Task<IReadOnlyList<ReportSummary>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        var me = await saved.MeAsync(ct);
        var mine = await saved.Visible(me).OrderBy(r => r.Folder).ThenBy(r => r.Name)
            .Select(r => new { r.Id, r.Name, r.Folder, r.OwnerId, r.Definition }).ToListAsync(ct);
        return StandardReports.All.Where(s => ReportSources.Find(s.Definition.Source) is { } src && user.HasPermission(src.Permission))
            .Select(s => new ReportSummary(s.Id, s.Label, StandardReports.Folder, true, false, s.Definition.Source))
            .Concat(mine.Select(r => new ReportSummary(r.Id, r.Name, r.Folder, false, r.OwnerId == me.Id, Read(r.Definition).Source)))
            .ToList();
    }

    public async Task<ReportDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        if (StandardReports.Find(id) is { } standard)
            return new ReportDto(standard.Id, standard.Label, StandardReports.Folder, true, null, standard.Definition, [], false, 1);
        var me = await saved.MeAsync(ct);
        return ToDto(await saved.FindAsync(me, id, ct), me);
    }

    /// <summary>The saved (or standard) report's figures, as the caller's scope gives them.</summary>
    public async Task<ReportResult> ResultAsync(Guid id, CancellationToken ct) => await RunAsync((await GetAsync(id, ct)).Definition, ct);

    public async Task<ReportDto> CreateAsync(ReportInput input, CancellationToken ct)
    {
        var (report, me) = await saved.CreateAsync(async owner =>
        {
            var (name, folder, definition) = await CheckAsync(input, ct);
            return new Report { Name = name, Folder = folder, Definition = definition, OwnerId = owner.Id };
        }, input.Shares, ct);
        return ToDto(report, me);
    }

    /// <summary>Changes a report the caller owns or may edit. Only the owner changes whom it is shared with.</summary>
    public async Task<ReportDto> UpdateAsync(Guid id, ReportInput input, long? expectedVersion, CancellationToken ct)
    {
        var (report, me) = await saved.UpdateAsync(id, expectedVersion,
            async r => (r.Name, r.Folder, r.Definition) = await CheckAsync(input, ct), input.Shares, ct);
        return ToDto(report, me);
    }

    /// <summary>Deletes a report; only its owner may.</summary>
    public Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct) => saved.DeleteAsync(id, expectedVersion, ct);

    private static ReportDto ToDto(Report r, Sharer me) => new(r.Id, r.Name, r.Folder, false, r.OwnerId, Read(r.Definition),
        Sharing.Dtos(r.Shares), me.CanEdit(r.OwnerId, r.Shares), r.Version);

    private static ReportDefinition Read(string json) => JsonSerializer.Deserialize<ReportDefinition>(json, Json)!;

    private async Task<(string Name, string? Folder, string Definition)> CheckAsync(ReportInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name);
        var folder = TextInput.Clean(input.Folder);
        if (string.IsNullOrEmpty(name)) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, Report.NameMax);
        TextInput.CheckLength(errors, "folder", folder, Report.FolderMax);
        if (folder == StandardReports.Folder) errors.Add(new("folder", "Report.ReservedFolder", folder));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        try { await PlanAsync(input.Definition, ct); }
        catch (RapportValidationException e) { throw new RapportValidationException(e.Errors.Select(x => x with { Field = "definition." + x.Field }).ToList()); }
        var json = JsonSerializer.Serialize(input.Definition, Json);
        if (json.Length > Report.DefinitionMax) throw RapportValidationException.For("definition", "Validation.TooLong", Report.DefinitionMax);
        return (name!, folder, json);
    }
}
