namespace Rapport.Server.Infrastructure;

/// <summary>The one <c>/api/v1</c> group every module maps its endpoints under, with what they share: a signed-in
/// caller (endpoints that need none say AllowAnonymous), and the problem responses any of them may give, declared in
/// OpenAPI so clients see them.</summary>
internal static class ApiConventions
{
    public static RouteGroupBuilder MapApiRoot(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        foreach (var status in new[] { 400, 401, 403, 404, 409, 412, 429 }) api.ProducesProblem(status);
        return api;
    }
}
