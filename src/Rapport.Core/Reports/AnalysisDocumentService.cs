using System.Text.Json;

namespace Rapport.Core.Reports;

/// <summary>Analysis documents (M 4.5): saved and shared like reports (<see cref="Sharing"/>), their text sections
/// edited before export, and their Results filled at export time by running each chosen report as the reader — so a
/// reader who may not see a report's rows gets their own figures, and a report they may not see is left out.</summary>
public sealed class AnalysisDocumentService(RapportDbContext db, ICurrentUser user, ReportService reports)
{
    private readonly SharedDefinitions<AnalysisDocument, AnalysisDocumentShare> saved = new(db, user, "analyses", Permissions.ReportsRead, Permissions.ReportsManage);

    /// <summary>The caller's own documents and those shared with them, most recently changed first.</summary>
    public async Task<IReadOnlyList<AnalysisDocumentSummary>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        var me = await saved.MeAsync(ct);
        var rows = await saved.Visible(me).OrderByDescending(d => d.UpdatedAt).ThenBy(d => d.Id).Take(500)
            .Select(d => new { d.Id, d.Title, d.OwnerId, d.UpdatedAt }).ToListAsync(ct);
        return rows.Select(d => new AnalysisDocumentSummary(d.Id, d.Title, d.OwnerId == me.Id, d.UpdatedAt)).ToList();
    }

    public async Task<AnalysisDocumentDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        var me = await saved.MeAsync(ct);
        return ToDto(await saved.FindAsync(me, id, ct), me);
    }

    /// <summary>The document with each chosen report run as the caller (their scope and masking); reports the caller
    /// can no longer see or whose source they may not read are left out.</summary>
    public async Task<AnalysisDocumentContent> ContentAsync(Guid id, CancellationToken ct)
    {
        var document = await GetAsync(id, ct);
        var results = new List<(string, ReportResult)>();
        foreach (var reportId in document.Reports)
        {
            try
            {
                var report = await reports.GetAsync(reportId, ct);
                results.Add((report.Name, await reports.RunAsync(report.Definition, ct)));
            }
            catch (Exception e) when (e is NotFoundException or ForbiddenException) { }
        }
        return new AnalysisDocumentContent(document, results);
    }

    public async Task<AnalysisDocumentDto> CreateAsync(AnalysisDocumentInput input, CancellationToken ct)
    {
        var (document, me) = await saved.CreateAsync(async owner =>
        {
            var made = new AnalysisDocument { Title = "", Reports = "[]", OwnerId = owner.Id };
            await ApplyAsync(made, input, ct);
            return made;
        }, input.Shares, ct);
        return ToDto(document, me);
    }

    /// <summary>Changes a document the caller owns or may edit. Only the owner changes whom it is shared with.</summary>
    public async Task<AnalysisDocumentDto> UpdateAsync(Guid id, AnalysisDocumentInput input, long? expectedVersion, CancellationToken ct)
    {
        var (document, me) = await saved.UpdateAsync(id, expectedVersion, d => ApplyAsync(d, input, ct), input.Shares, ct);
        return ToDto(document, me);
    }

    /// <summary>Deletes a document; only its owner may.</summary>
    public Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct) => saved.DeleteAsync(id, expectedVersion, ct);

    private static AnalysisDocumentDto ToDto(AnalysisDocument d, Sharer me) => new(d.Id, d.Title, d.Summary, d.Background, d.Issues,
        d.Recommendations, d.Conclusion, JsonSerializer.Deserialize<List<Guid>>(d.Reports) ?? [], d.OwnerId, Sharing.Dtos(d.Shares),
        me.CanEdit(d.OwnerId, d.Shares), d.Version);

    /// <summary>The input checked (a title, sections within their length, at most <see cref="AnalysisDocument.MaxReports"/>
    /// reports, each one the caller may see) and copied onto the document.</summary>
    private async Task ApplyAsync(AnalysisDocument document, AnalysisDocumentInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var title = TextInput.Clean(input.Title);
        if (string.IsNullOrEmpty(title)) errors.Add(new("title", "Validation.Required"));
        TextInput.CheckLength(errors, "title", title, AnalysisDocument.TitleMax);
        string? Section(string field, string? value)
        {
            var text = TextInput.Clean(value);
            TextInput.CheckLength(errors, field, text, AnalysisDocument.SectionMax);
            return text;
        }
        var sections = (Section("summary", input.Summary), Section("background", input.Background), Section("issues", input.Issues),
            Section("recommendations", input.Recommendations), Section("conclusion", input.Conclusion));
        var chosen = (input.Reports ?? []).Distinct().ToList();
        if (chosen.Count > AnalysisDocument.MaxReports) errors.Add(new("reports", "Analysis.TooManyReports", AnalysisDocument.MaxReports));
        for (var i = 0; i < chosen.Count && i < AnalysisDocument.MaxReports; i++)
        {
            try { await reports.GetAsync(chosen[i], ct); }
            catch (NotFoundException) { errors.Add(new($"reports[{i}]", "Dashboard.UnknownReport", chosen[i].ToString())); }
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        document.Title = title!;
        (document.Summary, document.Background, document.Issues, document.Recommendations, document.Conclusion) = sections;
        document.Reports = JsonSerializer.Serialize(chosen);
    }
}
