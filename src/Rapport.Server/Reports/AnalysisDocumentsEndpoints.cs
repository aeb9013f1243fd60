using Rapport.Core.Reports;

namespace Rapport.Server.Reports;

/// <summary>REST endpoints for analysis documents: the list, saved documents with ETags, and the Word and PDF exports
/// whose Results are filled at export time in the caller's record scope.</summary>
internal static class AnalysisDocumentsEndpoints
{
    public static RouteGroupBuilder MapAnalysisDocumentsApi(this RouteGroupBuilder api)
    {
        var analyses = api.MapGroup("/reports/analyses").WithTags("Analysis documents");
        analyses.MapGet("/", (AnalysisDocumentService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListAnalysisDocuments").WithSummary("The caller's analysis documents and those shared with them, most recently changed first.");
        var analysis = new VersionedRoutes<AnalysisDocumentService, AnalysisDocumentDto>(analyses);
        analysis.MapCreate<AnalysisDocumentInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/reports/analyses/{dto.Id}")
            .WithName("CreateAnalysisDocument").WithSummary("Save an analysis document: title, text sections (Markdown), the reports under Results and sharing.");
        analysis.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetAnalysisDocument").WithSummary("One analysis document's text and chosen reports.");
        analysis.MapPut<AnalysisDocumentInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateAnalysisDocument").WithSummary("Change a document the caller owns or may edit; only the owner changes its sharing.");
        analysis.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteAnalysisDocument").WithSummary("Delete a document the caller owns.");
        foreach (var format in new[] { ReportFileFormat.Docx, ReportFileFormat.Pdf })
        {
            var ext = format.ToString().ToLowerInvariant();
            analyses.MapGet($"/{{id:guid}}/document.{ext}", async (Guid id, AnalysisDocumentService s, AnalysisExport export, HttpContext http, CancellationToken ct) =>
                {
                    var content = await s.ContentAsync(id, ct);
                    await ReportExport.SendAsync(http, content.Document.Title, format, file => export.Render(file, format, content), ct);
                })
                .WithName($"ExportAnalysisDocument{format}")
                .WithSummary(format == ReportFileFormat.Docx
                    ? "The document as Word: its sections, and under Results each report's chart and table in the caller's scope."
                    : "The document as PDF: its sections, and under Results each report's chart and table in the caller's scope; Chinese kept as text.");
        }
        return api;
    }
}
