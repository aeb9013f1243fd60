using Rapport.Core.Reports;

namespace Rapport.Server.Reports;

/// <summary>REST endpoints for reports: the sources, ad hoc runs, saved reports and their results.</summary>
internal static class ReportsEndpoints
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/", (ReportService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListReports").WithSummary("Standard reports, then the caller's own and those shared with them, by folder and name.");
        reports.MapGet("/sources", (ReportService s) => s.Sources())
            .WithName("ListReportSources").WithSummary("The data sources the caller may query, with their dimensions and numeric fields.");
        reports.MapPost("/run", (ReportDefinition definition, ReportService s, CancellationToken ct) => s.RunAsync(definition, ct))
            .WithName("RunReport").WithSummary("Run a definition without saving it: grouped in the database, in the caller's record scope.");
        reports.MapPost("/", (ReportInput input, ReportService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedCreatedAsync(s.CreateAsync(input, ct), dto => $"/api/v1/reports/{dto.Id}"))
            .WithName("CreateReport").WithSummary("Save a report: name, folder, definition and sharing.");
        var report = new VersionedRoutes<ReportService, ReportDto>(reports);
        report.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetReport").WithSummary("One report's definition (standard ones too).");
        report.MapPut<ReportInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateReport").WithSummary("Change a report the caller owns or may edit; only the owner changes its sharing.");
        report.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteReport").WithSummary("Delete a report the caller owns.");
        reports.MapGet("/{id:guid}/result", (Guid id, ReportService s, CancellationToken ct) => s.ResultAsync(id, ct))
            .WithName("GetReportResult").WithSummary("A saved or standard report's figures, in the caller's record scope.");
        reports.MapGet("/{id:guid}/result.csv", async (Guid id, ReportService s, IStringLocalizer<SharedResource> t, HttpContext http, CancellationToken ct) =>
            {
                var result = await s.ResultAsync(id, ct);
                var (header, rows) = ReportTable.Flatten(result, key => t[key]);
                await Csv.WriteAsync(http, "report", header, rows.ToAsyncEnumerable(), (row, _) => row, ct);
            })
            .WithName("ExportReportResult").WithSummary("The report's figures as CSV (a row per row of the pivot, a column per column value and measure).");
        return api;
    }
}
