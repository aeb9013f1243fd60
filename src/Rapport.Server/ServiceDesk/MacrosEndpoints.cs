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
        var macro = new VersionedRoutes<MacroService, MacroDto>(macros);
        macro.MapCreate<MacroInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/macros/{dto.Id}")
            .WithName("CreateMacro").WithSummary("A canned response in en or zh-CN; placeholders {{ customer.name }}, {{ contact.name }}, {{ case.number }}, {{ agent.name }}.");
        macro.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetMacro").WithSummary("One macro.");
        macro.MapPut<MacroInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct)).WithName("UpdateMacro").WithSummary("Change a macro.");
        macro.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteMacro").WithSummary("Delete a macro.");
        return api;
    }
}
