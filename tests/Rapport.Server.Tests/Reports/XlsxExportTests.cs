using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using Rapport.Server.Reports;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Server.Tests.Reports;

/// <summary>Background exports as Excel, and their estimates, on both databases: the workbook opened with the Open XML
/// SDK has number and date cells where the list has numbers and dates, a bold header frozen at the top, formula-like text
/// neutralised, and only the caller's own rows; the estimate counts what the list's filters select (not the caller's
/// whole scope), capped; a capped estimate shows in the progress as such; a bad format is refused before anything starts.</summary>
public abstract class XlsxExportTests(RapportApp app)
{
    private const string Formula = "=HYPERLINK(\"http://evil\")";

    private ExportRuns Runs => app.Services.GetRequiredService<ExportRuns>();

    /// <summary>Deals of <paramref name="ownerId"/> under a customer of theirs, closing 2026-12-31 at 40 %.</summary>
    private async Task<List<Opportunity>> DealsAsync(Guid ownerId, params (string Name, long AmountMinor)[] deals)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var stage = await db.PipelineStages.AsNoTracking().Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).FirstAsync(Ct);
        var customer = new Customer { Number = "XL-" + Unique(), Name = "Buyer " + Unique(), OwnerId = ownerId };
        db.Customers.Add(customer);
        var made = deals.Select(d => new Opportunity
        {
            Name = d.Name, CustomerId = customer.Id, OwnerId = ownerId, PipelineId = stage.PipelineId, StageId = stage.Id, AmountMinor = d.AmountMinor,
            Currency = "CNY", ExpectedCloseDate = new DateOnly(2026, 12, 31), Probability = 40, StageEnteredAt = DateTime.UtcNow,
        }).ToList();
        db.Opportunities.AddRange(made);
        await db.SaveChangesAsync(Ct);
        return made;
    }

    private async Task<ExportRunDto> DoneAsync(HttpClient client, ExportRunDto run)
    {
        await Runs.WhenDoneAsync(run.Id);
        return await (await client.GetAsync($"/api/v1/exports/{run.Id}", Ct)).ReadAsync<ExportRunDto>();
    }

    [Fact]
    public async Task An_excel_deal_export_has_typed_cells_a_frozen_bold_header_no_formula_and_only_the_callers_deals()
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        var (_, otherId) = await app.NewUserAsync(Roles.SalesManager);
        var chinese = "星辰交易 " + Unique();
        var formula = Formula + Unique();
        var mine = await DealsAsync(id, (chinese, 250_050), (formula, 100_000));
        var theirs = "Theirs " + Unique();
        await DealsAsync(otherId, (theirs, 5_000));
        TimeZoneInfo zone;
        await using (var scope = app.Services.CreateAsyncScope())
            zone = await scope.ServiceProvider.GetRequiredService<Rapport.Core.Preferences.UserTimeZones>().ForAsync(id, Ct);

        var started = await manager.PostAsync("/api/v1/exports/opportunities?format=xlsx", null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        Assert.Equal(("xlsx", 2L), (run.Format, run.Estimated));
        var done = await DoneAsync(manager, run);
        Assert.Equal(("done", 2L, 100), (done.State, done.Written, done.Percent));
        var file = await manager.GetAsync(done.Download!, Ct);
        await file.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("opportunities.xlsx", file.Content.Headers.ContentDisposition?.FileNameStar);

        using var doc = SpreadsheetDocument.Open(new MemoryStream(await file.Content.ReadAsByteArrayAsync(Ct)), false);
        var book = doc.WorkbookPart!;
        var sheet = book.WorksheetParts.Single().Worksheet;
        var pane = sheet.Descendants<S.Pane>().Single();
        Assert.Equal((1d, S.PaneStateValues.Frozen, "A2"), (pane.VerticalSplit!.Value, pane.State!.Value, pane.TopLeftCell!.Value!));
        var styles = book.WorkbookStylesPart!.Stylesheet;
        var formats = styles.CellFormats!.Elements<S.CellFormat>().ToList();
        var fonts = styles.Fonts!.Elements<S.Font>().ToList();
        S.CellFormat FormatOf(S.Cell c) => formats[(int)(c.StyleIndex?.Value ?? 0)];

        var rows = sheet.Descendants<S.Row>().Select(r => r.Elements<S.Cell>().ToList()).ToList();
        var header = rows[0].Select(c => c.InnerText).ToList();
        Assert.Equal(["name", "customerNumber", "customer", "pipeline", "stage", "owner", "amount", "currency", "expectedCloseDate", "probability",
            "nextStep", "competitors", "closeReason", "createdAt"], header);
        Assert.All(rows[0], c => Assert.NotNull(fonts[(int)FormatOf(c).FontId!.Value].Bold));
        // Only the caller's two deals: a colleague's is out of their scope.
        Assert.Equal(3, rows.Count);
        Assert.DoesNotContain(rows, r => r[0].InnerText == theirs);

        var row = rows.Single(r => r[0].InnerText == chinese);
        Assert.Equal(S.CellValues.InlineString, row[0].DataType!.Value);
        var amount = row[header.IndexOf("amount")];
        Assert.Equal(S.CellValues.Number, amount.DataType?.Value ?? S.CellValues.Number);
        Assert.Equal(2500.50m, decimal.Parse(amount.CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal("40", row[header.IndexOf("probability")].CellValue!.Text);
        var close = row[header.IndexOf("expectedCloseDate")];
        Assert.Equal(14u, FormatOf(close).NumberFormatId!.Value);
        Assert.Equal(new DateTime(2026, 12, 31), DateTime.FromOADate(double.Parse(close.CellValue!.Text, CultureInfo.InvariantCulture)));
        // The creation time as a date-and-time cell at the caller's wall-clock time.
        var created = row[header.IndexOf("createdAt")];
        var code = styles.NumberingFormats!.Elements<S.NumberingFormat>().Single(f => f.NumberFormatId!.Value == FormatOf(created).NumberFormatId!.Value).FormatCode!.Value!;
        Assert.Contains("hh:mm", code, StringComparison.Ordinal);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(mine[0].CreatedAt, DateTimeKind.Utc), zone);
        Assert.InRange((DateTime.FromOADate(double.Parse(created.CellValue!.Text, CultureInfo.InvariantCulture)) - local).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));

        var injected = rows.Single(r => r[0].InnerText.Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.StartsWith("'=", injected[0].InnerText, StringComparison.Ordinal);
        Assert.Empty(sheet.Descendants<S.CellFormula>());
    }

    public static TheoryData<string> FilteredLists => ["customers", "leads", "opportunities"];

    /// <summary>Three rows of one owner and two of another; the administrator (who sees all five and whatever else the
    /// database holds) exports the first owner's: the estimate is three from the start.</summary>
    [Theory]
    [MemberData(nameof(FilteredLists))]
    public async Task The_estimate_counts_the_rows_the_filters_select_not_the_whole_scope(string list)
    {
        var admin = await app.AdminClientAsync();
        var (_, owner) = await app.NewUserAsync(Roles.SalesManager);
        var (_, other) = await app.NewUserAsync(Roles.SalesManager);
        foreach (var (who, count) in new[] { (owner, 3), (other, 2) })
        {
            if (list == "opportunities")
            {
                await DealsAsync(who, [.. Enumerable.Range(0, count).Select(i => ($"Estimate {i} {Unique()}", 1_000L))]);
                continue;
            }
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            for (var i = 0; i < count; i++)
            {
                if (list == "customers") db.Customers.Add(new Customer { Number = "EST-" + Unique(), Name = $"Estimate {i} {Unique()}", OwnerId = who });
                else db.Leads.Add(new Lead { Name = $"Estimate {i} {Unique()}", OwnerId = who });
            }
            await db.SaveChangesAsync(Ct);
        }

        var started = await admin.PostAsync($"/api/v1/exports/{list}?ownerId={owner}", null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        Assert.Equal((3L, false), (run.Estimated, run.EstimateCapped));
        var done = await DoneAsync(admin, run);
        Assert.Equal(("done", 3L, 3L), (done.State, done.Written, done.Estimated));
    }

    [Fact]
    public async Task A_capped_count_stops_at_its_cap()
    {
        var (_, owner) = await app.NewUserAsync(Roles.SalesManager);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        db.Customers.AddRange(Enumerable.Range(0, 3).Select(i => new Customer { Number = "CAP-" + Unique(), Name = $"Capped {i} {Unique()}", OwnerId = owner }));
        await db.SaveChangesAsync(Ct);
        var theirs = db.Customers.IgnoreQueryFilters([QueryFilters.Scope]).Where(c => c.OwnerId == owner);

        Assert.Equal((2L, true), await Keyset.CappedCountAsync(theirs, 2, Ct));
        Assert.Equal((3L, false), await Keyset.CappedCountAsync(theirs, 3, Ct));
    }

    /// <summary>An estimate of "more than 10" and 25 rows: past the tenth row the run says it is capped and gives no time
    /// left (it cannot know it), and once done the estimate is the real count.</summary>
    [Fact]
    public async Task A_capped_estimate_shows_in_the_progress_and_the_time_left_is_not_guessed_past_the_cap()
    {
        var (id, principal, access) = await LargeExportTests.AdministratorAsync(app);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<string?[]> Rows()
        {
            for (var i = 0; i < 25; i++)
            {
                if (i == 20)
                {
                    reached.SetResult();
                    await go.Task;
                }
                yield return [i.ToString(CultureInfo.InvariantCulture)];
            }
        }

        var run = await Runs.StartAsync(principal, access, "capped", ExportFileFormat.Xlsx, ["n"], [XlsxKind.Number],
            (_, _) => Task.FromResult((10L, true)), (_, _) => Rows());
        Assert.True(run.EstimateCapped);
        await reached.Task.WaitAsync(Ct);
        // The writer runs behind the reader (rows are read ahead of it): it catches up with the 20 rows read, then waits.
        ExportRunDto midway;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            while ((midway = Runs.Find(id, run.Id)!).Written < 20) await Task.Delay(10, deadline.Token);
        }
        Assert.Equal(("running", 20L, 10L, true), (midway.State, midway.Written, midway.Estimated, midway.EstimateCapped));
        Assert.Null(midway.EtaSeconds);
        go.SetResult();
        await Runs.WhenDoneAsync(run.Id);

        var done = Runs.Find(id, run.Id)!;
        Assert.Equal(("done", 25L, 25L, false, 100), (done.State, done.Written, done.Estimated, done.EstimateCapped, done.Percent));
    }

    public static TheoryData<string> Lists => ["customers", "contacts", "leads", "opportunities"];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_bad_format_is_a_localized_400_and_starts_nothing(string list)
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/exports/{list}?format=bogus");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var problem = await (await manager.SendAsync(request, Ct)).ShouldRejectAsync("format", "Validation.OneOf");

        var message = problem.Messages("format").Single();
        Assert.Contains("csv, xlsx", message, StringComparison.Ordinal);
        Assert.Contains("必须是以下之一", message, StringComparison.Ordinal);
        Assert.Empty(await (await manager.GetAsync("/api/v1/exports", Ct)).ReadAsync<List<ExportRunDto>>());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<RapportDbContext>().AuditEntries.AnyAsync(a => a.UserId == id && EF.Functions.Like(a.Action, "%.exported"), Ct));
    }
}

public sealed class XlsxExportsOnSqlite(SqliteApp app) : XlsxExportTests(app), IClassFixture<SqliteApp>;

public sealed class XlsxExportsOnPostgres(PostgresApp app) : XlsxExportTests(app), IClassFixture<PostgresApp>;
