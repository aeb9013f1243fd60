using Rapport.Core.Quality;

namespace Rapport.Server.Quality;

/// <summary>REST endpoints for the duplicate review list (customers, contacts, leads), merges and the data-quality figures.</summary>
internal static class QualityEndpoints
{
    public static RouteGroupBuilder MapQualityApi(this RouteGroupBuilder api)
    {
        var quality = api.MapGroup("/quality").WithTags("Data quality");
        quality.MapGet("/duplicates", (DuplicateService s, CancellationToken ct, string? kind, string? cursor, int? limit) =>
                s.ListAsync(QueryParams.Enum<DuplicateKind>(kind, nameof(kind)), cursor, limit, ct))
            .WithName("ListDuplicatePairs")
            .WithSummary("Candidate duplicate customers, contacts and leads in the caller's scope (kind=customer|contact|lead for one kind), best score first (keyset pages).");
        quality.MapPost("/duplicates/scan", (DuplicateService s, CancellationToken ct) => s.ScanAsync(ct))
            .WithName("ScanDuplicates").WithSummary("Run the duplicate scan now (it also runs nightly).");
        quality.MapPost("/duplicates/{id:guid}/dismiss", (Guid id, DuplicateService s, CancellationToken ct) => Answers.NoContentAfter(s.DismissAsync(id, ct)))
            .WithName("DismissDuplicatePair").WithSummary("Not a duplicate: the pair leaves the list and later scans leave it out.");
        quality.MapGet("/overview", (QualityService s, CancellationToken ct) => s.OverviewAsync(ct))
            .WithName("QualityOverview").WithSummary("Completeness per field, invalid phones and emails, deal amount outliers and untouched customers, in the caller's scope (takenAt: the nightly snapshot's time for callers who see every record; null when counted now).");
        quality.MapPost("/overview/refresh", (QualityService s, CancellationToken ct) => s.RefreshAsync(ct))
            .WithName("RefreshQualityOverview").WithSummary("Count the figures now (for callers who see every record, this becomes the snapshot).");
        quality.MapGet("/issues/{issue}", (string issue, QualityService s, CancellationToken ct, string? cursor, int? limit) =>
                s.ListAsync(QueryParams.Enum<QualityIssue>(issue, nameof(issue))!.Value, cursor, limit, ct))
            .WithName("ListQualityIssueRecords").WithSummary("The records behind one figure (e.g. missingEmail, amountOutlier), newest first.");

        var merge = new VersionedRoutes<MergeService, CustomerMergeDto>(quality.MapGroup("/merges"));
        merge.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetCustomerMerge").WithSummary("One merge: survivor, loser, fields taken and rows moved.");
        merge.MapAction("/{id:guid}/undo", (s, id, v, ct) => s.UndoAsync(id, v, ct))
            .WithName("UndoCustomerMerge").WithSummary("Undo a merge while the loser is in the recycle bin: rows move back, fields are restored.");

        var customers = api.MapGroup("/customers").WithTags("Customers");
        new VersionedRoutes<MergeService, CustomerMergeDto>(customers)
            .MapAction<MergeInput>("/{id:guid}/merge", (s, id, input, v, ct) => s.MergeAsync(id, input, v, ct))
            .WithName("MergeCustomers").WithSummary("Merge a duplicate (loserId) into this customer (If-Match: this customer's version).");
        customers.MapGet("/{id:guid}/merges", (Guid id, MergeService s, CancellationToken ct) => s.ListAsync(id, ct))
            .WithName("ListCustomerMerges").WithSummary("The merges this customer survived, newest first.");

        customers.MapPost("/{customerId:guid}/contacts/{id:guid}/merge",
                async (Guid customerId, Guid id, MergeInput input, MergeService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                    response.VersionedOk(await s.MergeContactAsync(customerId, id, input, ETags.Expected(request), ct)))
            .WithTags("Contacts").WithName("MergeContacts")
            .WithSummary("Merge a duplicate contact of the same customer (loserId) into this one (If-Match: this contact's version).");
        new VersionedRoutes<MergeService, CustomerMergeDto>(api.MapGroup("/leads").WithTags("Leads"))
            .MapAction<MergeInput>("/{id:guid}/merge", (s, id, input, v, ct) => s.MergeLeadAsync(id, input, v, ct))
            .WithName("MergeLeads").WithSummary("Merge a duplicate open lead (loserId) into this one; the loser is disqualified as merged (If-Match: this lead's version).");
        return api;
    }
}
