using Rapport.Core.Dashboards;

namespace Rapport.Server.Dashboards;

/// <summary>REST endpoints for dashboards: the list, saved dashboards with ETags, and each widget's figures.</summary>
internal static class DashboardsEndpoints
{
    public static RouteGroupBuilder MapDashboardsApi(this RouteGroupBuilder api)
    {
        var dashboards = api.MapGroup("/dashboards").WithTags("Dashboards");
        dashboards.MapGet("/", (DashboardService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListDashboards").WithSummary("Standard dashboards, then the caller's own and those shared with them, by name.");
        var dashboard = new VersionedRoutes<DashboardService, DashboardDto>(dashboards);
        dashboard.MapCreate<DashboardInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/dashboards/{dto.Id}")
            .WithName("CreateDashboard").WithSummary("Save a dashboard: name, widgets on the grid (each over a report) and sharing.");
        dashboard.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetDashboard").WithSummary("One dashboard's layout (standard ones too).");
        dashboard.MapPut<DashboardInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateDashboard").WithSummary("Change a dashboard the caller owns or may edit; only the owner changes its sharing.");
        dashboard.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteDashboard").WithSummary("Delete a dashboard the caller owns.");
        dashboards.MapGet("/{id:guid}/widgets/{widgetId:guid}/result",
                (Guid id, Guid widgetId, DateOnly? from, DateOnly? to, Guid? team, Guid? owner, DashboardService s, CancellationToken ct) =>
                    s.WidgetResultAsync(id, widgetId, new DashboardFilters(from, to, team, owner), ct))
            .WithName("GetDashboardWidgetResult")
            .WithSummary("One widget's figures in the caller's record scope under the dashboard filters (from, to: calendar days; team; owner).");
        return api;
    }
}
