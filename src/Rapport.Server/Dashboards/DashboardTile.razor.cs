using Microsoft.AspNetCore.Components;
using MudBlazor;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Rapport.Core.Dashboards;
using Rapport.Server.Components.Common;
using Rapport.Server.Reports;

namespace Rapport.Server.Dashboards;

public sealed partial class DashboardTile
{
    [Parameter, EditorRequired] public Guid DashboardId { get; set; }
    [Parameter, EditorRequired] public DashboardWidget Widget { get; set; } = default!;
    [Parameter] public DashboardFilters Filters { get; set; } = new();
    /// <summary>Bumped by the dashboard to refresh every tile.</summary>
    [Parameter] public int Generation { get; set; }
    [Parameter] public EventCallback<DashboardWidget> OnRemove { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;
    [Inject] private ILogger<DashboardTile> Log { get; set; } = default!;

    private (DashboardFilters, int, Guid)? _loaded;
    private WidgetResult? _result;
    private string? _error;
    private int _version;
    private string[] _labels = [];
    private List<ChartSeries<double>> _series = [];
    private IList<ITrace> _traces = [];
    private readonly Plotly.Blazor.Layout _layout = new()
    {
        PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)", AutoSize = true,
        Font = new Plotly.Blazor.LayoutLib.Font { Color = "#8a8a8a" },
        Margin = new Plotly.Blazor.LayoutLib.Margin { L = 90, R = 10, T = 10, B = 40 },
    };
    private readonly Config _config = new() { Responsive = true };
    private MudBlazor.Charts.IChartOptions _options = new ChartOptions();

    private string Place => $"--x:{Widget.X + 1};--w:{Widget.W};--y:{Widget.Y + 1};--h:{Widget.H}";

    private ChartType MudType => Widget.Kind switch
    {
        WidgetKind.StackedBar => ChartType.StackedBar,
        WidgetKind.Line or WidgetKind.Area => ChartType.Line,
        WidgetKind.Pie => ChartType.Pie,
        WidgetKind.Donut => ChartType.Donut,
        _ => ChartType.Bar,
    };

    protected override async Task OnParametersSetAsync()
    {
        var key = (Filters, Generation, Widget.Id);
        if (_loaded == key) return;
        _loaded = key;
        try
        {
            var (id, widget, filters) = (DashboardId, Widget.Id, Filters);
            var result = await Ops.RunAsync<DashboardService, WidgetResult>((s, ct) => s.WidgetResultAsync(id, widget, filters, ct));
            Draw(result);
            (_result, _error) = (result, null);
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            (_result, _error) = (null, T["Ui.DashboardTileRefused"]);
        }
        catch (Exception e) when (e is RapportValidationException or OperationCanceledException or InvalidOperationException or DbUpdateException)
        {
            Log.LogWarning(e, "Dashboard widget {Widget} failed", Widget.Id);
            (_result, _error) = (null, T["Ui.DashboardTileFailed"]);
        }
    }

    private void Draw(WidgetResult w)
    {
        string Label(string key) => T[key];
        var result = w.Result;
        _labels = ReportChart.Labels(result, Label);
        var series = ReportChart.Of(result, Label);
        _series = series.Select(s => new ChartSeries<double> { Name = s.Name, Data = new ChartData<double>(s.Values) }).ToList();
        _options = Widget.Kind == WidgetKind.Area ? new LineChartOptions { LineDisplayType = LineDisplayType.Area } : (MudBlazor.Charts.IChartOptions)new ChartOptions();
        _traces = Widget.Kind switch
        {
            // Rows down, column values across, the first measure as the colour (a measure per column without a column dimension).
            WidgetKind.Heatmap => [new HeatMap
            {
                X = series.Select(s => (object)s.Name).ToList(),
                Y = _labels.Cast<object>().ToList(),
                Z = _labels.Select((_, r) => (object)series.Select(s => s.Values[r]).ToArray()).ToList(),
            }],
            // A point per row: the first measure across, the second up (the row's position when there is one measure).
            WidgetKind.Scatter => [new Scatter
            {
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                X = result.Rows.Select(r => (object)(double)(r.Total[0] ?? 0)).ToList(),
                Y = result.Rows.Select((r, i) => (object)(r.Total.Length > 1 ? (double)(r.Total[1] ?? 0) : i)).ToList(),
                TextArray = _labels.ToList(),
            }],
            WidgetKind.Funnel => [new Funnel
            {
                Y = _labels.Cast<object>().ToList(),
                X = result.Rows.Select(r => (object)(double)(r.Total[0] ?? 0)).ToList(),
            }],
            _ => [],
        };
        _version++;
    }

    private double? Change() => _result is { Value: { } v, Previous: { } p } && p != 0 ? (double)((v - p) / Math.Abs(p)) : null;

    private static string Number(decimal? v) => v?.ToString("#,0.##", CultureInfo.CurrentCulture) ?? "–";
}
