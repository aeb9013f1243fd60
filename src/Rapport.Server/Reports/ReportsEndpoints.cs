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
        foreach (var format in Enum.GetValues<ReportFileFormat>())
        {
            var ext = format.ToString().ToLowerInvariant();
            reports.MapGet($"/{{id:guid}}/result.{ext}", async (Guid id, ReportService s, ReportExport export, HttpContext http, CancellationToken ct) =>
                {
                    var report = await s.GetAsync(id, ct);
                    await export.WriteAsync(http, report.Name, await s.RunAsync(report.Definition, ct), format, ct);
                })
                .WithName($"ExportReportResult{format}")
                .WithSummary(format switch
                {
                    ReportFileFormat.Xlsx => "The report's figures as Excel: number and date cells, the header row frozen.",
                    ReportFileFormat.Docx => "The report as a Word document: its chart as a picture and its table.",
                    _ => "The report as a PDF: its chart and its table, Chinese kept as text.",
                });
        }
        reports.MapGet("/{id:guid}/schedules", (Guid id, ReportScheduleService s, CancellationToken ct) => s.ListAsync(id, ct))
            .WithName("ListReportSchedules").WithSummary("The caller's schedules of a report, with their next run and latest runs.");
        reports.MapPost("/{id:guid}/schedules", (Guid id, ReportScheduleInput input, ReportScheduleService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedCreatedAsync(s.CreateAsync(id, input, ct), dto => $"/api/v1/reports/schedules/{dto.Id}"))
            .WithName("CreateReportSchedule").WithSummary("Send a report by email on a cron schedule (five fields, in a time zone) to chosen users, each in their own scope and language.");
        var schedule = new VersionedRoutes<ReportScheduleService, ReportScheduleDto>(reports.MapGroup("/schedules"));
        schedule.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetReportSchedule").WithSummary("One of the caller's schedules: next run, failures and latest runs.");
        schedule.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteReportSchedule").WithSummary("Stop a schedule the caller owns.");
        return api;
    }
}
