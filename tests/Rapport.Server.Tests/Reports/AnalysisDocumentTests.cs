using DocumentFormat.OpenXml.Packaging;
using Rapport.Core.Reports;

namespace Rapport.Server.Tests.Reports;

/// <summary>Analysis documents on both databases: the Word export holds every section and the chosen report's figures
/// and chart, the PDF keeps Chinese headings and names as text, a reader who cannot see the report's rows gets their own
/// figures, and only reports the author may see can be chosen.</summary>
public abstract class AnalysisDocumentTests(RapportApp app)
{
    private const string Url = "/api/v1/reports/analyses";

    /// <summary>An opportunity of <paramref name="amountMinor"/> CNY for a new customer named <paramref name="name"/>, owned by <paramref name="owner"/>.</summary>
    private async Task<Guid> DealAsync(Guid owner, string name, long amountMinor)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var stage = await db.PipelineStages.AsNoTracking().Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).FirstAsync(Ct);
        var c = new Customer { Number = "ANA-" + Unique(), Name = name, OwnerId = owner };
        db.Customers.Add(c);
        db.Opportunities.Add(new Opportunity
        {
            Name = "Deal " + Unique(), CustomerId = c.Id, OwnerId = owner, PipelineId = stage.PipelineId, StageId = stage.Id,
            AmountMinor = amountMinor, Currency = "CNY", StageEnteredAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(Ct);
        return c.Id;
    }

    private static Task<ReportDto> ReportAsync(HttpClient owner, IEnumerable<Guid> customers, IReadOnlyList<ReportShareDto>? shares = null) =>
        owner.PostCreatedAsync<ReportDto>("/api/v1/reports", new ReportInput("Deals 交易 " + Unique(), null,
            new ReportDefinition("opportunities", [new("customer")], Measures: [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")],
                Filters: [new("customer", FilterOp.In, Values: customers.Select(c => c.ToString()).ToList())]), shares));

    private static AnalysisDocumentInput Document(Guid report, IReadOnlyList<ReportShareDto>? shares = null) => new(
        "Q3 review " + Unique(), "Summary text: revenue grew.", "Background **text**: a new region.", "Issues text: slow quotes.",
        "Recommendations text: hire.", "Conclusion text: on track.", [report], shares);

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var response = await client.SendAsync(request, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static string WordText(byte[] docx, out int pictures)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        pictures = doc.MainDocumentPart!.ImageParts.Count();
        return string.Join("\n", doc.MainDocumentPart.Document.Body!.Elements().Select(e => e.InnerText));
    }

    [Fact]
    public async Task A_word_export_holds_every_section_in_order_and_the_reports_figures()
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        var chinese = "星辰科技" + Unique();
        var report = await ReportAsync(manager, [await DealAsync(id, chinese, 250_050L)]);
        var document = await manager.PostCreatedAsync<AnalysisDocumentDto>(Url, Document(report.Id));

        var text = WordText(await DownloadAsync(manager, $"{Url}/{document.Id}/document.docx", "en"), out var pictures);

        string[] inOrder = [document.Title, "Summary", "Summary text: revenue grew.", "Background", "Background text: a new region.",
            "Results", report.Name, chinese, "2500.5", "Issues", "Issues text", "Recommendations", "Recommendations text", "Conclusion", "Conclusion text: on track."];
        var at = 0;
        foreach (var part in inOrder)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' after position {at} in:\n{text}");
            at = found + part.Length;
        }
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.Equal(1, pictures);
    }

    [Fact]
    public async Task A_pdf_export_in_chinese_keeps_headings_names_and_figures_as_text()
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        var chinese = "星辰科技" + Unique();
        var report = await ReportAsync(manager, [await DealAsync(id, chinese, 250_050L)]);
        var document = await manager.PostCreatedAsync<AnalysisDocumentDto>(Url, Document(report.Id) with { Conclusion = "结论正文：按计划进行。" });

        var text = await PdfText.ReadAsync(await DownloadAsync(manager, $"{Url}/{document.Id}/document.pdf", "zh-CN"), Ct);

        foreach (var part in new[] { "摘要", "背景", "结果", "问题", "建议", "结论", "结论正文：按计划进行。", chinese, "2500.5", "Summary text: revenue grew." })
            Assert.Contains(part, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_who_cannot_see_the_reports_rows_gets_their_own_figures()
    {
        var (manager, managerId) = await app.NewUserAsync(Roles.SalesManager);
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var theirs = "经理客户" + Unique();
        var mine = "代表客户" + Unique();
        var customers = new[] { await DealAsync(managerId, theirs, 990_000L), await DealAsync(repId, mine, 12_300L) };
        var share = new List<ReportShareDto> { new(ShareKind.User, repId.ToString(), ReportAccess.View) };
        var report = await ReportAsync(manager, customers, share);
        var document = await manager.PostCreatedAsync<AnalysisDocumentDto>(Url, Document(report.Id, share));

        var managerText = WordText(await DownloadAsync(manager, $"{Url}/{document.Id}/document.docx"), out _);
        var repText = WordText(await DownloadAsync(rep, $"{Url}/{document.Id}/document.docx"), out _);

        Assert.Contains(theirs, managerText, StringComparison.Ordinal);
        Assert.Contains(report.Name, repText, StringComparison.Ordinal);
        Assert.Contains(mine, repText, StringComparison.Ordinal);
        Assert.Contains("123", repText, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, repText, StringComparison.Ordinal);
        Assert.DoesNotContain("9900", repText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_reports_the_author_may_see_can_be_chosen_and_strangers_cannot_open_the_document()
    {
        var (manager, managerId) = await app.NewUserAsync(Roles.SalesManager);
        var (other, _) = await app.NewUserAsync(Roles.SalesManager);
        var hidden = await ReportAsync(other, [Guid.NewGuid()]);
        await (await manager.PostJsonAsync(Url, Document(hidden.Id))).ShouldRejectAsync("reports[0]", "Dashboard.UnknownReport");

        var document = await manager.PostCreatedAsync<AnalysisDocumentDto>(Url, Document(StandardReports.All[0].Id));
        Assert.Equal(managerId, document.OwnerId);
        await (await other.GetAsync($"{Url}/{document.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"{Url}/{document.Id}/document.pdf", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await other.GetFromJsonAsync<List<AnalysisDocumentSummary>>(Url, Ct) ?? [], d => d.Id == document.Id);
    }
}

public sealed class AnalysisDocumentsOnSqlite(SqliteApp app) : AnalysisDocumentTests(app), IClassFixture<SqliteApp>;

public sealed class AnalysisDocumentsOnPostgres(PostgresApp app) : AnalysisDocumentTests(app), IClassFixture<PostgresApp>;
