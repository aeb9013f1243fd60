using Microsoft.AspNetCore.Components;
using Rapport.Core.Dashboards;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Dashboards;

public sealed partial class DashboardList
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private IReadOnlyList<DashboardSummary>? _dashboards;
    private bool _canManage;
    private string? _name;

    protected override async Task OnInitializedAsync() => await Feedback.TryAsync(async () =>
    {
        _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.ReportsManage);
        _dashboards = await Ops.RunAsync<DashboardService, IReadOnlyList<DashboardSummary>>((s, ct) => s.ListAsync(ct));
    });

    private async Task CreateAsync()
    {
        var input = new DashboardInput(_name ?? "", []);
        DashboardDto? created = null;
        if (await Feedback.TryAsync(async () => created = await Ops.RunAsync<DashboardService, DashboardDto>((s, ct) => s.CreateAsync(input, ct))) && created is not null)
            Navigation.NavigateTo($"/dashboards/{created.Id}");
    }
}
