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
        var category = new VersionedRoutes<CaseCategoryService, CaseCategoryDto>(categories);
        category.MapCreate<CaseCategoryInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/case-categories/{dto.Id}")
            .WithName("CreateCaseCategory").WithSummary("A category (English and Chinese names), under a parent or at the top.");
        category.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetCaseCategory").WithSummary("One category.");
        category.MapPut<CaseCategoryInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateCaseCategory").WithSummary("Rename, move, re-sort or retire a category.");
        category.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteCaseCategory").WithSummary("Delete a category without sub-categories; its cases become uncategorised.");
        return api;
    }
}
