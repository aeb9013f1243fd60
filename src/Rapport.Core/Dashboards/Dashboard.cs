using Rapport.Core.Reports;

namespace Rapport.Core.Dashboards;

/// <summary>A saved dashboard: a grid of widgets (JSON of <see cref="DashboardWidget"/>s), each showing a saved or
/// standard report, its owner and whom it is shared with (as reports are: the definition is shared, never data).</summary>
public sealed class Dashboard : SharedDefinition<DashboardShare>
{
    public const int NameMax = 200, WidgetsMax = 16000;

    public required string Name { get; set; }
    public required string Widgets { get; set; }

    protected override DashboardShare Grant(ReportShareDto share) => new() { DashboardId = Id, Kind = share.Kind, Target = share.Target, Access = share.Access };
}

/// <summary>One grant on a dashboard: a user (id), a role (name) or a team (id), to view or to edit it.</summary>
public sealed class DashboardShare : ShareGrant
{
    public Guid DashboardId { get; init; }
}

/// <summary>How a widget draws its report: a KPI number (the first measure's total, with its change against the
/// previous period), a chart of the rows, or the table; or, without a report, a segment's size (its capped count of
/// the members inside the reader's record scope).</summary>
public enum WidgetKind { Kpi, Bar, StackedBar, Line, Area, Pie, Donut, Funnel, Heatmap, Scatter, Table, SegmentSize }

/// <summary>A tile of a dashboard: what it shows (<paramref name="ReportId"/>, a saved or standard report) and how, and
/// where it sits on the twelve-column grid (<paramref name="X"/>, <paramref name="Y"/> in cells; <paramref name="W"/>
/// columns wide, <paramref name="H"/> rows high). A null title shows the report's name. A
/// <see cref="WidgetKind.SegmentSize"/> widget shows the segment <paramref name="SegmentId"/> instead of a report.</summary>
public sealed record DashboardWidget(Guid Id, string? Title, WidgetKind Kind, Guid ReportId, int X = 0, int Y = 0, int W = 6, int H = 2, Guid? SegmentId = null)
{
    public const int Columns = 12, MaxHeight = 8, MaxRow = 200, TitleMax = 200, MaxWidgets = 24;
}
