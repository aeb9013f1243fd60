using Rapport.Core.Reports;

namespace Rapport.Core.Dashboards;

/// <summary>The dashboards every installation has from the start, built on the standard reports, each the default on
/// Home for some roles. They live in code (fixed ids) like <see cref="StandardReports"/>.</summary>
public static class StandardDashboards
{
    public sealed record Standard(Guid Id, string Key, string Name, string NameZh, IReadOnlyList<string> Roles, IReadOnlyList<DashboardWidget> Widgets)
    {
        public string Label => Bilingual.Pick(Name, NameZh);
    }

    private static Guid Id(int n) => Guid.Parse($"0197a100-0000-7000-8000-{n:000000000000}");

    private static Guid Report(string key) => StandardReports.All.Single(r => r.Key == key).Id;

    private static DashboardWidget Tile(int n, WidgetKind kind, string report, int x, int y, int w, int h = 2) => new(Id(n), null, kind, Report(report), x, y, w, h);

    public static readonly IReadOnlyList<Standard> All =
    [
        new(Id(1), "sales", "Sales", "销售",
            [Roles.Administrator, Roles.SalesManager, Roles.SalesRepresentative, Roles.Auditor],
            [
                Tile(101, WidgetKind.Kpi, "revenueByMonth", 0, 0, 4, 1),
                Tile(102, WidgetKind.Kpi, "pipelineByStage", 4, 0, 4, 1),
                Tile(103, WidgetKind.Kpi, "newCustomersPerMonth", 8, 0, 4, 1),
                Tile(104, WidgetKind.Line, "revenueByMonth", 0, 1, 6),
                Tile(105, WidgetKind.Funnel, "pipelineByStage", 6, 1, 6),
                Tile(106, WidgetKind.StackedBar, "leadsBySource", 0, 3, 6),
                Tile(107, WidgetKind.Scatter, "winRateByOwner", 6, 3, 6),
                Tile(108, WidgetKind.Heatmap, "activityPerUser", 0, 5, 12),
            ]),
        new(Id(2), "serviceFinance", "Service and finance", "服务与财务",
            [Roles.ServiceAgent, Roles.Finance],
            [
                Tile(201, WidgetKind.Kpi, "paymentsByMonth", 0, 0, 6, 1),
                Tile(202, WidgetKind.Kpi, "newCustomersPerMonth", 6, 0, 6, 1),
                Tile(203, WidgetKind.Bar, "receivablesAging", 0, 1, 6),
                Tile(204, WidgetKind.Area, "paymentsByMonth", 6, 1, 6),
                Tile(205, WidgetKind.Donut, "receivablesAging", 0, 3, 6),
                Tile(206, WidgetKind.Heatmap, "activityPerUser", 6, 3, 6),
            ]),
        new(Id(3), "marketing", "Marketing", "市场营销",
            [Roles.MarketingSpecialist],
            [
                Tile(301, WidgetKind.Funnel, "campaignFunnel", 0, 0, 6),
                Tile(302, WidgetKind.Donut, "customersByTier", 6, 0, 6),
                Tile(303, WidgetKind.StackedBar, "leadsBySourcePerMonth", 0, 2, 12),
            ]),
    ];

    public static Standard? Find(Guid id) => All.FirstOrDefault(s => s.Id == id);
}
