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
        var rule = new VersionedRoutes<AssignmentRuleService, AssignmentRuleDto>(rules);
        rule.MapCreate<AssignmentRuleInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/assignment-rules/{dto.Id}")
            .WithName("CreateAssignmentRule")
            .WithSummary("A rule tried after the others: conditions (category or below, priority, customer tier, channel, keywords) and a queue with a method (none, roundRobin, leastOpen).");
        rule.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetAssignmentRule").WithSummary("One assignment rule.");
        rule.MapPut<AssignmentRuleInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateAssignmentRule").WithSummary("Change an assignment rule.");
        rule.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteAssignmentRule").WithSummary("Delete an assignment rule.");
        rule.MapAction<AssignmentRuleMoveInput>("/{id:guid}/move", (s, id, input, v, ct) => s.MoveAsync(id, input, v, ct))
            .WithName("MoveAssignmentRule").WithSummary("Move a rule to a position in the order (0: tried first).");
        rules.MapPost("/apply", (AssignmentRuleService s, CancellationToken ct) => s.ApplyToUnassignedAsync(ct))
            .WithName("ApplyAssignmentRules").WithSummary("Run the rules over the active cases nobody owns (in the caller's scope); answers how many were looked at and routed.");
        return api;
    }
}
