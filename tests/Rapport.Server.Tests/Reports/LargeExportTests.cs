using System.Security.Claims;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Rapport.Server.Reports;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Server.Tests.Reports;

/// <summary>Large exports as background jobs on both databases: a customer list exported through the job reaches 100 %,
/// holds every row (a formula-like name neutralised) and is its owner's alone; the CSV and the Excel writers stream rows
/// to the file as they are read instead of buffering them.</summary>
public abstract class LargeExportTests(RapportApp app)
{
    private ExportRuns Runs => app.Services.GetRequiredService<ExportRuns>();

    [Fact]
    public async Task A_customer_export_job_reaches_100_percent_with_every_row_and_only_its_owner_may_fetch_it()
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        var (other, _) = await app.NewUserAsync(Roles.SalesManager);
        const int Count = 250;
        var names = Enumerable.Range(0, Count).Select(i => i == 0 ? "=HYPERLINK(\"http://evil\")" + Unique() : $"Export Co {i} {Unique()}").ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            db.Customers.AddRange(names.Select(n => new Customer { Number = "BIG-" + Unique(), Name = n, OwnerId = id }));
            await db.SaveChangesAsync(Ct);
        }

        var started = await manager.PostAsync($"/api/v1/exports/customers?ownerId={id}", null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        Assert.Equal($"/api/v1/exports/{run.Id}", started.Headers.Location?.OriginalString);
        await Runs.WhenDoneAsync(run.Id);

        var done = await (await manager.GetAsync($"/api/v1/exports/{run.Id}", Ct)).ReadAsync<ExportRunDto>();
        Assert.Equal(("done", 100, (long)Count), (done.State, done.Percent, done.Written));
        Assert.True(done.Estimated >= Count);
        var file = await manager.GetAsync(done.Download!, Ct);
        await file.ShouldBeAsync(HttpStatusCode.OK);
        var csv = await file.Content.ReadAsStringAsync(Ct);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Count + 1, lines.Length);
        foreach (var name in names.Skip(1)) Assert.Contains(name, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("HYPERLINK", csv, StringComparison.Ordinal);

        await (await other.GetAsync($"/api/v1/exports/{run.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync(done.Download!, Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A CSV export is read in parts side by side, split by creation time (ADR-052): the file still has one
    /// byte-order mark and one header, every customer once — the one created exactly where the parts meet too — in the
    /// list's order, newest first; and the export is audited once.</summary>
    [Fact]
    public async Task A_customer_export_read_in_parts_holds_every_row_once_in_the_lists_order_under_one_header()
    {
        var (manager, id) = await app.NewUserAsync(Roles.SalesManager);
        // 301 customers an hour apart: parts meet exactly at the creation times of customers 75, 150 and 225 (16 parts
        // on two cores or more).
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var numbers = Enumerable.Range(0, 301).Select(i => $"PART-{i:000}-{Unique()}").ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            db.Customers.AddRange(numbers.Select((n, i) => new Customer
            {
                Number = n, Name = "Part Co " + i, OwnerId = id, CreatedAt = start.AddHours(i), UpdatedAt = start.AddHours(i),
            }));
            await db.SaveChangesAsync(Ct);
        }

        var started = await manager.PostAsync($"/api/v1/exports/customers?ownerId={id}", null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        await Runs.WhenDoneAsync(run.Id);
        var done = await (await manager.GetAsync($"/api/v1/exports/{run.Id}", Ct)).ReadAsync<ExportRunDto>();
        Assert.Equal(("done", 301L), (done.State, done.Written));

        var bytes = await (await manager.GetAsync(done.Download!, Ct)).Content.ReadAsByteArrayAsync(Ct);
        byte[] bom = [0xEF, 0xBB, 0xBF];
        Assert.Equal(bom, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.DoesNotContain("\uFEFF", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("number,", lines[0], StringComparison.Ordinal);
        Assert.Single(lines, l => l.StartsWith("number,", StringComparison.Ordinal));
        // Newest first, each once: the list's own order.
        Assert.Equal(Enumerable.Reverse(numbers), lines.Skip(1).Select(l => l.Split(',')[0]));

        await using var check = app.Services.CreateAsyncScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<RapportDbContext>().AuditEntries.AsNoTracking()
            .CountAsync(a => a.UserId == id && a.Action == Rapport.Core.Audit.AuditActions.CustomersExported, Ct));

        // The caller's own creation range still bounds every part: customers 100 to 199, newest first.
        var ranged = await manager.PostAsync(
            $"/api/v1/exports/customers?ownerId={id}&createdFrom={start.AddHours(100):yyyy-MM-ddTHH:mm:ssZ}&createdTo={start.AddHours(200):yyyy-MM-ddTHH:mm:ssZ}", null, Ct);
        await ranged.ShouldBeAsync(HttpStatusCode.Accepted);
        var rangedRun = await ranged.ReadAsync<ExportRunDto>();
        await Runs.WhenDoneAsync(rangedRun.Id);
        var rangedDone = await (await manager.GetAsync($"/api/v1/exports/{rangedRun.Id}", Ct)).ReadAsync<ExportRunDto>();
        var rangedLines = (await (await manager.GetAsync(rangedDone.Download!, Ct)).Content.ReadAsStringAsync(Ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]);
        Assert.Equal(Enumerable.Reverse(numbers[100..200]), rangedLines);
    }

    /// <summary>The files of a run's parts (its path with a part number appended).</summary>
    private static string[] PartFiles(string path) => Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".*",
        new EnumerationOptions { MatchType = MatchType.Simple });

    /// <summary>Parts written side by side end up in the file in the order given, whichever finishes first; when a later
    /// part fails, the run fails and neither the file nor any part's file is left.</summary>
    [Fact]
    public async Task Parts_are_written_in_order_and_a_failing_part_fails_the_run_and_leaves_no_file()
    {
        var (id, principal, access) = await AdministratorAsync(app);
        static async IAsyncEnumerable<string?[]> Numbers(int from, int count, bool fail = false)
        {
            for (var i = from; i < from + count; i++)
            {
                if (i % 1000 == 0) await Task.Yield();
                yield return [i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            }
            if (fail) throw new InvalidOperationException("the database went away");
        }

        // The first part is the longest, so the later ones are done before it.
        var run = await Runs.StartAsync(principal, access, "parts", ExportFileFormat.Csv, ["n"], [XlsxKind.Text],
            (_, _) => Task.FromResult((60_000L, false)), [(_, _) => Numbers(0, 50_000), (_, _) => Numbers(50_000, 5_000), (_, _) => Numbers(55_000, 5_000)]);
        await Runs.WhenDoneAsync(run.Id);
        Assert.Equal(("done", 60_000L), (Runs.Find(id, run.Id)!.State, Runs.Find(id, run.Id)!.Written));
        var path = Runs.File(id, run.Id)!.Value.Path;
        Assert.Equal(["n", .. Enumerable.Range(0, 60_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], File.ReadLines(path));
        Assert.Empty(PartFiles(path));

        var failing = await Runs.StartAsync(principal, access, "parts", ExportFileFormat.Csv, ["n"], [XlsxKind.Text],
            (_, _) => Task.FromResult((60_000L, false)), [(_, _) => Numbers(0, 50_000), (_, _) => Numbers(50_000, 5_000, fail: true)]);
        var failingPath = Runs.PathOf(failing.Id)!;
        await Runs.WhenDoneAsync(failing.Id);
        Assert.Equal(("failed", nameof(InvalidOperationException)), (Runs.Find(id, failing.Id)!.State, Runs.Find(id, failing.Id)!.Error));
        Assert.False(File.Exists(failingPath));
        Assert.Empty(PartFiles(failingPath));
        Assert.Null(Runs.File(id, failing.Id));
    }

    [Fact]
    public async Task A_user_without_the_export_right_cannot_start_one()
    {
        var (agent, _) = await app.NewUserAsync(Roles.ServiceAgent);
        await (await agent.PostAsync("/api/v1/exports/customers", null, Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>A new administrator as a background export runs for them: their id, principal and resolved access.</summary>
    internal static async Task<(Guid Id, ClaimsPrincipal Principal, UserAccess Access)> AdministratorAsync(RapportApp app)
    {
        var (_, id) = await app.NewUserAsync(Roles.Administrator);
        await using var scope = app.Services.CreateAsyncScope();
        var access = await scope.ServiceProvider.GetRequiredService<AccessResolver>().ResolveAsync(id, Ct);
        return (id, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString())], "test")), access);
    }

    private const int Rows = 200_000;

    /// <summary>A run of <see cref="Rows"/> synthetic rows as an administrator, in <paramref name="format"/>; returns the
    /// caller, the finished file and how many bytes of it were on disk when the reader handed out row 150,000.</summary>
    private async Task<(Guid Caller, string Path, long OnDiskAt150k)> SyntheticRunAsync(ExportFileFormat format)
    {
        var (id, principal, access) = await AdministratorAsync(app);
        var runId = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        long onDiskAt150k = -1;

        async IAsyncEnumerable<string?[]> Synthetic()
        {
            for (var i = 0; i < Rows; i++)
            {
                if (i == 150_000) onDiskAt150k = new FileInfo(Runs.PathOf(await runId.Task)!).Length;
                yield return [i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Customer name number " + i, "2026-11-29T05:49:00+08:00"];
            }
        }

        var run = await Runs.StartAsync(principal, access, "synthetic", format, ["n", "name", "at"], [XlsxKind.Number, XlsxKind.Text, XlsxKind.Instant],
            (_, _) => Task.FromResult(((long)Rows, false)), (_, _) => Synthetic());
        runId.SetResult(run.Id);
        await Runs.WhenDoneAsync(run.Id);

        var done = Runs.Find(id, run.Id)!;
        Assert.Equal(("done", 100, (long)Rows), (done.State, done.Percent, done.Written));
        return (id, Runs.File(id, run.Id)!.Value.Path, onDiskAt150k);
    }

    /// <summary>The rows are read on a task of their own ahead of the writer: when reading fails part-way, the run
    /// still ends (failed, its partial file removed) instead of waiting for rows that never come.</summary>
    [Fact]
    public async Task A_reader_failing_part_way_fails_the_run_and_leaves_no_file()
    {
        var (id, principal, access) = await AdministratorAsync(app);
        string? pathWhileRunning = null;
        var runId = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<string?[]> Failing()
        {
            for (var i = 0; i < 50_000; i++) yield return ["row " + i];
            pathWhileRunning = Runs.PathOf(await runId.Task);
            throw new InvalidOperationException("the database went away");
        }

        var run = await Runs.StartAsync(principal, access, "failing", ExportFileFormat.Csv, ["value"], [XlsxKind.Text],
            (_, _) => Task.FromResult((100_000L, false)), (_, _) => Failing());
        runId.SetResult(run.Id);
        await Runs.WhenDoneAsync(run.Id);

        var done = Runs.Find(id, run.Id)!;
        Assert.Equal(("failed", nameof(InvalidOperationException)), (done.State, done.Error));
        Assert.NotNull(pathWhileRunning);
        Assert.False(File.Exists(pathWhileRunning));
        Assert.Null(Runs.File(id, run.Id));
    }

    /// <summary>200,000 rows: when the reader hands out row 150,000 the file on disk already holds most of the rows
    /// before it — they were written as they were read, not buffered until the end.</summary>
    [Fact]
    public async Task The_writer_streams_rows_to_the_file_as_they_are_read()
    {
        var (_, path, onDiskAt150k) = await SyntheticRunAsync(ExportFileFormat.Csv);

        var size = new FileInfo(path).Length;
        // Row 150,000 of 200,000: at least half of the file was on disk already (the rest is the buffer and what follows).
        Assert.True(onDiskAt150k > size / 2, $"{onDiskAt150k} bytes on disk at row 150,000 of a {size}-byte file");
        Assert.Equal(Rows + 1, File.ReadLines(path).Count());
    }

    /// <summary>The same for a workbook: a package opened read-write would hold the whole sheet in memory and put
    /// nothing of it on disk before it closes; this one deflates the sheet into the file as the rows come.</summary>
    [Fact]
    public async Task The_excel_writer_streams_rows_into_the_file_as_they_are_read()
    {
        var (_, path, onDiskAt150k) = await SyntheticRunAsync(ExportFileFormat.Xlsx);

        var size = new FileInfo(path).Length;
        Assert.True(onDiskAt150k > size / 2, $"{onDiskAt150k} bytes on disk at row 150,000 of a {size}-byte workbook");
        // Every row is in the sheet, typed: counted and sampled with the SDK's forward-only reader (no DOM of 200,000 rows).
        using var doc = SpreadsheetDocument.Open(path, false);
        using var reader = OpenXmlReader.Create(doc.WorkbookPart!.WorksheetParts.Single());
        var rows = 0;
        S.Row? last = null;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(S.Row) || !reader.IsStartElement) continue;
            rows++;
            if (rows == Rows + 1) last = (S.Row)reader.LoadCurrentElement()!;
        }
        Assert.Equal(Rows + 1, rows);
        var cells = last!.Elements<S.Cell>().ToList();
        Assert.Equal(((Rows - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "Customer name number " + (Rows - 1)),
            (cells[0].CellValue!.Text, cells[1].InnerText));
        Assert.Equal(new DateTime(2026, 11, 29, 5, 49, 0), DateTime.FromOADate(double.Parse(cells[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public sealed class LargeExportsOnSqlite(SqliteApp app) : LargeExportTests(app), IClassFixture<SqliteApp>;

public sealed class LargeExportsOnPostgres(PostgresApp app) : LargeExportTests(app), IClassFixture<PostgresApp>;
