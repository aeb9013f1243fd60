using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Reports;

namespace Rapport.Core.Dashboards;

/// <summary>Dashboards: the standard ones and the caller's own and shared ones, saved with sharing like reports, and
/// each widget's figures: its report run as the caller (their record scope) under the dashboard's filters. A widget
/// whose report the caller may not see is refused on its own; the dashboard still opens.</summary>
public sealed class DashboardService(RapportDbContext db, ICurrentUser user, ReportService reports, SegmentService segments)
{
    private readonly SharedDefinitions<Dashboard, DashboardShare> saved = new(db, user, "dashboards", Permissions.ReportsRead, Permissions.ReportsManage);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The standard dashboards, then the caller's own and those shared with them, by name.</summary>
    public async Task<IReadOnlyList<DashboardSummary>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        var me = await saved.MeAsync(ct);
        var mine = await saved.Visible(me).OrderBy(d => d.Name).Select(d => new { d.Id, d.Name, d.OwnerId }).ToListAsync(ct);
        return StandardDashboards.All.Select(s => new DashboardSummary(s.Id, s.Label, true, false))
            .Concat(mine.Select(d => new DashboardSummary(d.Id, d.Name, false, d.OwnerId == me.Id))).ToList();
    }

    /// <summary>The standard dashboard shown on Home for the caller's roles, or none.</summary>
    public async Task<DashboardDto?> HomeAsync(CancellationToken ct)
    {
        if (!user.HasPermission(Permissions.ReportsRead)) return null;
        var me = await saved.MeAsync(ct);
        return StandardDashboards.All.FirstOrDefault(s => s.Roles.Any(me.Roles.Contains)) is { } s ? Standard(s) : null;
    }

    public async Task<DashboardDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ReportsRead);
        if (StandardDashboards.Find(id) is { } standard) return Standard(standard);
        var me = await saved.MeAsync(ct);
        return ToDto(await saved.FindAsync(me, id, ct), me);
    }

    public async Task<DashboardDto> CreateAsync(DashboardInput input, CancellationToken ct)
    {
        var (dashboard, me) = await saved.CreateAsync(async owner =>
        {
            var (name, widgets) = await CheckAsync(input, ct);
            return new Dashboard { Name = name, Widgets = widgets, OwnerId = owner.Id };
        }, input.Shares, ct);
        return ToDto(dashboard, me);
    }

    /// <summary>Changes a dashboard the caller owns or may edit. Only the owner changes whom it is shared with.</summary>
    public async Task<DashboardDto> UpdateAsync(Guid id, DashboardInput input, long? expectedVersion, CancellationToken ct)
    {
        var (dashboard, me) = await saved.UpdateAsync(id, expectedVersion,
            async d => (d.Name, d.Widgets) = await CheckAsync(input, ct), input.Shares, ct);
        return ToDto(dashboard, me);
    }

    /// <summary>Deletes a dashboard; only its owner may.</summary>
    public Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct) => saved.DeleteAsync(id, expectedVersion, ct);

    /// <summary>One widget's figures as the caller's scope gives them, under the dashboard's filters. Its report must be
    /// one the caller may see (404 otherwise) over a source they may read (403 otherwise).</summary>
    public async Task<WidgetResult> WidgetResultAsync(Guid id, Guid widgetId, DashboardFilters filters, CancellationToken ct)
    {
        var dashboard = await GetAsync(id, ct);
        var widget = dashboard.Widgets.FirstOrDefault(w => w.Id == widgetId) ?? throw new NotFoundException("Widget", widgetId);
        if (filters.From is { } f && filters.To is { } t && f > t) throw RapportValidationException.For("to", "Dashboard.PeriodReversed");
        if (widget.Kind == WidgetKind.SegmentSize) return await SegmentSizeAsync(widget, ct);
        var report = await reports.GetAsync(widget.ReportId, ct);
        var result = await reports.RunAsync(await FilteredAsync(report.Definition, filters, ct), ct);
        decimal? value = null, previous = null;
        if (widget.Kind == WidgetKind.Kpi)
        {
            value = First(result);
            if (filters is { From: { } from, To: { } to })
            {
                var days = to.DayNumber - from.DayNumber + 1;
                var before = filters with { From = from.AddDays(-days), To = from.AddDays(-1) };
                previous = First(await reports.RunAsync(await FilteredAsync(report.Definition, before, ct), ct)) ?? 0;
                value ??= 0;
            }
        }
        return new WidgetResult(widget.Id, widget.Title ?? report.Name, widget.Kind, result, value, previous);
    }

    /// <summary>A segment's size as the reader sees it: the capped count of its members inside their record scope (the
    /// dashboard's filters do not apply). A segment the reader may not see is refused like a report (404).</summary>
    private async Task<WidgetResult> SegmentSizeAsync(DashboardWidget widget, CancellationToken ct)
    {
        var id = widget.SegmentId ?? throw new NotFoundException("Segment", Guid.Empty);
        var segment = await segments.GetAsync(id, ct);
        var first = await segments.MembersAsync(id, null, 1, ct);
        var empty = new ReportResult("segments", [], null, [], [], [], [], false);
        return new WidgetResult(widget.Id, widget.Title ?? segment.Name, widget.Kind, empty, first.Total ?? first.Items.Count, null, first.TotalIsCapped);
    }

    /// <summary>The first measure's grand total (of the first currency, for money).</summary>
    private static decimal? First(ReportResult r) => r.Totals.Count > 0 && r.Totals[0].Total.Length > 0 ? r.Totals[0].Total[0] : null;

    /// <summary>The report's definition with the dashboard's filters added: the period on the source's first date field,
    /// the team and owner on its owner field.</summary>
    private async Task<ReportDefinition> FilteredAsync(ReportDefinition definition, DashboardFilters filters, CancellationToken ct)
    {
        var source = ReportSources.Find(definition.Source);
        var extra = new List<ReportFilter>();
        if (source?.Dimensions.FirstOrDefault(d => d.Kind == DimensionKind.Date) is { } date)
        {
            if (filters.From is { } from) extra.Add(new(date.Field, FilterOp.Gte, Day(from)));
            if (filters.To is { } to) extra.Add(new(date.Field, FilterOp.Lte, Day(to)));
        }
        if (source?.Dimension("owner") is not null)
        {
            if (filters.Owner is { } owner) extra.Add(new("owner", FilterOp.Eq, owner.ToString()));
            if (filters.Team is { } team)
            {
                if (!await db.Teams.AnyAsync(x => x.Id == team, ct)) throw RapportValidationException.For("team", "Report.UnknownShareTarget", team.ToString());
                var members = await db.Users.Where(u => u.TeamId == team).OrderBy(u => u.Id).Select(u => u.Id).Take(ReportQuery.MaxValues).ToListAsync(ct);
                // A team without members owns nothing: the empty id matches no record.
                extra.Add(new("owner", FilterOp.In, Values: members.Count > 0 ? members.Select(m => m.ToString()).ToList() : [Guid.Empty.ToString()]));
            }
        }
        return extra.Count == 0 ? definition : definition with { Filters = [.. definition.Filters ?? [], .. extra] };
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DashboardDto Standard(StandardDashboards.Standard s) => new(s.Id, s.Label, true, null, s.Widgets, [], false, 1);

    private static DashboardDto ToDto(Dashboard d, Sharer me) =>
        new(d.Id, d.Name, false, d.OwnerId, Read(d.Widgets), Sharing.Dtos(d.Shares), me.CanEdit(d.OwnerId, d.Shares), d.Version);

    private static List<DashboardWidget> Read(string json) => JsonSerializer.Deserialize<List<DashboardWidget>>(json, Json) ?? [];

    /// <summary>The name and widgets checked: each widget on the grid, of a known kind, over a report the caller may see.</summary>
    private async Task<(string Name, string Widgets)> CheckAsync(DashboardInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name);
        if (string.IsNullOrEmpty(name)) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, Dashboard.NameMax);
        var widgets = new List<DashboardWidget>();
        var given = input.Widgets ?? [];
        if (given.Count > DashboardWidget.MaxWidgets) errors.Add(new("widgets", "Dashboard.TooManyWidgets", DashboardWidget.MaxWidgets));
        for (var i = 0; i < given.Count && i < DashboardWidget.MaxWidgets; i++)
        {
            var path = $"widgets[{i}]";
            if (given[i] is not { } w) { errors.Add(new(path, "Validation.Required")); continue; }
            var title = TextInput.Clean(w.Title);
            TextInput.CheckLength(errors, path + ".title", title, DashboardWidget.TitleMax);
            if (!Enum.IsDefined(w.Kind)) errors.Add(new(path + ".kind", "Validation.Invalid"));
            if (w.W is < 1 or > DashboardWidget.Columns || w.X < 0 || w.X + w.W > DashboardWidget.Columns) errors.Add(new(path + ".w", "Dashboard.OffGrid"));
            if (w.H is < 1 or > DashboardWidget.MaxHeight || w.Y is < 0 or > DashboardWidget.MaxRow) errors.Add(new(path + ".h", "Dashboard.OffGrid"));
            if (w.Kind == WidgetKind.SegmentSize)
            {
                try { await segments.GetAsync(w.SegmentId ?? Guid.Empty, ct); }
                catch (Exception e) when (e is NotFoundException or ForbiddenException) { errors.Add(new(path + ".segmentId", "Dashboard.UnknownSegment", (w.SegmentId ?? Guid.Empty).ToString())); }
                w = w with { ReportId = Guid.Empty };
            }
            else
            {
                try { await reports.GetAsync(w.ReportId, ct); }
                catch (NotFoundException) { errors.Add(new(path + ".reportId", "Dashboard.UnknownReport", w.ReportId.ToString())); }
                w = w with { SegmentId = null };
            }
            widgets.Add(w with { Id = w.Id == Guid.Empty || widgets.Any(x => x.Id == w.Id) ? Guid.CreateVersion7() : w.Id, Title = title });
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var json = JsonSerializer.Serialize(widgets, Json);
        if (json.Length > Dashboard.WidgetsMax) throw RapportValidationException.For("widgets", "Validation.TooLong", Dashboard.WidgetsMax);
        return (name!, json);
    }
}
