using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>REST endpoints for the case category tree.</summary>
internal static class CaseCategoriesEndpoints
{
    public static RouteGroupBuilder MapCaseCategoriesApi(this RouteGroupBuilder api)
    {
        var categories = api.MapGroup("/case-categories").WithTags("Service desk");
        categories.MapGet("/", (CaseCategoryService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListCaseCategories").WithSummary("The category tree, parents before their children.");
        categories.MapPost("/", async (CaseCategoryInput input, CaseCategoryService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/case-categories/{dto.Id}", dto);
            })
            .WithName("CreateCaseCategory").WithSummary("A category (English and Chinese names), under a parent or at the top.");
        categories.MapGet("/{id:guid}", async (Guid id, CaseCategoryService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetCaseCategory").WithSummary("One category.");
        categories.MapPut("/{id:guid}", async (Guid id, CaseCategoryInput input, CaseCategoryService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateCaseCategory").WithSummary("Rename, move, re-sort or retire a category.");
        categories.MapDelete("/{id:guid}", async (Guid id, CaseCategoryService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteCaseCategory").WithSummary("Delete a category without sub-categories; its cases become uncategorised.");
        return api;
    }
}
