using Rapport.Core.Audit;
using Rapport.Core.Notifications;

namespace Rapport.Core.ServiceDesk;

/// <summary>The SLA sweep: stamps active cases whose first-response, next-update or resolution target reached its warning point or
/// its due time (set-based, one statement per target and trigger, each target warned and breached once), runs the
/// escalations of their policies for what was stamped (notify the owner or the queue's lead, raise the priority, move
/// to another queue), and records one audit entry with the counts.</summary>
public sealed class CaseSlaSweep(RapportDbContext db, TimeProvider clock, AuditTrail audit, NotificationService notifications)
{
    public const string AuditAction = "case.sla.swept";

    public sealed record Result(int FirstResponseBreached, int ResolutionBreached, int Raised, int FirstResponseWarned = 0, int ResolutionWarned = 0,
        int Notified = 0, int Moved = 0, int NextUpdateWarned = 0, int NextUpdateBreached = 0);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var ticks = clock.GetUtcNow().UtcDateTime.Ticks;
        // Whole microseconds: what PostgreSQL keeps, so the newly stamped are found again by their stamp.
        var now = new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
        // Active = neither resolved nor closed (reopening clears both stamps), written as the partial indexes' terms.
        var active = db.Cases.Where(c => c.ResolvedAt == null && c.ClosedAt == null);
        // A warning is for a target not yet due: a case found past its due time at once is breached, not warned.
        var firstResponseWarned = await active
            .Where(c => c.FirstResponseAt == null && c.FirstResponseWarnedAt == null && c.FirstResponseWarnAt != null && c.FirstResponseWarnAt <= now
                && c.FirstResponseDueAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FirstResponseWarnedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        var resolutionWarned = await active
            .Where(c => c.ResolutionWarnedAt == null && c.PausedAt == null && c.ResolutionWarnAt != null && c.ResolutionWarnAt <= now && c.ResolutionDueAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ResolutionWarnedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        var firstResponse = await active
            .Where(c => c.FirstResponseAt == null && c.FirstResponseBreachedAt == null && c.FirstResponseDueAt != null && c.FirstResponseDueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FirstResponseBreachedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        // A case waiting on the customer has its clock paused: not breached while it waits.
        var resolution = await active
            .Where(c => c.ResolutionBreachedAt == null && c.PausedAt == null && c.ResolutionDueAt != null && c.ResolutionDueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ResolutionBreachedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        // The running next-update period, paused like the resolution while the case waits on the customer.
        var nextUpdateWarned = await active
            .Where(c => c.NextUpdateWarnedAt == null && c.PausedAt == null && c.NextUpdateWarnAt != null && c.NextUpdateWarnAt <= now && c.NextUpdateDueAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextUpdateWarnedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
        var nextUpdate = await active
            .Where(c => c.NextUpdateBreachedAt == null && c.PausedAt == null && c.NextUpdateDueAt != null && c.NextUpdateDueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextUpdateBreachedAt, now).SetProperty(c => c.NextUpdateBreaches, c => c.NextUpdateBreaches + 1)
                .SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (firstResponseWarned + resolutionWarned + firstResponse + resolution + nextUpdateWarned + nextUpdate == 0) return new Result(0, 0, 0);

        var (raised, moved, notified) = await EscalateAsync(now, ct);
        var result = new Result(firstResponse, resolution, raised, firstResponseWarned, resolutionWarned, notified, moved, nextUpdateWarned, nextUpdate);
        await audit.RecordAsync(AuditAction, "case", null, new
        {
            FirstResponseWarned = firstResponseWarned, ResolutionWarned = resolutionWarned, NextUpdateWarned = nextUpdateWarned,
            FirstResponseBreached = firstResponse, ResolutionBreached = resolution, NextUpdateBreached = nextUpdate, Raised = raised, Moved = moved,
            Notified = notified,
        }, ct, userName: "system");
        return result;
    }

    /// <summary>Runs the escalations of the policies for the targets stamped at <paramref name="now"/>: the stamped cases
    /// in one query, the policies in one, the teams involved (queues, escalation queues, owners' teams) in one, the
    /// recipients in one; the changed cases (each change in the audit trail) and the notifications in one save.</summary>
    private async Task<(int Raised, int Moved, int Notified)> EscalateAsync(DateTime now, CancellationToken ct)
    {
        var policies = (await db.SlaPolicies.AsNoTracking().ToListAsync(ct)).Where(p => p.Escalations.Count > 0).ToDictionary(p => p.Id, p => p.Escalations);
        if (policies.Count == 0) return (0, 0, 0);
        var ids = policies.Keys.ToList();
        var cases = await db.Cases
            .Where(c => c.SlaPolicyId != null && ids.Contains(c.SlaPolicyId.Value)
                && (c.FirstResponseWarnedAt == now || c.ResolutionWarnedAt == now || c.FirstResponseBreachedAt == now || c.ResolutionBreachedAt == now
                    || c.NextUpdateWarnedAt == now || c.NextUpdateBreachedAt == now))
            .ToListAsync(ct);
        if (cases.Count == 0) return (0, 0, 0);

        var owners = cases.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!.Value).Distinct().ToList();
        var ownerTeams = await db.Users.Where(u => owners.Contains(u.Id) && u.TeamId != null).Select(u => new { u.Id, Team = u.TeamId!.Value })
            .ToDictionaryAsync(u => u.Id, u => u.Team, ct);
        var teamIds = cases.Where(c => c.QueueId is not null).Select(c => c.QueueId!.Value)
            .Concat(policies.Values.SelectMany(e => e).Where(e => e.QueueId is not null).Select(e => e.QueueId!.Value))
            .Concat(ownerTeams.Values).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);

        var (raised, moved) = (0, 0);
        var requests = new List<NotificationRequest>();
        foreach (var c in cases)
        {
            var raisedThis = false;
            foreach (var (target, trigger, due) in Fired(c, now))
            {
                var recipients = new HashSet<Guid>();
                foreach (var e in policies[c.SlaPolicyId!.Value].Where(e => e.Target == target && e.When == trigger))
                {
                    switch (e.Action)
                    {
                        case SlaEscalationAction.NotifyOwner when c.OwnerId is { } owner:
                            recipients.Add(owner);
                            break;
                        case SlaEscalationAction.NotifyQueueLead when c.QueueId is { } queue && teams.GetValueOrDefault(queue)?.LeadId is { } lead:
                            recipients.Add(lead);
                            break;
                        // Once per case and sweep, as before, however many of its targets escalate that way at once.
                        case SlaEscalationAction.RaisePriority when !raisedThis && c.Priority != CasePriority.Urgent:
                            c.Priority++;
                            (raisedThis, raised) = (true, raised + 1);
                            break;
                        case SlaEscalationAction.MoveToQueue when e.QueueId is { } to && c.QueueId != to && teams.TryGetValue(to, out var escalation):
                            c.QueueId = to;
                            // An owner outside the escalation queue (their team is neither it nor below it) hands the case over: it waits there unassigned.
                            if (c.OwnerId is { } current && !(ownerTeams.TryGetValue(current, out var team) && teams.TryGetValue(team, out var own)
                                    && own.Path.StartsWith(escalation.Path, StringComparison.Ordinal)))
                                c.OwnerId = null;
                            moved++;
                            break;
                    }
                }
                if (recipients.Count > 0)
                    requests.Add(new NotificationRequest(recipients, trigger == SlaEscalationTrigger.Warning ? NotificationKind.SlaWarning : NotificationKind.SlaBreach,
                        trigger == SlaEscalationTrigger.Warning ? "Notification.SlaWarning" : "Notification.SlaBreach",
                        [NotificationArg.Of(c.Number), NotificationArg.Resource($"Enum.SlaTargetKind.{target}"), NotificationArg.Time(due)], $"/cases/{c.Id}"));
            }
        }
        var notified = await notifications.NotifyAsync(requests, ct);
        await db.SaveChangesAsync(ct);
        return (raised, moved, notified);
    }

    /// <summary>What the sweep stamped on <paramref name="c"/> at <paramref name="now"/>: each target and trigger with the target's due time.</summary>
    private static IEnumerable<(SlaTargetKind Target, SlaEscalationTrigger Trigger, DateTime Due)> Fired(Case c, DateTime now)
    {
        if (c.FirstResponseWarnedAt == now && c.FirstResponseDueAt is { } fw) yield return (SlaTargetKind.FirstResponse, SlaEscalationTrigger.Warning, fw);
        if (c.ResolutionWarnedAt == now && c.ResolutionDueAt is { } rw) yield return (SlaTargetKind.Resolution, SlaEscalationTrigger.Warning, rw);
        if (c.FirstResponseBreachedAt == now && c.FirstResponseDueAt is { } fb) yield return (SlaTargetKind.FirstResponse, SlaEscalationTrigger.Breach, fb);
        if (c.ResolutionBreachedAt == now && c.ResolutionDueAt is { } rb) yield return (SlaTargetKind.Resolution, SlaEscalationTrigger.Breach, rb);
        if (c.NextUpdateWarnedAt == now && c.NextUpdateDueAt is { } nw) yield return (SlaTargetKind.NextUpdate, SlaEscalationTrigger.Warning, nw);
        if (c.NextUpdateBreachedAt == now && c.NextUpdateDueAt is { } nb) yield return (SlaTargetKind.NextUpdate, SlaEscalationTrigger.Breach, nb);
    }
}
