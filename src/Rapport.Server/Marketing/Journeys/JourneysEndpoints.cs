using Rapport.Core.Marketing.Journeys;

namespace Rapport.Server.Marketing.Journeys;

/// <summary>REST endpoints for journeys: the definition (while a draft), activation, pause and finish, with the per-step
/// counts on the journey.</summary>
internal static class JourneysEndpoints
{
    public static RouteGroupBuilder MapJourneysApi(this RouteGroupBuilder api)
    {
        var journeys = api.MapGroup("/journeys").WithTags("Marketing");
        journeys.MapGet("/", (JourneyService s, CancellationToken ct, string? status, string? cursor, int? limit) =>
                s.ListAsync(QueryParams.Enum<JourneyStatus>(status, nameof(status)), cursor, limit, ct))
            .WithName("ListJourneys").WithSummary("Journeys, newest first; by status.");
        var journey = new VersionedRoutes<JourneyService, JourneyDto>(journeys);
        journey.MapCreate<JourneyInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/journeys/{dto.Id}")
            .WithName("CreateJourney").WithSummary("A draft journey: name, entry audience (a segment or a campaign's members) and steps.");
        journey.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetJourney").WithSummary("One journey with its steps and how many members are at and passed each.");
        journey.MapPut<JourneyInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateJourney").WithSummary("Replace a draft journey's name, audience and steps.");
        journey.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteJourney").WithSummary("Delete a draft or finished journey with its members.");
        journey.MapAction("/{id:guid}/activate", (s, id, v, ct) => s.ActivateAsync(id, v, ct))
            .WithName("ActivateJourney").WithSummary("Start or resume: enrol the audience (once each, with consent) and let the job move them.");
        journey.MapAction("/{id:guid}/pause", (s, id, v, ct) => s.PauseAsync(id, v, ct))
            .WithName("PauseJourney").WithSummary("Stop moving members until it is activated again.");
        journey.MapAction("/{id:guid}/finish", (s, id, v, ct) => s.FinishAsync(id, v, ct))
            .WithName("FinishJourney").WithSummary("End the journey: nobody moves any more.");
        return api;
    }
}
