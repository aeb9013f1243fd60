using Rapport.Core.Dashboards;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Reports;

namespace Rapport.Server.Tests.Dashboards;

/// <summary>Dashboards through the API on both databases: the dashboard's filters (period, team, owner) change every
/// widget's figures as computed by hand, a KPI compares with the previous period, each widget runs in the viewer's
/// scope, sharing works as for reports, and a widget over a report the viewer may not see is refused on its own.</summary>
public abstract class DashboardTests(RapportApp app)
{
    private const string Url = "/api/v1/dashboards";

    private static DateTime At(int month, int day) => new(2024, month, day, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Deals in the first open stage for customers owned by <paramref name="owner"/>, each created when said.</summary>
    private async Task DealsAsync(Guid owner, params (long Minor, DateTime CreatedAt)[] deals)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var stage = await db.PipelineStages.AsNoTracking().Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).FirstAsync(Ct);
        var customer = new Customer { Number = "DSH-" + Unique(), Name = "Dashboard Co " + Unique(), OwnerId = owner };
        db.Customers.Add(customer);
        var made = deals.Select(d => new Opportunity
        {
            Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = owner, PipelineId = stage.PipelineId, StageId = stage.Id,
            AmountMinor = d.Minor, Currency = "CNY", StageEnteredAt = d.CreatedAt,
        }).ToList();
        db.Opportunities.AddRange(made);
        await db.SaveChangesAsync(Ct);
        for (var i = 0; i < made.Count; i++)
        {
            var (id, at) = (made[i].Id, deals[i].CreatedAt);
            await db.Opportunities.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.CreatedAt, at), Ct);
        }
    }

    private static async Task<WidgetResult> WidgetAsync(HttpClient client, Guid dashboard, Guid widget, string query = "") =>
        await (await client.GetAsync($"{Url}/{dashboard}/widgets/{widget}/result{query}", Ct)).ReadAsync<WidgetResult>();

    private static DashboardWidget Widget(WidgetKind kind, Guid report, int x = 0) => new(Guid.NewGuid(), null, kind, report, x, 0, 6, 2);

    [Fact]
    public async Task The_dashboard_filters_change_every_widgets_figures_and_a_kpi_compares_with_the_previous_period()
    {
        var admin = await app.AdminClientAsync();
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Dashboard team " + Unique(), null))).ReadAsync<TeamDto>();
        var (repA, a) = await app.NewUserAsync(Roles.SalesRepresentative, team.Id);
        var (_, b) = await app.NewUserAsync(Roles.SalesRepresentative);
        await DealsAsync(a, (100_000, At(3, 5)), (50_000, At(3, 20)), (30_000, At(2, 10)));
        await DealsAsync(b, (200_000, At(3, 10)));
        var report = await admin.PostCreatedAsync<ReportDto>("/api/v1/reports", new ReportInput("Deals of A and B " + Unique(), null,
            new ReportDefinition("opportunities", [new("owner")], Measures: [new(MeasureFunction.Sum, "amount"), new(MeasureFunction.Count)],
                Filters: [new("owner", FilterOp.In, Values: [a.ToString(), b.ToString()])]),
            [new(ShareKind.User, a.ToString(), ReportAccess.View)]));
        var kpi = Widget(WidgetKind.Kpi, report.Id);
        var bar = Widget(WidgetKind.Bar, report.Id, 6);
        var dashboard = await admin.PostCreatedAsync<DashboardDto>(Url, new DashboardInput("Sales " + Unique(), [kpi, bar],
            [new(ShareKind.User, a.ToString(), ReportAccess.View)]));

        // No filters: every deal of A and B (1,000 + 500 + 300 + 2,000).
        var all = await WidgetAsync(admin, dashboard.Id, kpi.Id);
        Assert.Equal(3800m, all.Value);
        Assert.Null(all.Previous);
        Assert.Equal(report.Name, all.Title);
        // March 2024: 1,000 + 500 + 2,000; the 31 days before it (30 January to 29 February): 300.
        var march = await WidgetAsync(admin, dashboard.Id, kpi.Id, "?from=2024-03-01&to=2024-03-31");
        Assert.Equal((3500m, 300m), (march.Value, march.Previous));
        // The same filters reach the chart: a row per owner with their March sums and counts.
        var rows = (await WidgetAsync(admin, dashboard.Id, bar.Id, "?from=2024-03-01&to=2024-03-31")).Result.Rows
            .ToDictionary(r => r.Keys[0].Value!, r => (r.Total[0], r.Total[1]));
        Assert.Equal((1500m, 2m), rows[a.ToString()]);
        Assert.Equal((2000m, 1m), rows[b.ToString()]);
        // Owner A, or A's team: only A's deals.
        var owner = await WidgetAsync(admin, dashboard.Id, kpi.Id, $"?from=2024-03-01&to=2024-03-31&owner={a}");
        Assert.Equal((1500m, 300m), (owner.Value, owner.Previous));
        Assert.Equal(1500m, (await WidgetAsync(admin, dashboard.Id, kpi.Id, $"?from=2024-03-01&to=2024-03-31&team={team.Id}")).Value);
        Assert.Equal(0m, (await WidgetAsync(admin, dashboard.Id, kpi.Id, $"?from=2024-04-01&to=2024-04-30&owner={a}")).Value);

        // Rep A opens the same dashboard: the widgets run in A's scope, so B's deals are not there.
        Assert.Equal(1800m, (await WidgetAsync(repA, dashboard.Id, kpi.Id)).Value);
        await (await admin.GetAsync($"{Url}/{dashboard.Id}/widgets/{kpi.Id}/result?from=2024-03-31&to=2024-03-01", Ct))
            .ShouldRejectAsync("to", "Dashboard.PeriodReversed");
    }

    [Fact]
    public async Task A_widget_over_a_report_the_viewer_may_not_see_is_refused_while_the_dashboard_and_its_other_widgets_open()
    {
        var (owner, viewer, editor, stranger, shares) = await app.SharingCastAsync(Roles.SalesManager);
        var mine = await owner.PostCreatedAsync<ReportDto>("/api/v1/reports", new ReportInput("Private " + Unique(), null, new ReportDefinition("opportunities", [new("stage")])));
        var standard = StandardReports.All.Single(r => r.Key == "pipelineByStage").Id;
        var hidden = Widget(WidgetKind.Heatmap, mine.Id);
        var open = Widget(WidgetKind.Pie, standard, 6);
        var created = await owner.PostCreatedAsync<DashboardDto>(Url, new DashboardInput("Shared " + Unique(), [hidden, open], shares));

        Assert.Contains(await (await viewer.GetAsync(Url, Ct)).ReadAsync<List<DashboardSummary>>(), d => d.Id == created.Id && !d.Mine);
        var seen = await (await viewer.GetAsync($"{Url}/{created.Id}", Ct)).ReadAsync<DashboardDto>();
        Assert.False(seen.CanEdit);
        Assert.Equal(2, seen.Widgets.Count);
        await (await viewer.GetAsync($"{Url}/{created.Id}/widgets/{hidden.Id}/result", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.Equal(WidgetKind.Pie, (await WidgetAsync(viewer, created.Id, open.Id)).Kind);
        await (await owner.GetAsync($"{Url}/{created.Id}/widgets/{hidden.Id}/result", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        await (await stranger.GetAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"{Url}/{created.Id}/widgets/{open.Id}/result", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await (await stranger.GetAsync(Url, Ct)).ReadAsync<List<DashboardSummary>>(), d => d.Id == created.Id);
        await (await viewer.PutJsonAsync($"{Url}/{created.Id}", new DashboardInput("Mine now", [open]))).ShouldBeAsync(HttpStatusCode.Forbidden);

        // The editor may change the layout (only over reports they see themselves) but not hand the dashboard on.
        await (await editor.PutJsonAsync($"{Url}/{created.Id}", new DashboardInput("Renamed", [hidden, open], created.Shares)))
            .ShouldRejectAsync("widgets[0].reportId", "Dashboard.UnknownReport");
        var renamed = await (await editor.PutJsonAsync($"{Url}/{created.Id}", new DashboardInput("Renamed", [open], created.Shares))).ReadAsync<DashboardDto>();
        Assert.Equal(("Renamed", 1), (renamed.Name, renamed.Widgets.Count));
        await (await editor.PutJsonAsync($"{Url}/{created.Id}", new DashboardInput("Renamed", [open], [.. created.Shares, new(ShareKind.Role, Roles.SalesRepresentative, ReportAccess.View)])))
            .ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await editor.DeleteAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);

        var stale = new HttpRequestMessage(HttpMethod.Delete, $"{Url}/{created.Id}").WithIfMatch("\"1\"");
        await (await owner.SendAsync(stale, Ct)).ShouldBeAsync(HttpStatusCode.PreconditionFailed);
        await (await owner.DeleteAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await viewer.GetAsync($"{Url}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_widget_off_the_grid_or_over_an_unknown_report_is_refused_naming_it()
    {
        var admin = await app.AdminClientAsync();
        var standard = StandardReports.All[0].Id;
        var bad = await admin.PostJsonAsync(Url, new DashboardInput("Bad " + Unique(),
            [new(Guid.NewGuid(), null, WidgetKind.Bar, Guid.NewGuid()), new(Guid.NewGuid(), null, WidgetKind.Line, standard, X: 8, W: 6)]));
        var problem = await bad.ShouldRejectAsync("widgets[0].reportId", "Dashboard.UnknownReport");
        Assert.Equal(["Dashboard.OffGrid"], problem.Codes("widgets[1].w"));
    }

    [Fact]
    public async Task Each_role_has_a_standard_dashboard_whose_widgets_run_for_it()
    {
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (finance, _) = await app.NewUserAsync(Roles.Finance);
        var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var list = await (await rep.SendAsync(request, Ct)).ReadAsync<List<DashboardSummary>>();
        Assert.Contains(list, d => d.Standard && d.Name == "销售");
        foreach (var (client, key) in new[] { (rep, "sales"), (finance, "serviceFinance") })
        {
            var standard = StandardDashboards.All.Single(d => d.Key == key);
            Assert.Contains(client == rep ? Roles.SalesRepresentative : Roles.Finance, standard.Roles);
            var dashboard = await (await client.GetAsync($"{Url}/{standard.Id}", Ct)).ReadAsync<DashboardDto>();
            Assert.True(dashboard.Standard);
            foreach (var w in dashboard.Widgets)
                await (await client.GetAsync($"{Url}/{standard.Id}/widgets/{w.Id}/result?from=2024-01-01&to=2024-12-31", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_segment_size_widget_counts_only_the_members_inside_the_viewers_scope()
    {
        var admin = await app.AdminClientAsync();
        var (repA, a) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, b) = await app.NewUserAsync(Roles.SalesRepresentative);
        var tag = "wsize" + Unique();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            foreach (var owner in new[] { a, a, b })
            {
                var customer = new Customer { Number = "SEG-" + Unique(), Name = "Segment Co " + Unique(), OwnerId = owner };
                db.Customers.Add(customer);
                db.CustomerTags.Add(new CustomerTag { CustomerId = customer.Id, Name = tag });
            }
            await db.SaveChangesAsync(Ct);
        }
        var share = new ReportShareDto(ShareKind.User, a.ToString(), ReportAccess.View);
        var segment = await admin.PostCreatedAsync<SegmentDto>("/api/v1/segments", new SegmentInput("Tagged " + tag,
            Rule: new SegmentRule("all", [new SegmentRule(Field: "tag", Op: "has", Value: tag)]), Shares: [share]));
        var size = new DashboardWidget(Guid.NewGuid(), null, WidgetKind.SegmentSize, Guid.Empty, 0, 0, 4, 1, segment.Id);
        var dashboard = await admin.PostCreatedAsync<DashboardDto>(Url, new DashboardInput("Segments " + Unique(), [size], [share]));

        var whole = await WidgetAsync(admin, dashboard.Id, size.Id);
        Assert.Equal((3m, false, segment.Name), (whole.Value, whole.Capped, whole.Title));
        // Rep A sees the same widget over their own customers only.
        Assert.Equal(2m, (await WidgetAsync(repA, dashboard.Id, size.Id)).Value);
        // A segment-size widget needs a segment its editor may see.
        await (await admin.PostJsonAsync(Url, new DashboardInput("No segment " + Unique(), [size with { SegmentId = Guid.NewGuid() }])))
            .ShouldRejectAsync("widgets[0].segmentId", "Dashboard.UnknownSegment");
    }
}

public sealed class DashboardsOnSqlite(SqliteApp app) : DashboardTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardsOnPostgres(PostgresApp app) : DashboardTests(app), IClassFixture<PostgresApp>;
