using Microsoft.AspNetCore.Components;
using Rapport.Core.Dashboards;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Reports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Dashboards;

public sealed partial class DashboardPage
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private DashboardDto? _dashboard;
    private IReadOnlyList<ReportSummary> _reports = [];
    private IReadOnlyList<SegmentSummary> _segments = [];
    private Guid? _report, _segment;
    private WidgetKind _kind = WidgetKind.Bar;
    private string? _title;
    private int _width = 6;

    protected override async Task OnParametersSetAsync() => await Feedback.TryAsync(async () =>
    {
        _dashboard = await Ops.RunAsync<DashboardService, DashboardDto>((s, ct) => s.GetAsync(Id, ct));
        if (!_dashboard.CanEdit) return;
        _reports = await Ops.RunAsync<ReportService, IReadOnlyList<ReportSummary>>((s, ct) => s.ListAsync(ct));
        if ((await Ops.AccessAsync()).Permissions.Contains(Permissions.SegmentsRead))
            _segments = await Ops.RunAsync<SegmentService, IReadOnlyList<SegmentSummary>>((s, ct) => s.ListAsync(ct));
    });

    /// <summary>The new widget goes below the others, at the left.</summary>
    private Task AddAsync()
    {
        var segment = _kind == WidgetKind.SegmentSize;
        if (_dashboard is null || (segment ? _segment is null : _report is null)) return Task.CompletedTask;
        var y = _dashboard.Widgets.Count == 0 ? 0 : _dashboard.Widgets.Max(w => w.Y + w.H);
        var widget = new DashboardWidget(Guid.NewGuid(), string.IsNullOrWhiteSpace(_title) ? null : _title, _kind, _report ?? Guid.Empty, 0, y, _width,
            _kind is WidgetKind.Kpi or WidgetKind.SegmentSize ? 1 : 2, segment ? _segment : null);
        return SaveAsync([.. _dashboard.Widgets, widget]);
    }

    private Task RemoveAsync(DashboardWidget widget) => SaveAsync(_dashboard!.Widgets.Where(w => w.Id != widget.Id).ToList());

    private async Task SaveAsync(IReadOnlyList<DashboardWidget> widgets)
    {
        var d = _dashboard!;
        var input = new DashboardInput(d.Name, widgets, d.Shares);
        await Feedback.TryAsync(async () => _dashboard = await Ops.RunAsync<DashboardService, DashboardDto>((s, ct) => s.UpdateAsync(d.Id, input, d.Version, ct)));
    }
}
