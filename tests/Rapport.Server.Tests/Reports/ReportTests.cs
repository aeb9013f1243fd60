using System.Globalization;
using System.Text.Json.Nodes;
using Rapport.Core.Reports;
using Rapport.Core.Settings;

namespace Rapport.Server.Tests.Reports;

/// <summary>Reports through the API on both databases: a pivot's figures against hand-computed values, the standard
/// reports, record scope, masking, the whitelist, the time zone of date buckets, and sharing.</summary>
public abstract class ReportTests(RapportApp app)
{
    private const string Url = "/api/v1/reports";

    /// <summary>Rows written straight to the database (stamps and dates set as a test needs them), all owned by fresh users.</summary>
    private sealed class Fixture(RapportDbContext db)
    {
        public async Task<(Guid Open1, Guid Open2, Guid Won, Guid Lost, Guid Pipeline)> StagesAsync()
        {
            var stages = await db.PipelineStages.AsNoTracking().OrderBy(s => s.Order).ToListAsync(Ct);
            var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
            return (open[0].Id, open[1].Id, stages.First(s => s.Kind == StageKind.Won).Id, stages.First(s => s.Kind == StageKind.Lost).Id, open[0].PipelineId);
        }

        public Customer Customer(Guid owner, ValueTier tier = ValueTier.Medium)
        {
            var c = new Customer { Number = "RPT-" + Unique(), Name = "Report Co " + Unique(), OwnerId = owner, Tier = tier };
            db.Customers.Add(c);
            return c;
        }

        public Opportunity Deal(Customer customer, Guid stage, Guid pipeline, long minor, string currency = "CNY", DateTime? closedAt = null)
        {
            var o = new Opportunity
            {
                Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = customer.OwnerId, PipelineId = pipeline, StageId = stage,
                AmountMinor = minor, Currency = currency, ClosedAt = closedAt, StageEnteredAt = DateTime.UtcNow,
            };
            db.Opportunities.Add(o);
            return o;
        }

        public Invoice Invoice(Customer customer, long minor, DateOnly issued, DateOnly due, string currency = "CNY")
        {
            var order = new Order { Number = "SO-" + Unique(), CustomerId = customer.Id, OwnerId = customer.OwnerId, Currency = currency, TotalMinor = minor, CreatedAt = DateTime.UtcNow };
            db.Orders.Add(order);
            var invoice = new Invoice { Number = "INV-" + Unique(), OrderId = order.Id, CustomerId = customer.Id, Currency = currency, IssuedOn = issued, DueOn = due, AmountMinor = minor };
            db.Invoices.Add(invoice);
            return invoice;
        }

        public Task SaveAsync() => db.SaveChangesAsync(Ct);
    }

    private async Task ArrangeAsync(Func<Fixture, Task> arrange)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await arrange(new Fixture(scope.ServiceProvider.GetRequiredService<RapportDbContext>()));
    }

    private static async Task<ReportResult> RunAsync(HttpClient client, object definition) =>
        await (await client.PostJsonAsync($"{Url}/run", definition)).ReadAsync<ReportResult>();

    private static string Keys(ReportRow r) => string.Join("/", r.Keys.Select(k => k.Value));

    private static decimal?[] V(params decimal?[] values) => values;

    private static IEnumerable<string> Lines(ReportResult r) =>
        r.Rows.Select(x => $"{Keys(x)}={string.Join(",", x.Total.Select(v => v?.ToString("0.####", CultureInfo.InvariantCulture)))}");

    [Fact]
    public async Task A_pivot_of_deals_by_owner_and_stage_adds_up_per_currency_and_a_rep_sees_only_their_own_deals()
    {
        var admin = await app.AdminClientAsync();
        var (repA, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, b) = await app.NewUserAsync(Roles.SalesRepresentative);
        (Guid Open1, Guid Open2, Guid Won, Guid Lost, Guid Pipeline) s = default;
        await ArrangeAsync(async f =>
        {
            s = await f.StagesAsync();
            var ca = f.Customer(a);
            var cb = f.Customer(b);
            f.Deal(ca, s.Open1, s.Pipeline, 100_000);
            f.Deal(ca, s.Open1, s.Pipeline, 50_000);
            f.Deal(ca, s.Open2, s.Pipeline, 30_000, "USD");
            f.Deal(cb, s.Open1, s.Pipeline, 200_000);
            await f.SaveAsync();
        });
        var definition = new ReportDefinition("opportunities", [new("owner")], new("stage"),
            [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")], [new("owner", FilterOp.In, Values: [a.ToString(), b.ToString()])]);

        var all = await RunAsync(admin, definition);

        // Columns: the two stages in use. Rows: A in CNY (2 deals, 1,500.00), A in USD (1 deal, 300.00), B in CNY (1 deal, 2,000.00).
        Assert.Equal(2, all.Columns.Count);
        var col1 = all.Columns.ToList().FindIndex(c => c.Value == s.Open1.ToString());
        var col2 = 1 - col1;
        var rows = all.Rows.ToDictionary(r => Keys(r) + ":" + r.Currency);
        Assert.Equal(3, rows.Count);
        Assert.Equal(V(2m, 1500m), rows[$"{a}:CNY"].Cells[col1]);
        Assert.Equal(V(null, null), rows[$"{a}:CNY"].Cells[col2]);
        Assert.Equal(V(1m, 300m), rows[$"{a}:USD"].Cells[col2]);
        Assert.Equal(V(1m, 2000m), rows[$"{b}:CNY"].Total);
        Assert.StartsWith("u-", rows[$"{a}:CNY"].Keys[0].Label, StringComparison.Ordinal);
        var cny = all.Totals.Single(t => t.Currency == "CNY");
        Assert.Equal(V(3m, 3500m), cny.Total);
        Assert.Equal(V(3m, 3500m), cny.Cells[col1]);
        Assert.Equal(V(1m, 300m), all.Totals.Single(t => t.Currency == "USD").Total);

        // The same report as rep A: only A's deals, whoever else the filter names.
        var mine = await RunAsync(repA, definition);
        Assert.Equal([$"{a}:CNY", $"{a}:USD"], mine.Rows.Select(r => Keys(r) + ":" + r.Currency).Order(StringComparer.Ordinal));
        Assert.Equal(V(2m, 1500m), mine.Totals.Single(t => t.Currency == "CNY").Total);
        Assert.Equal(V(1m, 300m), mine.Totals.Single(t => t.Currency == "USD").Total);
    }

    [Fact]
    public async Task The_query_is_grouped_by_the_database()
    {
        var sql = await app.WithDbAsync(async db =>
        {
            var context = ReportContext.For(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), DateTime.UtcNow, [Guid.NewGuid()]);
            var plan = ReportQuery.Plan(new ReportDefinition("opportunities", [new("owner"), new("createdAt", TimeBucket.Week)], new("outcome"),
                [new(MeasureFunction.Sum, "amount"), new(MeasureFunction.Avg, "won"), new(MeasureFunction.DistinctCount, "probability")]), context, _ => false);
            // Running it proves EF translated every part (it throws rather than group on the client).
            await ReportQuery.RunAsync(db, plan, Ct);
            return ReportQuery.Sql(db, plan);
        });
        Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
        Assert.Contains("COUNT(DISTINCT", sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_field_that_is_not_on_the_whitelist_is_refused_naming_it()
    {
        var admin = await app.AdminClientAsync();
        var bad = await admin.PostJsonAsync($"{Url}/run", new ReportDefinition("customers", [new("nationalIdCipher")],
            Measures: [new(MeasureFunction.Sum, "passwordHash")], Filters: [new("searchText", FilterOp.Eq, "x")]));
        var problem = await bad.ShouldRejectAsync("rows[0].field", "Report.UnknownField");
        Assert.Equal(["Report.UnknownField"], problem.Codes("measures[0].field"));
        Assert.Equal(["Report.UnknownField"], problem.Codes("filters[0].field"));
        Assert.Contains("nationalIdCipher", problem.Messages("rows[0].field")[0], StringComparison.Ordinal);
        await (await admin.PostJsonAsync($"{Url}/run", new ReportDefinition("users"))).ShouldRejectAsync("source", "Report.UnknownSource");
        await (await admin.PostJsonAsync($"{Url}/run", new ReportDefinition("leads", Filters: [new("status", FilterOp.Eq, "sold")])))
            .ShouldRejectAsync("filters[0].value", "Report.BadValue");
    }

    [Fact]
    public async Task A_field_masked_for_the_reader_is_no_dimension_for_them()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", new Core.Privacy.SensitiveFields(["emails"]))).ShouldBeAsync(HttpStatusCode.OK);
        var (rep, _) = await app.NewUserAsync(Roles.SalesManager);
        var byEmail = new ReportDefinition("leads", [new("email")]);
        await (await rep.PostJsonAsync($"{Url}/run", byEmail)).ShouldRejectAsync("rows[0].field", "Report.FieldMasked");
        await (await rep.PostJsonAsync($"{Url}/run", new ReportDefinition("leads", Filters: [new("email", FilterOp.Eq, "a@b.c")])))
            .ShouldRejectAsync("filters[0].field", "Report.FieldMasked");
        // Whoever may reveal personal data may group by it.
        await (await admin.PostJsonAsync($"{Url}/run", byEmail)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", Core.Privacy.SensitiveFields.Defaults)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_report_is_seen_by_whom_it_is_shared_with_edited_only_with_edit_and_reshared_only_by_its_owner()
    {
        var (owner, viewer, editor, stranger, shares) = await app.SharingCastAsync(Roles.SalesManager);
        var definition = new ReportDefinition("opportunities", [new("stage")]);
        var created = await owner.PostCreatedAsync<ReportDto>(Url, new ReportInput("Deals by stage " + Unique(), "Sales", definition, shares));
        Assert.True(created.CanEdit);

        Assert.Contains(await (await viewer.GetAsync(Url, Ct)).ReadAsync<List<ReportSummary>>(), r => r.Id == created.Id && !r.Mine);
        Assert.False((await (await viewer.GetAsync($"{Url}/{created.Id}", Ct)).ReadAsync<ReportDto>()).CanEdit);
        await (await viewer.GetAsync($"{Url}/{created.Id}/result", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await viewer.PutJsonAsync($"{Url}/{created.Id}", new ReportInput("Mine now", null, definition))).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await stranger.GetAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await (await stranger.GetAsync(Url, Ct)).ReadAsync<List<ReportSummary>>(), r => r.Id == created.Id);

        var renamed = await (await editor.PutJsonAsync($"{Url}/{created.Id}", new ReportInput("Renamed", "Sales", definition, created.Shares))).ReadAsync<ReportDto>();
        Assert.Equal("Renamed", renamed.Name);
        // An editor cannot hand the report on: only its owner changes the sharing.
        await (await editor.PutJsonAsync($"{Url}/{created.Id}", new ReportInput("Renamed", "Sales", definition, [.. created.Shares, new(ShareKind.Role, Roles.SalesRepresentative, ReportAccess.Edit)])))
            .ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await editor.DeleteAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);

        // A stale version is refused; the owner deletes with the current one.
        var stale = new HttpRequestMessage(HttpMethod.Delete, $"{Url}/{created.Id}").WithIfMatch("\"1\"");
        await (await owner.SendAsync(stale, Ct)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        await (await owner.DeleteAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await viewer.GetAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);

        await (await owner.PostJsonAsync(Url, new ReportInput("x", null, definition, [new(ShareKind.Team, Guid.NewGuid().ToString(), ReportAccess.View)])))
            .ShouldRejectAsync("shares[0].target", "Report.UnknownShareTarget");
    }

    [Fact]
    public async Task Standard_reports_give_the_hand_computed_figures()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/regional", new RegionalSettings("Asia/Shanghai"))).ShouldBeAsync(HttpStatusCode.OK);
        var (rep, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var today = DateOnly.FromDateTime(TimeZones.ToLocal(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        await ArrangeAsync(async f =>
        {
            var s = await f.StagesAsync();
            var c1 = f.Customer(a);
            var c2 = f.Customer(a);
            f.Deal(c1, s.Open1, s.Pipeline, 100_000);
            f.Deal(c1, s.Open1, s.Pipeline, 20_000);
            f.Deal(c1, s.Open2, s.Pipeline, 5_000);
            f.Deal(c1, s.Won, s.Pipeline, 7_000, closedAt: DateTime.UtcNow);
            f.Deal(c1, s.Won, s.Pipeline, 8_000, closedAt: DateTime.UtcNow);
            f.Deal(c2, s.Lost, s.Pipeline, 9_000, closedAt: DateTime.UtcNow);
            var paid = f.Invoice(c1, 10_000, new DateOnly(2025, 3, 5), today.AddDays(-10));
            f.Invoice(c1, 20_000, new DateOnly(2025, 3, 20), today.AddDays(-45));
            f.Invoice(c2, 40_000, new DateOnly(2025, 4, 1), today.AddDays(-100));
            f.Invoice(c2, 80_000, new DateOnly(2025, 4, 2), today.AddDays(5));
            await f.SaveAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            db.Payments.Add(new Payment { InvoiceId = paid.Id, AmountMinor = 4_000, PaidOn = new DateOnly(2025, 3, 31), CreatedAt = DateTime.UtcNow });
            db.Payments.Add(new Payment { InvoiceId = paid.Id, AmountMinor = 1_000, PaidOn = new DateOnly(2025, 4, 1), CreatedAt = DateTime.UtcNow });
            db.Leads.AddRange(
                new Lead { Name = "L1 " + Unique(), Source = "web", OwnerId = a },
                new Lead { Name = "L2 " + Unique(), Source = "web", OwnerId = a },
                new Lead { Name = "L3 " + Unique(), Source = "fair", OwnerId = a });
            db.Interactions.AddRange(
                new Interaction { CustomerId = c1.Id, Kind = InteractionKind.Call, Subject = "a", OccurredAt = DateTime.UtcNow },
                new Interaction { CustomerId = c1.Id, Kind = InteractionKind.Call, Subject = "b", OccurredAt = DateTime.UtcNow },
                new Interaction { CustomerId = c2.Id, Kind = InteractionKind.Meeting, Subject = "c", OccurredAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
            // 23:30 UTC on 31 March is 07:30 on 1 April in Shanghai: the first customer is new in April, the second in March.
            await db.Customers.Where(c => c.Id == c1.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.CreatedAt, new DateTime(2025, 3, 31, 23, 30, 0, DateTimeKind.Utc)), Ct);
            await db.Customers.Where(c => c.Id == c2.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.CreatedAt, new DateTime(2025, 3, 31, 15, 59, 0, DateTimeKind.Utc)), Ct);
            await db.Interactions.Where(i => i.CustomerId == c1.Id || i.CustomerId == c2.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.CreatedById, a), Ct);
        });
        async Task<ReportResult> Standard(string key) =>
            await (await rep.GetAsync($"{Url}/{StandardReports.All.Single(s => s.Key == key).Id}/result", Ct)).ReadAsync<ReportResult>();

        Assert.Equal(["2025-03=300", "2025-04=1200"], Lines(await Standard("revenueByMonth")));
        var pipeline = Lines(await Standard("pipelineByStage")).Select(l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(["1,50", "2,1200"], pipeline.Order(StringComparer.Ordinal));
        Assert.Equal([$"{a}=66.6667,3"], Lines(await Standard("winRateByOwner")));
        var leads = await Standard("leadsBySource");
        Assert.Equal(["web=2", "fair=1"], Lines(leads));
        Assert.Equal(["new"], leads.Columns.Select(c => c.Value));
        Assert.Equal(["2025-03=1", "2025-04=1"], Lines(await Standard("newCustomersPerMonth")));
        // Outstanding: nothing is paid on the invoices themselves; one not yet due counts as 0 days.
        Assert.Equal(["0-30=900,2", "31-60=200,1", "90+=400,1"], Lines(await Standard("receivablesAging")));
        Assert.Equal(["2025-03=40", "2025-04=10"], Lines(await Standard("paymentsByMonth")));
        var activity = await Standard("activityPerUser");
        Assert.Equal([$"{a}=3"], Lines(activity));
        Assert.Equal(["call", "meeting"], activity.Columns.Select(c => c.Value));
        Assert.Equal(V(2m), activity.Rows[0].Cells[0]);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/regional", new RegionalSettings("UTC"))).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_reports_list_offers_the_standard_reports_in_the_readers_language()
    {
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var list = await (await rep.SendAsync(request, Ct)).ReadAsync<List<ReportSummary>>();
        Assert.Contains(list, r => r.Standard && r.Name == "应收账款账龄");
        // A rep may run reports but not save them.
        await (await rep.PostJsonAsync(Url, new ReportInput("x", null, new ReportDefinition("leads")))).ShouldBeAsync(HttpStatusCode.Forbidden);
        var sources = await (await rep.GetAsync($"{Url}/sources", Ct)).ReadAsync<JsonArray>();
        Assert.Contains(sources, s => s!["name"]!.GetValue<string>() == "opportunities");
    }

    [Fact]
    public async Task An_exported_report_names_enum_values_in_the_readers_language()
    {
        var (manager, _) = await app.NewUserAsync(Roles.SalesManager);
        await manager.CreateAsync(CustomerSamples.Valid() with { Tier = ValueTier.Medium });
        var report = await manager.PostCreatedAsync<ReportDto>(Url, new ReportInput("By tier " + Unique(), null,
            new ReportDefinition("customers", [new("tier")])));
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/{report.Id}/result.csv");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var csv = await (await manager.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("中价值", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("medium", csv, StringComparison.Ordinal);
    }
}

public sealed class ReportsOnSqlite(SqliteApp app) : ReportTests(app), IClassFixture<SqliteApp>;

public sealed class ReportsOnPostgres(PostgresApp app) : ReportTests(app), IClassFixture<PostgresApp>;
