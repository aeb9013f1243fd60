using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Core.Customers;
using Rapport.Core.Leads;
using Rapport.Core.Sales;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.Reports;

/// <summary>Large exports as background jobs: start one (202 with its progress) as CSV or Excel (<c>format=csv|xlsx</c>,
/// checked before anything starts), list and follow the caller's runs, download a finished file. The caller's own runs
/// only.</summary>
internal static class ExportsEndpoints
{
    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/exports").WithTags("Exports");
        exports.MapPost("/customers", async (ListExports s, CancellationToken ct,
                string? q, string? tag, string? tier, string? stage, Guid? ownerId, DateTime? createdFrom, DateTime? createdTo, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                var query = new CustomerQuery
                {
                    Q = q, Tag = tag, OwnerId = ownerId, CreatedFrom = createdFrom, CreatedTo = createdTo,
                    Tier = QueryParams.Enum<ValueTier>(tier, nameof(tier)),
                    Stage = QueryParams.Enum<LifecycleStage>(stage, nameof(stage)),
                };
                return Started(await s.CustomersAsync(query, file, ct));
            })
            .WithName("StartCustomerExport")
            .WithSummary("Export the filtered customer list as CSV or Excel (format=csv|xlsx) in the background (customers.export), in the import's columns; answers 202 with the run's progress.");
        exports.MapPost("/contacts", async (ListExports s, CancellationToken ct, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                return Started(await s.ContactsAsync(file, ct));
            })
            .WithName("StartContactExport")
            .WithSummary("Export the contacts of the customers in the caller's scope as CSV or Excel (format=csv|xlsx) in the background (customers.export and customers.read); 202 with the run's progress.");
        exports.MapPost("/leads", async (ListExports s, CancellationToken ct, string? q, string? status, Guid? ownerId, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                return Started(await s.LeadsAsync(new LeadQuery { Q = q, OwnerId = ownerId, Status = QueryParams.Enum<LeadStatus>(status, nameof(status)) }, file, ct));
            })
            .WithName("StartLeadExport")
            .WithSummary("Export the filtered lead list as CSV or Excel (format=csv|xlsx) in the background (customers.export and leads.read); 202 with the run's progress.");
        exports.MapPost("/opportunities", async (ListExports s, CancellationToken ct, string? q, Guid? pipelineId, Guid? stageId, Guid? ownerId, Guid? customerId,
                DateOnly? closeFrom, DateOnly? closeTo, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                return Started(await s.OpportunitiesAsync(new OpportunityQuery
                {
                    Q = q, PipelineId = pipelineId, StageId = stageId, OwnerId = ownerId, CustomerId = customerId, CloseFrom = closeFrom, CloseTo = closeTo,
                }, file, ct));
            })
            .WithName("StartOpportunityExport")
            .WithSummary("Export the filtered deal list as CSV or Excel (format=csv|xlsx) in the background (customers.export and opportunities.read); 202 with the run's progress.");
        exports.MapPost("/products", async (ListExports s, CancellationToken ct, Guid? priceListId, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                return Started(await s.ProductsAsync(priceListId, file, ct));
            })
            .WithName("StartProductExport")
            .WithSummary("Export the product catalogue with its prices (all lists, or priceListId's) as CSV or Excel (format=csv|xlsx) in the background, in the product import's columns (customers.export and products.read); 202 with the run's progress.");
        exports.MapPost("/interactions", async (ListExports s, CancellationToken ct, Guid customerId, string? kind, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                return Started(await s.InteractionsAsync(customerId, QueryParams.Enum<InteractionKind>(kind, nameof(kind)), file, ct));
            })
            .WithName("StartInteractionExport")
            .WithSummary("Export a customer's timeline (of one kind, if given) as CSV or Excel (format=csv|xlsx) in the background, newest first, in the interaction import's columns (customers.export; 404 for a customer out of scope); 202 with the run's progress.");
        exports.MapPost("/cases", async (ListExports s, CancellationToken ct, string? view, Guid? queueId, Guid? ownerId, string? status, string? priority,
                Guid? categoryId, Guid? customerId, string? q, string? sort, bool? active, string? format) =>
            {
                var file = ExportFileFormats.Parse(format);
                return Started(await s.CasesAsync(new CaseQuery(QueryParams.Enum<CaseView>(view, nameof(view)) ?? CaseView.All, queueId, ownerId,
                    QueryParams.Enum<CaseStatus>(status, nameof(status)), QueryParams.Enum<CasePriority>(priority, nameof(priority)), categoryId, customerId, q,
                    ActiveOnly: active ?? false, Sort: QueryParams.Enum<CaseSort>(sort, nameof(sort)) ?? CaseSort.Created), file, ct));
            })
            .WithName("StartCaseExport")
            .WithSummary("Export a view of the case list (view=All|Mine|MyTeams|Unassigned|BreachingSoon, filters, active=true for open cases only as the work queues show; sort=Created, newest first, or Due, queue order) as CSV or Excel (format=csv|xlsx) in the background, in the case import's columns (customers.export and cases.read); 202 with the run's progress.");
        exports.MapGet("/", (ListExports s) => s.Mine())
            .WithName("ListExports").WithSummary("The caller's background exports, newest first: running ones and those finished within the last hour.");
        exports.MapGet("/{id:guid}", (Guid id, ListExports s) => s.Get(id))
            .WithName("GetExport").WithSummary("A background export's progress (rows written of the estimate, ETA) and, when done, its download link.");
        exports.MapGet("/{id:guid}/file", (Guid id, ICurrentUser user, ExportRuns runs) =>
            {
                user.Require(Permissions.CustomersExport);
                return runs.File(user.Id ?? Guid.Empty, id) is { } file
                    ? Results.File(file.Path, file.Format.ContentType(), $"{file.Name}.{file.Format.Extension()}")
                    : throw new NotFoundException("Export", id);
            })
            .WithName("DownloadExport").WithSummary("A finished background export's file, CSV or Excel as it was started (404 while it runs or after it failed).");
        return api;
    }

    private static Accepted<ExportRunDto> Started(ExportRunDto run) => TypedResults.Accepted($"/api/v1/exports/{run.Id}", run);
}
