using Microsoft.AspNetCore.Components;
using Rapport.Core.Dashboards;
using Rapport.Core.Preferences;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Dashboards;

public sealed partial class DashboardBoard
{
    [Parameter, EditorRequired] public DashboardDto Dashboard { get; set; } = default!;
    /// <summary>How often every tile reloads while the dashboard is open.</summary>
    [Parameter] public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromMinutes(1);
    [Parameter] public EventCallback<DashboardWidget> OnRemove { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private DateTime? _from, _to;
    private Guid? _team, _owner;
    private int _generation;
    private IReadOnlyList<TeamNameDto> _teams = [];
    private IReadOnlyList<PersonDto> _people = [];
    private readonly CancellationTokenSource _stop = new();

    private DashboardFilters Filters => new(Day(_from), Day(_to), _team, _owner);

    private static DateOnly? Day(DateTime? d) => d is { } v ? DateOnly.FromDateTime(v) : null;

    protected override async Task OnInitializedAsync()
    {
        _teams = await Ops.RunAsync<PreferenceService, IReadOnlyList<TeamNameDto>>((s, ct) => s.TeamsAsync(ct));
        _people = await Ops.RunAsync<PreferenceService, IReadOnlyList<PersonDto>>((s, ct) => s.PeopleAsync(ct));
        _ = TickAsync(_stop.Token);
    }

    /// <summary>Live: every tile reloads on the interval until the dashboard is closed.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                await InvokeAsync(() =>
                {
                    Refresh();
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException) { }
    }

    private void Refresh() => _generation++;

    private static void Set(Action change) => change();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
