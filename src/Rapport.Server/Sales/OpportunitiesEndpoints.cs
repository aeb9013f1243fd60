using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>REST endpoints for opportunities (deals), the pipeline board, the forecast and pipeline definitions.</summary>
internal static class OpportunitiesEndpoints
{
    public static RouteGroupBuilder MapSalesApi(this RouteGroupBuilder api)
    {
        var sales = api.MapGroup("").WithTags("Sales");
        var deals = sales.MapGroup("/opportunities");
        deals.MapGet("/", List).WithName("ListOpportunities")
            .WithSummary("List opportunities: pipeline, stage, owner, customer and close-date filters; newest, closing soonest or largest first.");
        deals.MapPost("/", Create).WithName("CreateOpportunity")
            .WithSummary("Create an opportunity; stage defaults to the pipeline's first, probability to the stage's, currency to the sales setting.");
        deals.MapGet("/board", (OpportunityService s, CancellationToken ct, Guid? pipelineId, Guid? ownerId, Guid? teamId, DateOnly? closeFrom, DateOnly? closeTo) =>
                s.BoardAsync(pipelineId, new BoardQuery(ownerId, teamId, closeFrom, closeTo), ct))
            .WithName("PipelineBoard").WithSummary("A pipeline as columns: each stage's count, amount and weighted amount, and its first 50 deals by close date.");
        deals.MapGet("/forecast", Forecast).WithName("Forecast")
            .WithSummary("Weighted pipeline, best case, commit and won by month or quarter, per owner or team and currency.");
        var deal = new VersionedRoutes<OpportunityService, OpportunityDto>(deals);
        deal.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetOpportunity").WithSummary("One opportunity, with its ETag.");
        deal.MapPut<OpportunityInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateOpportunity").WithSummary("Replace an opportunity's details (the stage changes by a move).");
        deal.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteOpportunity").WithSummary("Delete an opportunity and its stage history.");
        deal.MapAction<OpportunityMoveInput>("/{id:guid}/move", (s, id, input, v, ct) => s.MoveAsync(id, input, v, ct)).WithName("MoveOpportunity")
            .WithSummary("Move to another stage; the stage's required fields are checked, lost needs a reason.");
        deals.MapGet("/{id:guid}/history", (Guid id, OpportunityService s, CancellationToken ct) => s.HistoryAsync(id, ct))
            .WithName("OpportunityHistory").WithSummary("Every stage change: who, when, and the time spent in the stage left.");

        var pipelines = sales.MapGroup("/pipelines");
        pipelines.MapGet("/", (PipelineService s, CancellationToken ct) => s.ListAsync(ct)).WithName("ListPipelines").WithSummary("Pipelines and their stages.");
        pipelines.MapPost("/", (PipelineInput input, PipelineService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreateAsync(input, ct), dto => $"/api/v1/pipelines/{dto.Id}"))
            .WithName("CreatePipeline").WithSummary("Define a pipeline: stages in order, probabilities, required fields, won and lost stages.");
        var pipeline = new VersionedRoutes<PipelineService, PipelineDto>(pipelines);
        pipeline.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetPipeline").WithSummary("One pipeline.");
        pipeline.MapPut<PipelineInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdatePipeline").WithSummary("Redefine a pipeline; stages given with their id keep their deals.");
        pipeline.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeletePipeline").WithSummary("Delete a pipeline that holds no deals (not the default one).");

        SettingsEndpoints.Section<SalesSettings>(sales.MapGroup("/admin/settings").WithTags("Sales"), "GetSalesSettings", "SaveSalesSettings",
            "Sales settings: the default currency of new deals.", Permissions.OpportunitiesConfigure);
        return api;
    }

    private static Task<Page<OpportunityListItem>> List(
        OpportunityService service, CancellationToken ct, string? q = null, Guid? pipelineId = null, Guid? stageId = null, Guid? ownerId = null,
        Guid? customerId = null, DateOnly? closeFrom = null, DateOnly? closeTo = null, string? sort = null, string? cursor = null, int? limit = null)
    {
        var (by, desc) = QueryParams.Sort(sort, OpportunitySort.Created, ("createdAt", OpportunitySort.Created),
            ("expectedCloseDate", OpportunitySort.CloseDate), ("closeDate", OpportunitySort.CloseDate), ("amount", OpportunitySort.Amount));
        return service.ListAsync(new OpportunityQuery
        {
            Q = q, PipelineId = pipelineId, StageId = stageId, OwnerId = ownerId, CustomerId = customerId, CloseFrom = closeFrom, CloseTo = closeTo,
            Sort = by, Descending = desc, Cursor = cursor, Limit = limit,
        }, ct);
    }

    private static Task<IReadOnlyList<ForecastRow>> Forecast(OpportunityService service, DateOnly from, DateOnly to, CancellationToken ct,
        string? period = null, string? by = null) =>
        service.ForecastAsync(from, to, QueryParams.Enum<ForecastPeriod>(period, nameof(period)) ?? ForecastPeriod.Month,
            QueryParams.Enum<ForecastGroup>(by, nameof(by)) ?? ForecastGroup.Owner, ct);

    private static Task<Created<OpportunityDto>> Create(OpportunityInput input, OpportunityService service, HttpResponse response, CancellationToken ct) =>
        response.VersionedCreatedAsync(service.CreateAsync(input, ct), dto => $"/api/v1/opportunities/{dto.Id}");
}
