using Rapport.Core.Retention;

namespace Rapport.Server.Retention;

/// <summary>The retention settings section, each policy's preview, "apply now", and the run history.</summary>
internal static class RetentionEndpoints
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        SettingsEndpoints.Section<RetentionSettings>(api.MapGroup("/admin/settings").WithTags("Settings"), "GetRetentionSettings", "SaveRetentionSettings",
            "Retention policies: unconverted leads (months, at least 6), closed interactions and closed cases (years, at least 1), finished mail bodies and import runs (days, at least 7); each enabled or not.");
        var retention = api.MapGroup("/admin/retention").WithTags("Retention");
        retention.MapGet("/", (RetentionService s, CancellationToken ct) => s.PreviewAllAsync(ct))
            .WithName("PreviewRetention").WithSummary("Every policy (audit included) with what it would remove now: a capped count and the ten oldest.");
        retention.MapGet("/{policy}", (string policy, RetentionService s, CancellationToken ct) => s.PreviewAsync(policy, ct))
            .WithName("PreviewRetentionPolicy").WithSummary("What one policy (leads, interactions, cases, mail, imports, audit) would remove now.");
        retention.MapPost("/{policy}/apply", (string policy, RetentionService s, CancellationToken ct) => s.ApplyAsync(policy, ct))
            .WithName("ApplyRetentionPolicy").WithSummary("Apply one policy now, whether or not it is enabled; the run is recorded and audited.");
        retention.MapGet("/runs", (string? policy, string? cursor, int? limit, RetentionService s, CancellationToken ct) => s.HistoryAsync(policy, cursor, limit, ct))
            .WithName("ListRetentionRuns").WithSummary("Runs of the policies, newest first (keyset pages); filter by policy.");
        return api;
    }
}
