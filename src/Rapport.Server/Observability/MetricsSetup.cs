using OpenTelemetry.Metrics;
using Rapport.Core.Observability;

namespace Rapport.Server.Observability;

/// <summary><c>/metrics</c> in Prometheus text format through OpenTelemetry: ASP.NET Core's request rate and latency
/// by route, Kestrel's connections, Npgsql's connection pool, the runtime's memory and GC, open Blazor circuits, and
/// <see cref="RapportMetrics"/>. Guarded by a personal
/// access token with <c>metrics.read</c>, or, with <c>Observability:MetricsPort</c>, answered only on that port.</summary>
internal static class MetricsSetup
{
    public const string Path = "/metrics";
    public const string Policy = "metrics";

    public static IServiceCollection AddRapportMetrics(this IServiceCollection services)
    {
        services.Configure<Microsoft.Extensions.Caching.Memory.MemoryCacheOptions>(o => o.TrackStatistics = true);
        services.AddSingleton<RapportMetrics>();
        services.AddOpenTelemetry().WithMetrics(m => m
            // System.Runtime: the process's memory, GC heap and collections; Circuits: open Blazor pages.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", "System.Runtime",
                "Microsoft.AspNetCore.Components.Server.Circuits", RapportMetrics.MeterName)
            .AddPrometheusExporter());
        // Bearer only: a scraper is a program, which should get a 401, not the sign-in page a browser is sent to.
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireAssertion(c =>
            c.Resource is HttpContext http && http.Features.Get<UserAccess>()?.Permissions.Contains(Permissions.MetricsRead) == true));
        return services;
    }

    public static void MapRapportMetrics(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsPort;
        var endpoint = app.MapPrometheusScrapingEndpoint(Path);
        if (port is { } p) endpoint.RequireHost($"*:{p}").AllowAnonymous();
        else endpoint.RequireAuthorization(Policy);
    }
}
