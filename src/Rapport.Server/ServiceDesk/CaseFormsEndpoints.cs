using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>REST endpoints for the public case forms (administration; the forms themselves are <see cref="PublicCaseFormEndpoints"/>).</summary>
internal static class CaseFormsEndpoints
{
    public static RouteGroupBuilder MapCaseFormsApi(this RouteGroupBuilder api)
    {
        var forms = api.MapGroup("/case-forms").WithTags("Service desk");
        forms.MapGet("/", (CaseFormService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListCaseForms").WithSummary("The public case forms, by name.");
        var form = new VersionedRoutes<CaseFormService, CaseFormDto>(forms);
        form.MapCreate<CaseFormInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/case-forms/{dto.Id}")
            .WithName("CreateCaseForm").WithSummary("A public case form; link to /support/{token} with the token it gets.");
        form.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetCaseForm").WithSummary("One public case form.");
        form.MapPut<CaseFormInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateCaseForm").WithSummary("Rename a form, change what its cases start with, switch it on or off.");
        form.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteCaseForm").WithSummary("Delete a form (its cases stay).");
        return api;
    }
}
