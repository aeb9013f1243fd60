using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Observability;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Observability;

/// <summary>The logs page: the event table filtered by time, level, user, module and event, paged by keyset and
/// exported as CSV; and the alerts, open and cleared.</summary>
public sealed partial class LogsPage
{
    private static readonly LogLevel[] Levels = [LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical];

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private readonly List<LogEntryDto> _rows = [];
    private readonly List<AlertDto> _alerts = [];
    private string? _next, _alertsNext, _module, _event, _userName;
    private DateTime? _from, _to;
    private LogLevel? _level;
    private Guid? _userId;
    private bool _loading, _allowed, _showOpen = true;
    private int _openAlerts;

    protected override async Task OnInitializedAsync()
    {
        _allowed = (await Ops.AccessAsync()).Permissions.Contains(Permissions.LogsRead);
        if (!_allowed) return;
        await LoadAsync(null);
        await LoadAlertsAsync(null);
    }

    /// <summary>The day pickers give local dates: from the start of the first day to the end of the last, in the reader's zone.</summary>
    private LogQuery Query(string? cursor) => new(
        _from is { } f ? Time.ToUtc(f.Date) : null, _to is { } t ? Time.ToUtc(t.Date.AddDays(1)) : null,
        _level, _userId, _module, _event, cursor, 50);

    private string ExportUrl
    {
        get
        {
            var q = Query(null);
            var parts = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("from", q.From?.ToString("O", CultureInfo.InvariantCulture));
            Add("to", q.To?.ToString("O", CultureInfo.InvariantCulture));
            Add("level", q.Level?.ToString());
            Add("userId", q.UserId?.ToString());
            Add("module", q.Module);
            Add("event", q.Event);
            return "/api/v1/logs/export" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
        }
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        if (cursor is null) _rows.Clear();
        var query = Query(cursor);
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<LogService, Page<LogEntryDto>>((s, ct) => s.SearchAsync(query, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
        });
        _loading = false;
    }

    private async Task LoadAlertsAsync(string? cursor)
    {
        if (cursor is null) _alerts.Clear();
        var open = _showOpen;
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<AlertService, Page<AlertDto>>((s, ct) => s.ListAsync(open, cursor, 50, ct));
            _alerts.AddRange(page.Items);
            _alertsNext = page.NextCursor;
            if (open) _openAlerts = page.Items.Count;
        });
    }

    private async Task ShowAlertsAsync(bool open)
    {
        _showOpen = open;
        await LoadAlertsAsync(null);
    }

    private Task FilterEvent(string name)
    {
        _event = name;
        return LoadAsync(null);
    }

    private Task FilterUser(LogEntryDto? row)
    {
        (_userId, _userName) = (row?.UserId, row?.UserName);
        return LoadAsync(null);
    }

    private static Color Colour(LogLevel level) => level switch
    {
        >= LogLevel.Error => Color.Error,
        LogLevel.Warning => Color.Warning,
        _ => Color.Default,
    };
}
