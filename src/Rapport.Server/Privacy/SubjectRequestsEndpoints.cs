using Rapport.Core.Privacy.Requests;

namespace Rapport.Server.Privacy;

/// <summary>REST endpoints for data-subject requests.</summary>
internal static class SubjectRequestsEndpoints
{
    public static RouteGroupBuilder MapSubjectRequestsApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/privacy/requests").WithTags("Privacy");
        requests.MapGet("/", (SubjectRequestService s, CancellationToken ct, string? status, bool? open, bool? overdue, string? cursor, int? limit) =>
                s.ListAsync(QueryParams.Enum<SubjectRequestStatus>(status, nameof(status)), open, overdue, cursor, limit, ct))
            .WithName("ListSubjectRequests").WithSummary("Data-subject requests, newest first; by status, open or overdue (privacy.read).");
        var request = new VersionedRoutes<SubjectRequestService, SubjectRequestDto>(requests);
        request.MapCreate<SubjectRequestInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/privacy/requests/{dto.Id}")
            .WithName("CreateSubjectRequest").WithSummary("Take a request for a subject (a customer, an email or a phone): received now, due by its regime.");
        request.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetSubjectRequest").WithSummary("One request, with its deadline and outcome.");
        request.MapPut<SubjectRequestUpdate>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateSubjectRequest").WithSummary("Assign the request and keep notes.");
        request.MapAction<SubjectRequestMove>("/{id:guid}/move", (s, id, input, v, ct) => s.MoveAsync(id, input, v, ct))
            .WithName("MoveSubjectRequest").WithSummary("Received → verifying → in progress → completed, or refused with a reason.");
        new VersionedRoutes<SubjectExports, SubjectRequestDto>(requests).MapAction("/{id:guid}/export", (s, id, v, ct) => s.StartAsync(id, v, ct))
            .WithName("ExportSubjectData")
            .WithSummary("Start making the access / portability ZIP (JSON and CSV per table, README) in the background; answers the request, "
                + "moved on to in progress. Follow it at /export/progress; kept with the request once complete, audited.");
        request.MapAction("/{id:guid}/erase", (s, id, v, ct) => s.EraseAsync(id, v, ct))
            .WithName("EraseSubjectData").WithSummary("Anonymise the subject everywhere but legal-hold records; completes the request with what was erased and kept.");
        request.MapAction("/{id:guid}/restrict", (s, id, v, ct) => s.RestrictAsync(id, true, v, ct))
            .WithName("RestrictSubjectProcessing").WithSummary("Stop marketing, classification and segments for the subject's customer records.");
        request.MapAction("/{id:guid}/lift-restriction", (s, id, v, ct) => s.RestrictAsync(id, false, v, ct))
            .WithName("LiftSubjectRestriction").WithSummary("Lift the restriction of processing.");
        requests.MapGet("/{id:guid}/export", async (Guid id, SubjectRequestService s, CancellationToken ct) =>
            {
                var (name, content) = await s.OpenExportAsync(id, ct);
                return TypedResults.File(content, "application/zip", name);
            })
            .WithName("DownloadSubjectData").WithSummary("Download the request's ZIP (privacy.manage; audited).");
        requests.MapGet("/{id:guid}/export/progress", (Guid id, SubjectExports s, CancellationToken ct) => s.ProgressAsync(id, ct))
            .WithName("SubjectDataProgress")
            .WithSummary("How far the request's ZIP is: running (tables and rows written, percent), done, failed or none; the download once there is one (privacy.manage).");

        var settings = api.MapGroup("/admin/settings").WithTags("Settings");
        SettingsEndpoints.Section<SubjectRequestSettings>(settings, "GetSubjectRequestSettings", "SaveSubjectRequestSettings",
            "The default regime of a new request and the days a PIPL request is due in (GDPR: one month).", Permissions.PrivacyManage);
        settings.MapGet("/" + DataClassification.Key, (DataClassificationService s, CancellationToken ct) => s.GetAsync(ct))
            .WithName("GetDataClassification").WithSummary("Every classifiable field with its class (public, internal, confidential, personal, sensitive personal).");
        settings.MapPut("/" + DataClassification.Key, (DataClassification input, DataClassificationService s, CancellationToken ct) => s.SaveAsync(input, ct))
            .WithName("SaveDataClassification").WithSummary("Classify fields (\"customer.notes\": \"Personal\"); sensitive ones are masked, need privacy.export to export, and go into access ZIPs.");
        return api;
    }
}
