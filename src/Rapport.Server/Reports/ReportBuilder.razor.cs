using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Reports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Reports;

public sealed partial class ReportBuilder
{
    [Parameter] public Guid? Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private sealed class MeasureRow
    {
        public MeasureFunction Fn { get; set; } = MeasureFunction.Count;
        public string? Field { get; set; }
    }

    private sealed class FilterRow
    {
        public string? Field { get; set; }
        public FilterOp Op { get; set; } = FilterOp.Eq;
        public string? Value { get; set; }
    }

    private string KeyText(ReportKey key) => ReportTable.Text(key, k => T[k]);

    private IReadOnlyList<ReportSourceDto> _sources = [];
    private string? _source;
    private readonly string?[] _rows = new string?[ReportQuery.MaxRows];
    private readonly TimeBucket[] _buckets = [TimeBucket.Month, TimeBucket.Month, TimeBucket.Month];
    private string? _column;
    private int? _top;
    private List<MeasureRow> _measures = [new()];
    private List<FilterRow> _filters = [];
    private ReportDto? _report;
    private ReportResult? _result;
    private string? _name, _folder;
    private bool _canManage;
    private ChartType _chartType = ChartType.Bar;
    private IReadOnlyList<ReportScheduleDto> _schedules = [];
    private IReadOnlyList<Core.Preferences.PersonDto> _people = [];
    private string? _cron = "0 8 * * 1", _zone;
    private ReportFileFormat _format = ReportFileFormat.Xlsx;
    private IReadOnlyCollection<Guid> _recipients = [];

    private ReportSourceDto? Source => _sources.FirstOrDefault(s => s.Name == _source);
    private IReadOnlyList<ReportFieldDto> Dimensions => Source?.Dimensions ?? [];
    private IReadOnlyList<ReportFieldDto> Measures => Source?.Measures ?? [];
    private bool HasCurrency => _result?.Rows.Any(r => r.Currency is not null) == true;

    protected override async Task OnParametersSetAsync()
    {
        await Feedback.TryAsync(async () =>
        {
            _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.ReportsManage);
            _sources = await Ops.RunAsync<ReportService, IReadOnlyList<ReportSourceDto>>((s, _) => Task.FromResult(s.Sources()));
            if (Id is { } id)
            {
                _report = await Ops.RunAsync<ReportService, ReportDto>((s, ct) => s.GetAsync(id, ct));
                Load(_report.Definition);
                (_name, _folder) = (_report.Standard ? null : _report.Name, _report.Standard ? null : _report.Folder);
                if (_canManage)
                {
                    _schedules = await Ops.RunAsync<ReportScheduleService, IReadOnlyList<ReportScheduleDto>>((s, ct) => s.ListAsync(id, ct));
                    _people = await Ops.RunAsync<Core.Preferences.PreferenceService, IReadOnlyList<Core.Preferences.PersonDto>>((s, ct) => s.PeopleAsync(ct));
                    _zone ??= TimeZoneInfo.Local.Id;
                }
                await RunAsync();
            }
            else _source ??= _sources.Count > 0 ? _sources[0].Name : null;
        });
    }

    private void Load(ReportDefinition d)
    {
        _source = d.Source;
        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = d.Rows?.ElementAtOrDefault(i)?.Field;
            _buckets[i] = d.Rows?.ElementAtOrDefault(i)?.Bucket ?? TimeBucket.Month;
        }
        _column = d.Column?.Field;
        _buckets[2] = d.Column?.Bucket ?? TimeBucket.Month;
        _measures = (d.Measures ?? []).Select(m => new MeasureRow { Fn = m.Fn, Field = m.Field }).ToList();
        _filters = (d.Filters ?? []).Select(f => new FilterRow { Field = f.Field, Op = f.Op, Value = f.Op == FilterOp.In ? string.Join(", ", f.Values ?? []) : f.Value }).ToList();
        _top = d.Top;
    }

    private ReportDefinition Definition()
    {
        ReportDimensionRef? Dim(string? field, int at) => field is null ? null : new(field, IsDate(field) ? _buckets[at] : null);
        return new ReportDefinition(_source ?? "",
            _rows.Select((r, i) => Dim(r, i)).OfType<ReportDimensionRef>().ToList(),
            Dim(_column, 2),
            _measures.Select(m => new ReportMeasureRef(m.Fn, m.Fn == MeasureFunction.Count ? null : m.Field)).ToList(),
            _filters.Where(f => f.Field is not null).Select(f => f.Op == FilterOp.In
                ? new ReportFilter(f.Field!, f.Op, Values: (f.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                : new ReportFilter(f.Field!, f.Op, f.Value)).ToList(),
            _report?.Definition.Sort,
            _top);
    }

    private void SourceChanged(string source)
    {
        _source = source;
        Array.Clear(_rows);
        _column = null;
        _measures = [new()];
        _filters = [];
        _result = null;
    }

    private async Task RunAsync()
    {
        var definition = Definition();
        await Feedback.TryAsync(async () => _result = await Ops.RunAsync<ReportService, ReportResult>((s, ct) => s.RunAsync(definition, ct)));
    }

    private async Task SaveAsync(bool copy)
    {
        var input = new ReportInput(_name ?? "", _folder, Definition(), copy || _report is null ? null : _report.Shares);
        ReportDto? saved = null;
        var ok = await Feedback.TryAsync(async () => saved = copy || _report is null
            ? await Ops.RunAsync<ReportService, ReportDto>((s, ct) => s.CreateAsync(input, ct))
            : await Ops.RunAsync<ReportService, ReportDto>((s, ct) => s.UpdateAsync(_report.Id, input, _report.Version, ct)));
        if (!ok || saved is null) return;
        Feedback.Done(T["Ui.ReportSaved"]);
        if (saved.Id != _report?.Id) Navigation.NavigateTo($"/reports/{saved.Id}");
        else _report = saved;
    }

    private async Task ScheduleAsync()
    {
        if (_report is not { } report) return;
        var input = new ReportScheduleInput(_cron ?? "", _zone ?? "UTC", _format, _recipients.ToList());
        if (await Feedback.TryAsync(async () => await Ops.RunAsync<ReportScheduleService, ReportScheduleDto>((s, ct) => s.CreateAsync(report.Id, input, ct))))
            _schedules = await Ops.RunAsync<ReportScheduleService, IReadOnlyList<ReportScheduleDto>>((s, ct) => s.ListAsync(report.Id, ct));
    }

    private bool IsDate(string? field) => field is not null && Dimensions.FirstOrDefault(d => d.Field == field)?.Kind == "date";

    private static string Camel<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private string MeasureLabel(ReportHead m) => ReportTable.Measure(m, key => T[key]);

    private static string Number(decimal? v) => v?.ToString("#,0.####", CultureInfo.CurrentCulture) ?? "";

    private string[] ChartLabels() => _result is null ? [] : ReportChart.Labels(_result, key => T[key]);

    private List<ChartSeries<double>> ChartSeries() => _result is null ? [] :
        ReportChart.Of(_result, key => T[key]).Select(s => new ChartSeries<double> { Name = s.Name, Data = new ChartData<double>(s.Values) }).ToList();
}
