using Rapport.Core.Customers;
using Rapport.Core.Settings;
using Rapport.Server.Privacy;

namespace Rapport.Server.Reports;

/// <summary>Large exports as background jobs: start one (202 with its progress), follow its progress, download the
/// finished file. The caller's own runs only.</summary>
internal static class ExportsEndpoints
{
    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/exports").WithTags("Exports");
        exports.MapPost("/customers", async (HttpContext http, ICurrentUser user, ExportRuns runs, SettingsService settings, CancellationToken ct,
                string? q, string? tag, string? tier, string? stage, Guid? ownerId, DateTime? createdFrom, DateTime? createdTo) =>
            {
                user.Require(Permissions.CustomersExport);
                var query = new CustomerQuery
                {
                    Q = q, Tag = tag, OwnerId = ownerId, CreatedFrom = createdFrom, CreatedTo = createdTo,
                    Tier = QueryParams.Enum<ValueTier>(tier, nameof(tier)),
                    Stage = QueryParams.Enum<LifecycleStage>(stage, nameof(stage)),
                };
                // The same columns as the direct export: sensitive ones only for holders of privacy.export.
                var keep = await PrivacyEndpoints.ExportableAsync(settings, user, ct);
                var run = await runs.StartAsync(http.User, http.Features.Get<UserAccess>() ?? UserAccess.Nobody, "customers", PrivacyEndpoints.Kept(PrivacyEndpoints.CustomerColumns, keep),
                    (sp, token) => sp.GetRequiredService<RapportDbContext>().Customers.LongCountAsync(token),
                    (sp, token) => Rows(sp, query, keep, token));
                return TypedResults.Accepted($"/api/v1/exports/{run.Id}", run);
            })
            .WithName("StartCustomerExport")
            .WithSummary("Export the filtered customer list as CSV in the background (customers.export), for lists too long to download at once; answers 202 with the run's progress.");
        exports.MapGet("/{id:guid}", (Guid id, ICurrentUser user, ExportRuns runs) =>
            {
                user.Require(Permissions.CustomersExport);
                return runs.Find(user.Id ?? Guid.Empty, id) ?? throw new NotFoundException("Export", id);
            })
            .WithName("GetExport").WithSummary("A background export's progress (rows written of the estimate) and, when done, its download link.");
        exports.MapGet("/{id:guid}/file", (Guid id, ICurrentUser user, ExportRuns runs) =>
            {
                user.Require(Permissions.CustomersExport);
                return runs.File(user.Id ?? Guid.Empty, id) is { } file
                    ? Results.File(file.Path, "text/csv; charset=utf-8", $"{file.Name}.csv")
                    : throw new NotFoundException("Export", id);
            })
            .WithName("DownloadExport").WithSummary("A finished background export's file (404 while it runs or after it failed).");
        return api;
    }

    /// <summary>The customers, a keyset page at a time, as CSV rows in the caller's time zone.</summary>
    private static async IAsyncEnumerable<string?[]> Rows(IServiceProvider sp, CustomerQuery query, bool[] keep, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var zone = await sp.GetRequiredService<Rapport.Core.Preferences.UserTimeZones>().ForAsync(sp.GetRequiredService<ICurrentUser>().Id, ct);
        await foreach (var c in sp.GetRequiredService<CustomerService>().ExportAsync(query, false, ct)) yield return PrivacyEndpoints.Kept(PrivacyEndpoints.CustomerRow(c, zone), keep);
    }
}
