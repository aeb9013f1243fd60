using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>REST endpoints for macros (canned responses); rendering one for a case is under the case.</summary>
internal static class MacrosEndpoints
{
    public static RouteGroupBuilder MapMacrosApi(this RouteGroupBuilder api)
    {
        var macros = api.MapGroup("/macros").WithTags("Service desk");
        macros.MapGet("/", (MacroService s, CancellationToken ct, string? language, bool? all) => s.ListAsync(language, all ?? false, ct))
            .WithName("ListMacros").WithSummary("Macros by name; one language's (en, zh-CN) when asked; inactive ones too with all=true.");
        macros.MapPost("/", async (MacroInput input, MacroService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/macros/{dto.Id}", dto);
            })
            .WithName("CreateMacro").WithSummary("A canned response in en or zh-CN; placeholders {{ customer.name }}, {{ contact.name }}, {{ case.number }}, {{ agent.name }}.");
        macros.MapGet("/{id:guid}", async (Guid id, MacroService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetMacro").WithSummary("One macro.");
        macros.MapPut("/{id:guid}", async (Guid id, MacroInput input, MacroService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateMacro").WithSummary("Change a macro.");
        macros.MapDelete("/{id:guid}", async (Guid id, MacroService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteMacro").WithSummary("Delete a macro.");
        return api;
    }
}
