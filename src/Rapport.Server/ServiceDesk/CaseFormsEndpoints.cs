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
        forms.MapPost("/", (CaseFormInput input, CaseFormService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedCreatedAsync(s.CreateAsync(input, ct), dto => $"/api/v1/case-forms/{dto.Id}"))
            .WithName("CreateCaseForm").WithSummary("A public case form; link to /support/{token} with the token it gets.");
        forms.MapGet("/{id:guid}", async (Guid id, CaseFormService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetCaseForm").WithSummary("One public case form.");
        forms.MapPut("/{id:guid}", async (Guid id, CaseFormInput input, CaseFormService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateCaseForm").WithSummary("Rename a form, change what its cases start with, switch it on or off.");
        forms.MapDelete("/{id:guid}", (Guid id, CaseFormService s, HttpRequest request, CancellationToken ct) =>
                Answers.NoContentAfter(s.DeleteAsync(id, ETags.Expected(request), ct)))
            .WithName("DeleteCaseForm").WithSummary("Delete a form (its cases stay).");
        return api;
    }
}
