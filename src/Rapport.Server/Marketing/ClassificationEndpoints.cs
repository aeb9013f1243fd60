using Rapport.Core.Marketing.Classification;

namespace Rapport.Server.Marketing;

/// <summary>REST endpoints for classification: a customer's classification, overrides and history, the settings
/// section, and a recomputation on demand.</summary>
internal static class ClassificationEndpoints
{
    public static RouteGroupBuilder MapClassificationEndpoints(this RouteGroupBuilder api)
    {
        var customer = api.MapGroup("/customers/{id:guid}/classification").WithTags("Classification");
        customer.MapGet("/", (Guid id, ClassificationService s, CancellationToken ct) => s.GetAsync(id, ct))
            .WithName("GetCustomerClassification").WithSummary("A customer's tier, stage and behaviour, the overrides, and the RFM figures.");
        customer.MapPut("/", (Guid id, ClassificationOverrideInput input, ClassificationService s, CancellationToken ct) => s.OverrideAsync(id, input, ct))
            .WithName("OverrideCustomerClassification").WithSummary("Set the overrides (null clears one): each sticks until cleared; the nightly job leaves it alone.");
        customer.MapGet("/history", (Guid id, ClassificationService s, CancellationToken ct) => s.HistoryAsync(id, ct))
            .WithName("GetCustomerClassificationHistory").WithSummary("The customer's classification changes, newest first: field, from, to, when, by whom.");
        api.MapPost("/classification/run", (ClassificationService s, CancellationToken ct) => s.RecomputeAsync(byUser: true, ct))
            .WithTags("Classification").WithName("RunClassification").WithSummary("Recompute every customer's classification now (what the nightly job does).");
        SettingsEndpoints.Section<ClassificationSettings>(api.MapGroup("/admin/settings").WithTags("Settings"),
            "GetClassificationSettings", "SaveClassificationSettings",
            "RFM window and scoring (quintiles or thresholds), tier scores, behaviour days, lifecycle stage rules and tag rules.",
            Permissions.ClassificationManage);
        return api;
    }
}
