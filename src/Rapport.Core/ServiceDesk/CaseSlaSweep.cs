using Rapport.Core.Audit;

namespace Rapport.Core.ServiceDesk;

/// <summary>The SLA breach sweep: marks active cases whose first-response or resolution due time has passed (set-based,
/// one statement per target), records one audit entry with the counts, and raises the priority of the newly breached
/// cases whose policy escalates a breach that way.</summary>
public sealed class CaseSlaSweep(RapportDbContext db, TimeProvider clock, AuditTrail audit)
{
    public const string AuditAction = "case.sla.swept";

    public sealed record Result(int FirstResponseBreached, int ResolutionBreached, int Raised);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var ticks = clock.GetUtcNow().UtcDateTime.Ticks;
        // Whole microseconds: what PostgreSQL keeps, so the newly breached are found again by their stamp.
        var now = new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
        var active = db.Cases.Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
        var firstResponse = await active
            .Where(c => c.FirstResponseBreachedAt == null && c.FirstResponseAt == null && c.FirstResponseDueAt != null && c.FirstResponseDueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FirstResponseBreachedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        // A case waiting on the customer has its clock paused: not breached while it waits.
        var resolution = await active
            .Where(c => c.ResolutionBreachedAt == null && c.PausedAt == null && c.ResolutionDueAt != null && c.ResolutionDueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ResolutionBreachedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (firstResponse + resolution == 0) return new Result(0, 0, 0);

        var raised = await RaiseAsync(now, ct);
        await audit.RecordAsync(AuditAction, "case", null, new { FirstResponseBreached = firstResponse, ResolutionBreached = resolution, Raised = raised },
            ct, userName: "system");
        return new Result(firstResponse, resolution, raised);
    }

    /// <summary>Runs the "raise priority" escalation of the policies for the cases breached at <paramref name="now"/>.</summary>
    private async Task<int> RaiseAsync(DateTime now, CancellationToken ct)
    {
        var policies = (await db.SlaPolicies.AsNoTracking().ToListAsync(ct))
            .Where(p => p.Escalations.Any(e => e.When == SlaEscalationTrigger.Breach && e.Action == SlaEscalationAction.RaisePriority))
            .ToDictionary(p => p.Id, p => p.Escalations.Where(e => e.When == SlaEscalationTrigger.Breach && e.Action == SlaEscalationAction.RaisePriority)
                .Select(e => e.Target).ToHashSet());
        if (policies.Count == 0) return 0;
        var ids = policies.Keys.ToList();
        var cases = await db.Cases
            .Where(c => c.SlaPolicyId != null && ids.Contains(c.SlaPolicyId.Value) && (c.FirstResponseBreachedAt == now || c.ResolutionBreachedAt == now))
            .ToListAsync(ct);
        var raised = 0;
        foreach (var c in cases)
        {
            var targets = policies[c.SlaPolicyId!.Value];
            var due = (c.FirstResponseBreachedAt == now && targets.Contains(SlaTargetKind.FirstResponse))
                || (c.ResolutionBreachedAt == now && targets.Contains(SlaTargetKind.Resolution));
            if (!due || c.Priority == CasePriority.Urgent) continue;
            c.Priority++;
            raised++;
        }
        await db.SaveChangesAsync(ct);
        return raised;
    }
}
