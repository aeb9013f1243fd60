using DocumentFormat.OpenXml.Packaging;
using Rapport.Core.Reports;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Server.Tests.Reports;

/// <summary>Report exports opened and read back on both databases: Excel with number and date cells and a frozen
/// header, Word with the table's text and the chart picture, PDF whose Chinese text pdftotext finds; a value that a
/// spreadsheet would run as a formula is neutralised.</summary>
public abstract class ReportExportTests(RapportApp app)
{
    private const string Formula = "=HYPERLINK(\"http://evil\")";

    /// <summary>A manager's report over two customers of theirs (one named like a formula, one in Chinese) by customer
    /// and day created, with a count and a sum.</summary>
    private async Task<(HttpClient Client, ReportDto Report, string Chinese)> ArrangeAsync()
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        var chinese = "星辰科技" + Unique();
        var customers = new List<Guid>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var stage = await db.PipelineStages.AsNoTracking().Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).FirstAsync(Ct);
            foreach (var (name, minor) in new[] { (Formula + Unique(), 100_000L), (chinese, 250_050L) })
            {
                var c = new Customer { Number = "EXP-" + Unique(), Name = name, OwnerId = id };
                db.Customers.Add(c);
                db.Opportunities.Add(new Opportunity
                {
                    Name = "Deal " + Unique(), CustomerId = c.Id, OwnerId = id, PipelineId = stage.PipelineId, StageId = stage.Id,
                    AmountMinor = minor, Currency = "CNY", StageEnteredAt = DateTime.UtcNow,
                });
                customers.Add(c.Id);
            }
            await db.SaveChangesAsync(Ct);
        }
        var report = await manager.PostCreatedAsync<ReportDto>("/api/v1/reports", new ReportInput("Deals 交易 " + Unique(), null,
            new ReportDefinition("opportunities", [new("customer"), new("createdAt", TimeBucket.Day)], Measures: [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")],
                Filters: [new("customer", FilterOp.In, Values: customers.Select(c => c.ToString()).ToList())])));
        return (manager, report, chinese);
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string contentType)
    {
        var response = await client.GetAsync(url, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    [Fact]
    public async Task An_excel_export_has_number_and_date_cells_a_frozen_header_and_no_formula()
    {
        var (client, report, chinese) = await ArrangeAsync();
        var bytes = await DownloadAsync(client, $"/api/v1/reports/{report.Id}/result.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var pane = sheet.Descendants<S.Pane>().Single();
        Assert.Equal((1d, S.PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.State!.Value));
        var rows = sheet.Descendants<S.Row>().Select(r => r.Elements<S.Cell>().ToList()).ToList();
        string Text(S.Cell c) => c.InnerText;
        var chineseRow = rows.Single(r => Text(r[0]) == chinese);
        // Customer, day, currency, count, sum: the figures are numbers, the day is a date cell.
        Assert.Equal(S.CellValues.Number, chineseRow[3].DataType!.Value);
        Assert.Equal(("1", "2500.5"), (Text(chineseRow[3]), Text(chineseRow[4])));
        Assert.Equal(1u, chineseRow[1].StyleIndex!.Value);
        Assert.Equal(DateTime.UtcNow.Date, DateTime.FromOADate(double.Parse(Text(chineseRow[1]), System.Globalization.CultureInfo.InvariantCulture)).Date);
        var formula = rows.Single(r => Text(r[0]).Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.StartsWith("'=", Text(formula[0]), StringComparison.Ordinal);
        Assert.Null(formula[0].CellFormula);
        Assert.DoesNotContain(sheet.Descendants<S.CellFormula>(), _ => true);
    }

    [Fact]
    public async Task A_word_export_holds_the_table_and_the_chart()
    {
        var (client, report, chinese) = await ArrangeAsync();
        var bytes = await DownloadAsync(client, $"/api/v1/reports/{report.Id}/result.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains(report.Name, text, StringComparison.Ordinal);
        Assert.Contains(chinese, text, StringComparison.Ordinal);
        Assert.Contains("2500.5", text, StringComparison.Ordinal);
        Assert.Single(doc.MainDocumentPart.ImageParts);
    }

    [Fact]
    public async Task A_pdf_export_keeps_chinese_as_text()
    {
        var (client, report, chinese) = await ArrangeAsync();
        var bytes = await DownloadAsync(client, $"/api/v1/reports/{report.Id}/result.pdf", "application/pdf");

        var text = await PdfText.ReadAsync(bytes, Ct);
        Assert.Contains(chinese, text, StringComparison.Ordinal);
        Assert.Contains("交易", text, StringComparison.Ordinal);
        Assert.Contains("2500.5", text, StringComparison.Ordinal);
    }
}

public sealed class ReportExportsOnSqlite(SqliteApp app) : ReportExportTests(app), IClassFixture<SqliteApp>;

public sealed class ReportExportsOnPostgres(PostgresApp app) : ReportExportTests(app), IClassFixture<PostgresApp>;
