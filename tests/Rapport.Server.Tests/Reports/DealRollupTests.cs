using System.Globalization;
using System.Text.Json;
using Rapport.Core.Dashboards;
using Rapport.Core.Reports;
using Rapport.Core.Settings;

namespace Rapport.Server.Tests.Reports;

/// <summary>The deals' rollup (ADR-045) on both databases: after deals are created, moved, closed, changed, deleted,
/// bulk-inserted and bulk-updated, and their customers moved into and out of the recycle bin, purged or deleted
/// outright, reports answered from the rollup give the hand-computed figures and the same result as the query over
/// the deals; a dashboard KPI whose period starts and ends inside a UTC day counts the hours at either end; a rep sees
/// only their own figures.</summary>
public abstract class DealRollupTests(RapportApp app)
{
    private sealed record Stages(Guid Open1, Guid Open2, Guid Won, Guid Lost, Guid Pipeline);

    private async Task<T> WithDbAsync<T>(Func<RapportDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RapportDbContext>(), scope.ServiceProvider);
    }

    private Task WithDbAsync(Func<RapportDbContext, IServiceProvider, Task> work) =>
        WithDbAsync<bool>(async (db, sp) => { await work(db, sp); return true; });

    private static async Task<Stages> StagesAsync(RapportDbContext db)
    {
        var stages = await db.PipelineStages.AsNoTracking().OrderBy(s => s.Order).ToListAsync(Ct);
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        return new(open[0].Id, open[1].Id, stages.First(s => s.Kind == StageKind.Won).Id, stages.First(s => s.Kind == StageKind.Lost).Id, open[0].PipelineId);
    }

    private static Customer NewCustomer(Guid owner) => new() { Number = "RLP-" + Unique(), Name = "Rollup Co " + Unique(), OwnerId = owner };

    private static Opportunity NewDeal(Customer customer, Guid stage, Stages s, long minor, string currency = "CNY", Guid? owner = null, bool noOwner = false) => new()
    {
        Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = noOwner ? null : owner ?? customer.OwnerId, PipelineId = s.Pipeline, StageId = stage,
        AmountMinor = minor, Currency = currency, StageEnteredAt = DateTime.UtcNow,
    };

    private static async Task<ReportResult> RunAsync(HttpClient client, ReportDefinition definition) =>
        await (await client.PostJsonAsync("/api/v1/reports/run", definition)).ReadAsync<ReportResult>();

    /// <summary>Runs <paramref name="definition"/> as the system (every record) from the rollup and from the deals and
    /// asserts the rollup answered it and both gave the same result.</summary>
    private Task SameFromRollupAndDealsAsync(ReportDefinition definition) => WithDbAsync(async (db, sp) =>
    {
        var plan = await sp.GetRequiredService<ReportService>().PlanAsync(definition, Ct);
        Assert.Contains("DealRollups", ReportQuery.Sql(db, plan), StringComparison.Ordinal);
        var fromDeals = await ReportQuery.RunAsync(db, plan, rollup: false, Ct);
        var fromRollup = await ReportQuery.RunAsync(db, plan, rollup: true, Ct);
        Assert.NotEmpty(fromDeals.Totals);
        Assert.Equal(JsonSerializer.Serialize(fromDeals), JsonSerializer.Serialize(fromRollup));
    });

    private static decimal?[] V(params decimal?[] values) => values;

    private static string Line(ReportRow r) =>
        $"{string.Join("/", r.Keys.Select(k => k.Value))}:{r.Currency}={string.Join(",", r.Total.Select(v => v?.ToString("0.##", CultureInfo.InvariantCulture)))}";

    [Fact]
    public async Task Reports_from_the_rollup_follow_every_change_to_deals_and_their_customers()
    {
        var admin = await app.AdminClientAsync();
        var (_, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (repB, b) = await app.NewUserAsync(Roles.SalesRepresentative);
        Stages s = null!;
        Customer ca1 = null!, ca2 = null!, ca3 = null!, cb1 = null!, cb2 = null!, cy = null!, cz = null!;
        Guid d1 = default, d2 = default, d3 = default, d4 = default, d5 = default;
        await WithDbAsync(async (db, _) =>
        {
            s = await StagesAsync(db);
            (ca1, ca2, ca3, cb1, cb2, cy, cz) = (NewCustomer(a), NewCustomer(a), NewCustomer(a), NewCustomer(b), NewCustomer(b), NewCustomer(b), NewCustomer(a));
            db.Customers.AddRange(ca1, ca2, ca3, cb1, cb2, cy, cz);
            var deals = new[]
            {
                NewDeal(ca1, s.Open1, s, 100_000), NewDeal(ca1, s.Open1, s, 50_000), NewDeal(ca1, s.Open2, s, 30_000, "USD"),
                NewDeal(ca2, s.Open1, s, 70_000), NewDeal(ca3, s.Open2, s, 11_000),
                NewDeal(cb1, s.Open1, s, 200_000), NewDeal(cb1, s.Open1, s, 500, noOwner: true), NewDeal(cb2, s.Open2, s, 9_000),
                NewDeal(cy, s.Open1, s, 2_000), NewDeal(cz, s.Open1, s, 1_000),
            };
            db.Opportunities.AddRange(deals);
            await db.SaveChangesAsync(Ct);
            (d1, d2, d3, d4, d5) = (deals[0].Id, deals[1].Id, deals[2].Id, deals[3].Id, deals[4].Id);
        });

        // Through the change tracker: a move, a win, a loss, a new amount, a deletion.
        await WithDbAsync(async (db, _) =>
        {
            var tracked = await db.Opportunities.Where(o => new[] { d1, d2, d3, d4, d5 }.Contains(o.Id)).ToDictionaryAsync(o => o.Id, Ct);
            tracked[d2].StageId = s.Open2;
            (tracked[d4].StageId, tracked[d4].ClosedAt) = (s.Won, DateTime.UtcNow);
            (tracked[d5].StageId, tracked[d5].ClosedAt) = (s.Lost, DateTime.UtcNow);
            tracked[d1].AmountMinor = 120_000;
            db.Opportunities.Remove(tracked[d3]);
            await db.SaveChangesAsync(Ct);
        });
        // Customers: one into the recycle bin, one out again, one purged from it, one deleted outright (an import undone).
        await WithDbAsync(async (db, sp) =>
        {
            var customers = sp.GetRequiredService<CustomerService>();
            await customers.DeleteAsync(cb2.Id, null, Ct);
            await customers.DeleteAsync(ca3.Id, null, Ct);
            await customers.RestoreAsync(ca3.Id, Ct);
            await customers.DeleteAsync(cy.Id, null, Ct);
            await customers.PurgeAsync(cy.Id, Ct);
            await db.Customers.IgnoreQueryFilters().Where(c => c.Id == cz.Id).ExecuteDeleteAsync(Ct);
        });
        // Bulk paths: the importers' multi-row insert, and a set-based update that moves every open-1 deal of cb1.
        await WithDbAsync(async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await BulkInsert.InsertAsync<Opportunity>(db, [NewDeal(ca2, s.Open1, s, 3_000, "USD"), NewDeal(cb1, s.Open2, s, 4_000)], DateTime.UtcNow, Ct);
            await tx.CommitAsync(Ct);
            await db.Opportunities.Where(o => o.CustomerId == cb1.Id && o.StageId == s.Open1).ExecuteUpdateAsync(u => u.SetProperty(o => o.StageId, s.Open2), Ct);
        });

        var pivot = new ReportDefinition("opportunities", [new("owner")], new("stage"), [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")],
            [new("owner", FilterOp.In, Values: [a.ToString(), b.ToString()])]);
        // By hand: A has 1,200 (open 1), 500 (open 2), 700 (won), 110 (lost) in CNY and 30 USD (open 1, bulk); B has
        // 2,000 and 40 in open 2. Gone: the deleted deal, the recycled customer's, the purged one's, the deleted one's.
        var all = await RunAsync(admin, pivot);
        Assert.Equal(new[] { $"{a}:CNY=4,2510", $"{a}:USD=1,30", $"{b}:CNY=2,2040" }.Order(StringComparer.Ordinal), all.Rows.Select(Line).Order(StringComparer.Ordinal));
        var open2 = all.Columns.ToList().FindIndex(c => c.Value == s.Open2.ToString());
        ReportRow Row(Guid owner, string currency) => all.Rows.Single(r => r.Keys[0].Value == owner.ToString() && r.Currency == currency);
        Assert.Equal(V(2m, 2040m), Row(b, "CNY").Cells[open2]);
        Assert.Equal(V(1m, 500m), Row(a, "CNY").Cells[open2]);
        Assert.Equal(["CNY=6,4550", "USD=1,30"], all.Totals.Select(t => FormattableString.Invariant($"{t.Currency}={t.Total[0]:0.##},{t.Total[1]:0.##}")));
        // Rep B (own scope), whatever the filter names: B's deals only (the deal without an owner is nobody's).
        Assert.Equal([$"{b}:CNY=2,2040"], (await RunAsync(repB, pivot)).Rows.Select(Line));
        Assert.Equal([$"{b}:CNY=2,2040"], (await RunAsync(repB, pivot with { Filters = null })).Rows.Select(Line));

        // The same results from the rollup as from the deals, for every shape the rollup answers.
        await SameFromRollupAndDealsAsync(pivot);
        await SameFromRollupAndDealsAsync(new ReportDefinition("opportunities", [new("stage")], new("outcome"), [new(MeasureFunction.Count)]));
        await SameFromRollupAndDealsAsync(new ReportDefinition("opportunities", [new("outcome"), new("owner")], null,
            [new(MeasureFunction.Sum, "amount"), new(MeasureFunction.Count)], [new("stage", FilterOp.Ne, s.Open1.ToString())]));
        await SameFromRollupAndDealsAsync(new ReportDefinition("opportunities", [new("stage")], null, [new(MeasureFunction.Count)],
            [new("owner", FilterOp.Empty)]));
        await SameFromRollupAndDealsAsync(StandardReports.All.Single(r => r.Key == "pipelineByStage").Definition with
        {
            Filters = [new("outcome", FilterOp.Eq, "open"), new("createdAt", FilterOp.Gte, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
        });

        // What the rollup cannot answer is left to the deals: an average, a date grouping, a date filter that is no period.
        await WithDbAsync(async (db, sp) =>
        {
            var reports = sp.GetRequiredService<ReportService>();
            foreach (var definition in new[]
            {
                StandardReports.All.Single(r => r.Key == "winRateByOwner").Definition,
                new ReportDefinition("opportunities", [new("createdAt", TimeBucket.Month)]),
                new ReportDefinition("opportunities", [new("stage")], Filters: [new("createdAt", FilterOp.Ne, "2024-03-01")]),
                new ReportDefinition("opportunities", [new("customerTier")]),
            })
                Assert.DoesNotContain("DealRollups", ReportQuery.Sql(db, await reports.PlanAsync(definition, Ct)), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_rep_who_owns_a_deal_on_a_colleagues_customer_does_not_count_it_as_the_deals_list_does_not_show_it()
    {
        var admin = await app.AdminClientAsync();
        var (_, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (repB, b) = await app.NewUserAsync(Roles.SalesRepresentative);
        await WithDbAsync(async (db, _) =>
        {
            var s = await StagesAsync(db);
            var (ca, cb) = (NewCustomer(a), NewCustomer(b));
            db.Customers.AddRange(ca, cb);
            db.Opportunities.AddRange(NewDeal(ca, s.Open1, s, 7_000, owner: b), NewDeal(cb, s.Open1, s, 5_000));
            await db.SaveChangesAsync(Ct);
        });
        var pivot = new ReportDefinition("opportunities", [new("owner")], null, [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")],
            [new("owner", FilterOp.Eq, b.ToString())]);

        Assert.Equal([$"{b}:CNY=2,120"], (await RunAsync(admin, pivot)).Rows.Select(Line));
        // B's own customers only: the deal on A's customer is not in B's scope (nor in B's list of deals).
        Assert.Equal([$"{b}:CNY=1,50"], (await RunAsync(repB, pivot)).Rows.Select(Line));
        Assert.Single((await repB.GetPageAsync<OpportunityListItem>($"/api/v1/opportunities?ownerId={b}")).Items);
    }

    /// <summary>Returns when <paramref name="work"/> is done or, on PostgreSQL, when a statement on customers waits for a
    /// lock (SQLite has one writer: there is no race to arrange).</summary>
    private Task DoneOrWaitingAsync(Task work) => WithDbAsync(async (db, _) =>
    {
        if (!db.IsPostgres) return;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!work.IsCompleted && DateTime.UtcNow < deadline && await db.Database.SqlQueryRaw<long>(
                   "SELECT COUNT(*) AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%\"Customers\"%'")
                   .SingleAsync(Ct) == 0)
            await Task.Delay(20, Ct);
    });

    [Fact]
    public async Task A_deal_written_while_another_session_bins_or_restores_its_customer_follows_the_customer()
    {
        var (_, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var pivot = new ReportDefinition("opportunities", [new("owner")], null, [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")],
            [new("owner", FilterOp.Eq, a.ToString())]);
        Stages s = null!;
        Customer c = null!;
        await WithDbAsync(async (db, _) =>
        {
            s = await StagesAsync(db);
            c = NewCustomer(a);
            db.Customers.Add(c);
            db.Opportunities.Add(NewDeal(c, s.Open1, s, 1_000));
            await db.SaveChangesAsync(Ct);
        });
        Task SetDeletedAsync(DateTime? at) => WithDbAsync((db, _) =>
            db.Customers.IgnoreQueryFilters().Where(x => x.Id == c.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeletedAt, at), Ct));

        // A deal's transaction is still open when another session moves the customer into (then out of) the recycle
        // bin; then the deal's transaction commits.
        Task WriteDealWhileAsync(long minor, DateTime? deletedAt) => WithDbAsync(async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            db.Opportunities.Add(NewDeal(c, s.Open2, s, minor));
            await db.SaveChangesAsync(Ct);
            // On its own thread: SQLite's driver waits for the write lock synchronously.
            var move = Task.Run(() => SetDeletedAsync(deletedAt), Ct);
            await DoneOrWaitingAsync(move);
            await tx.CommitAsync(Ct);
            await move;
        });
        await WriteDealWhileAsync(2_000, DateTime.UtcNow);
        var admin = await app.AdminClientAsync();
        Assert.Empty((await RunAsync(admin, pivot)).Rows);
        // Restored while a third deal is being written: all three count, once each.
        await WriteDealWhileAsync(4_000, null);
        Assert.Equal([$"{a}:CNY=3,70"], (await RunAsync(admin, pivot)).Rows.Select(Line));
        await SameFromRollupAndDealsAsync(pivot);
    }

    [Fact]
    public async Task A_rebuild_adds_the_deals_up_again_and_a_dropped_trigger_is_recreated_by_the_start_up_check()
    {
        var (_, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var pivot = new ReportDefinition("opportunities", [new("owner")], new("stage"), [new(MeasureFunction.Count), new(MeasureFunction.Sum, "amount")],
            [new("owner", FilterOp.Eq, a.ToString())]);
        await WithDbAsync(async (db, _) =>
        {
            var s = await StagesAsync(db);
            var c = NewCustomer(a);
            db.Customers.Add(c);
            db.Opportunities.AddRange(NewDeal(c, s.Open1, s, 1_000), NewDeal(c, s.Open2, s, 2_000, "USD"));
            await db.SaveChangesAsync(Ct);
            // A rollup emptied behind the triggers' back (a restore of some tables, a hand edit) is added up again.
            await db.DealRollups.ExecuteDeleteAsync(Ct);
            Assert.True(await DealRollupSchema.RebuildAsync(db, Ct) > 0);
            // A migration that rebuilds the deals' table drops its triggers: the start-up check puts them back and rebuilds.
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "DROP TRIGGER deal_rollup ON \"Opportunities\"" : "DROP TRIGGER deal_rollup_ai", Ct);
            db.Opportunities.Add(NewDeal(c, s.Open1, s, 4_000));
            await db.SaveChangesAsync(Ct);
            await DealRollupSchema.EnsureAsync(db, Ct);
            db.Opportunities.Add(NewDeal(c, s.Open1, s, 8_000));
            await db.SaveChangesAsync(Ct);
        });
        await SameFromRollupAndDealsAsync(pivot);
        var result = await RunAsync(await app.AdminClientAsync(), pivot);
        Assert.Equal(new[] { $"{a}:CNY=3,130", $"{a}:USD=1,20" }, result.Rows.Select(Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_kpi_over_a_period_of_the_companys_days_counts_the_hours_either_side_of_whole_utc_days()
    {
        var admin = await app.AdminClientAsync();
        var (repA, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, b) = await app.NewUserAsync(Roles.SalesRepresentative);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/regional", new RegionalSettings("Asia/Shanghai"))).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            static DateTime Utc(int month, int day, int hour, int minute) => new(2024, month, day, hour, minute, 0, DateTimeKind.Utc);
            // Shanghai is UTC+8: March there runs from 29 February 16:00 UTC to 31 March 16:00 UTC; the 31 days before it
            // from 29 January 16:00 UTC.
            var created = new (Guid Owner, DateTime At, long Minor, bool Won)[]
            {
                (a, Utc(2, 29, 16, 0), 10_000, false), // 1 March 00:00: March
                (a, Utc(2, 29, 15, 59), 1_000, false), // 29 February 23:59: before
                (a, Utc(3, 15, 12, 0), 20_000, false), // March
                (a, Utc(3, 31, 15, 59), 40_000, false), // 31 March 23:59: March
                (a, Utc(3, 31, 16, 0), 80_000, false), // 1 April: neither
                (a, Utc(3, 10, 8, 0), 160_000, true), // March, but won: not in the pipeline
                (a, Utc(1, 29, 16, 0), 2_000, false), // 30 January 00:00: before
                (a, Utc(1, 29, 15, 59), 4_000, false), // 29 January: neither
                (b, Utc(3, 15, 20, 0), 320_000, false), // another owner's: 16 March 04:00
            };
            await WithDbAsync(async (db, _) =>
            {
                var s = await StagesAsync(db);
                var (ca, cb) = (NewCustomer(a), NewCustomer(b));
                db.Customers.AddRange(ca, cb);
                var deals = created.Select(d => NewDeal(d.Owner == a ? ca : cb, d.Won ? s.Won : s.Open1, s, d.Minor)).ToList();
                foreach (var (deal, i) in deals.Select((x, i) => (x, i)).Where(x => created[x.i].Won)) deal.ClosedAt = created[i].At;
                db.Opportunities.AddRange(deals);
                await db.SaveChangesAsync(Ct);
                // Moving a deal's creation moves it between the rollup's days.
                for (var i = 0; i < deals.Count; i++)
                {
                    var (id, at) = (deals[i].Id, created[i].At);
                    await db.Opportunities.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.CreatedAt, at), Ct);
                }
            });
            var sales = StandardDashboards.All.Single(d => d.Key == "sales");
            var pipeline = sales.Widgets.Single(w => w.Kind == WidgetKind.Kpi && w.ReportId == StandardReports.All.Single(r => r.Key == "pipelineByStage").Id);
            async Task<WidgetResult> KpiAsync(HttpClient client, string query) =>
                await (await client.GetAsync($"/api/v1/dashboards/{sales.Id}/widgets/{pipeline.Id}/result{query}", Ct)).ReadAsync<WidgetResult>();

            // The pipeline KPI's value is its first measure, the count of open deals; its report also sums them.
            var march = await KpiAsync(admin, $"?from=2024-03-01&to=2024-03-31&owner={a}");
            Assert.Equal((3m, 2m), (march.Value, march.Previous));
            Assert.Equal(700m, march.Result.Totals.Single().Total[1]);
            var ofB = await KpiAsync(admin, $"?from=2024-03-01&to=2024-03-31&owner={b}");
            Assert.Equal((1m, 0m), (ofB.Value, ofB.Previous));
            // A single day: 31 March in Shanghai is all edge hours and no whole UTC day.
            Assert.Equal(1m, (await KpiAsync(admin, $"?from=2024-03-31&to=2024-03-31&owner={a}")).Value);
            // Rep A in their own scope: the same figures without naming the owner; B's deal is not there.
            var mine = await KpiAsync(repA, "?from=2024-03-01&to=2024-03-31");
            Assert.Equal((3m, 2m), (mine.Value, mine.Previous));

            var definition = StandardReports.All.Single(r => r.Key == "pipelineByStage").Definition;
            foreach (var (from, to) in new[] { ("2024-03-01", "2024-03-31"), ("2024-01-30", "2024-02-29"), ("2024-03-31", "2024-03-31"), ("2024-02-01", "2024-04-30") })
                await SameFromRollupAndDealsAsync(definition with
                {
                    Filters = [.. definition.Filters!, new("createdAt", FilterOp.Gte, from), new("createdAt", FilterOp.Lte, to),
                        new("owner", FilterOp.In, Values: [a.ToString(), b.ToString()])],
                });
            // 15 March in Shanghai ends at 16:00 UTC: B's deal at 20:00 UTC is in the rollup's day and taken away again, so
            // B has no group at all (not a group of none).
            await SameFromRollupAndDealsAsync(new ReportDefinition("opportunities", [new("owner")], null, [new(MeasureFunction.Count)],
                [new("createdAt", FilterOp.Eq, "2024-03-15"), new("owner", FilterOp.In, Values: [a.ToString(), b.ToString()])]));
        }
        finally
        {
            await (await admin.PutJsonAsync("/api/v1/admin/settings/regional", new RegionalSettings("UTC"))).ShouldBeAsync(HttpStatusCode.OK);
        }
    }
}

public sealed class DealRollupOnSqlite(SqliteApp app) : DealRollupTests(app), IClassFixture<SqliteApp>;

public sealed class DealRollupOnPostgres(PostgresApp app) : DealRollupTests(app), IClassFixture<PostgresApp>;
