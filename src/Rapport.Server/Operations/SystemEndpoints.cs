using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Rapport.Core.Operations;
using Rapport.Core.Settings;

namespace Rapport.Server.Operations;

/// <summary>The system report, the effective configuration, the settings sections with their history, and <c>/health</c>.</summary>
internal static class SystemEndpoints
{
    public static RouteGroupBuilder MapSystemApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("System");
        admin.MapGet("/system", (SystemInfo s, CancellationToken ct) => s.ReadAsync(ct))
            .WithName("GetSystemReport").WithSummary("Version, database provider and size, data and attachment directories, uptime, health checks, and each module's facts.");
        admin.MapGet("/configuration", (SettingsConfiguration s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("GetEffectiveConfiguration").WithSummary("Every configuration key and settings field the app reads, its value (secrets masked) and where it came from: default, file, environment, command line, host or database.");
        admin.MapGet("/settings", (SettingsHistory s, CancellationToken ct) => s.SectionsAsync(ct))
            .WithName("ListSettingsSections").WithSummary("Every settings section with its current values (secrets masked), and who saved it last.");
        admin.MapGet("/settings/{section}/history", (string section, SettingsHistory s, CancellationToken ct, string? cursor = null, int? limit = null) =>
                s.HistoryAsync(section, cursor, limit, ct))
            .WithName("GetSettingsHistory").WithSummary("A section's saved changes, newest first: who, when, and each field before and after (secrets masked).");
        return api;
    }

    /// <summary><c>/health</c>: every check's state and the version, as JSON, for monitors and operators (no sign-in,
    /// as <c>/health/live</c> and <c>/health/ready</c>).</summary>
    public static IEndpointRouteBuilder MapVersionedHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (http, report) =>
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                return JsonSerializer.SerializeAsync(http.Response.Body, new
                {
                    status = report.Status.ToString(),
                    version = AppVersion.Semantic,
                    informationalVersion = AppVersion.Informational,
                    checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
                }, cancellationToken: http.RequestAborted);
            },
        }).AllowAnonymous();
        return app;
    }
}
