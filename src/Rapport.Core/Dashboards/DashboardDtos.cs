using System.ComponentModel.DataAnnotations;
using Rapport.Core.Reports;

namespace Rapport.Core.Dashboards;

/// <summary>A dashboard to save: its name, widgets and (for its owner) whom it is shared with.</summary>
public sealed record DashboardInput(
    [property: Required, MaxLength(Dashboard.NameMax)] string Name,
    IReadOnlyList<DashboardWidget>? Widgets = null,
    IReadOnlyList<ReportShareDto>? Shares = null);

/// <summary>A dashboard as its reader sees it. A standard one has no owner and cannot be changed.</summary>
public sealed record DashboardDto(Guid Id, string Name, bool Standard, Guid? OwnerId, IReadOnlyList<DashboardWidget> Widgets,
    IReadOnlyList<ReportShareDto> Shares, bool CanEdit, long Version);

/// <summary>A line of the dashboards list.</summary>
public sealed record DashboardSummary(Guid Id, string Name, bool Standard, bool Mine);

/// <summary>Filters applied to every widget of a dashboard: a period of calendar days (in the company's time zone, on
/// each report source's first date field), a team (its members' records) and an owner.</summary>
public sealed record DashboardFilters(DateOnly? From = null, DateOnly? To = null, Guid? Team = null, Guid? Owner = null);

/// <summary>A widget's figures: its report's result under the dashboard's filters; for a KPI the first measure's total
/// (<paramref name="Value"/>) and the same over the previous period of the same length (<paramref name="Previous"/>,
/// when the filters name a period). A segment's size is its <paramref name="Value"/>, <paramref name="Capped"/> when
/// there are more members than the count goes to (<see cref="Keyset.TotalCap"/>); its result has no rows.</summary>
public sealed record WidgetResult(Guid WidgetId, string Title, WidgetKind Kind, ReportResult Result, decimal? Value, decimal? Previous, bool Capped = false);
