using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>REST endpoints for assignment rules (ordered routing of new cases) and applying them to the unassigned
/// cases; re-running them on one case is <c>POST /cases/{id}/reassign</c>.</summary>
internal static class AssignmentRulesEndpoints
{
    public static RouteGroupBuilder MapAssignmentRulesApi(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/assignment-rules").WithTags("Service desk");
        rules.MapGet("/", (AssignmentRuleService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListAssignmentRules").WithSummary("Assignment rules in the order they are tried; the first active rule a new case matches wins.");
        rules.MapPost("/", async (AssignmentRuleInput input, AssignmentRuleService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/assignment-rules/{dto.Id}", dto);
            })
            .WithName("CreateAssignmentRule")
            .WithSummary("A rule tried after the others: conditions (category or below, priority, customer tier, channel, keywords) and a queue with a method (none, roundRobin, leastOpen).");
        rules.MapGet("/{id:guid}", async (Guid id, AssignmentRuleService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetAssignmentRule").WithSummary("One assignment rule.");
        rules.MapPut("/{id:guid}", async (Guid id, AssignmentRuleInput input, AssignmentRuleService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateAssignmentRule").WithSummary("Change an assignment rule.");
        rules.MapDelete("/{id:guid}", async (Guid id, AssignmentRuleService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAssignmentRule").WithSummary("Delete an assignment rule.");
        rules.MapPost("/{id:guid}/move", async (Guid id, AssignmentRuleMoveInput input, AssignmentRuleService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.MoveAsync(id, input, ETags.Expected(request), ct)))
            .WithName("MoveAssignmentRule").WithSummary("Move a rule to a position in the order (0: tried first).");
        rules.MapPost("/apply", (AssignmentRuleService s, CancellationToken ct) => s.ApplyToUnassignedAsync(ct))
            .WithName("ApplyAssignmentRules").WithSummary("Run the rules over the active cases nobody owns (in the caller's scope); answers how many were looked at and routed.");
        return api;
    }
}
