using Rapport.Core.Customers;
using Rapport.Core.Identity;

namespace Rapport.Core.ServiceDesk;

/// <summary>Runs the assignment rules: the first active rule (in order) whose conditions a case meets sends it to the
/// rule's queue and, by the rule's method, to one of the queue's active members (users whose team is the queue and whose
/// account is active). Round-robin turns are taken by a conditional UPDATE on the rule (compare the turn read, write the
/// next), retried when another creation took the turn first, so parallel creations get different members.</summary>
public sealed class CaseRouting(RapportDbContext db)
{
    /// <summary>What a rule decided for one case: its queue, and its owner (null: queue only, or no active member).</summary>
    public sealed record Route(Guid RuleId, Guid QueueId, Guid? OwnerId);

    /// <summary>A case as the rules see it.</summary>
    public sealed record Candidate(Guid? CategoryId, CasePriority Priority, Guid CustomerId, CaseChannel Channel, string Subject, string? Description);

    private const int TurnAttempts = 100;

    /// <summary>Routes one case (tracked or new): sets its queue and owner when a rule matches; false leaves it as it was.
    /// <paramref name="text"/> stands in for a missing description (the mail a case was opened by).</summary>
    public async Task<bool> RouteAsync(Case c, CancellationToken ct, string? text = null)
    {
        var route = (await RouteAllAsync([new Candidate(c.CategoryId, c.Priority, c.CustomerId, c.Channel, c.Subject, c.Description ?? text)], ct))[0];
        if (route is null) return false;
        (c.QueueId, c.OwnerId) = (route.QueueId, route.OwnerId);
        return true;
    }

    /// <summary>The route of each candidate (null: no rule matched), owners picked in the candidates' order.</summary>
    public async Task<IReadOnlyList<Route?>> RouteAllAsync(IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        var rules = await db.AssignmentRules.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Sort).ThenBy(r => r.Id).ToListAsync(ct);
        var routes = new Route?[candidates.Count];
        if (rules.Count == 0) return routes;
        var parents = rules.Any(r => r.CategoryId is not null)
            ? await db.CaseCategories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToDictionaryAsync(c => c.Id, c => c.ParentId, ct)
            : [];
        var customerIds = candidates.Select(c => c.CustomerId).Distinct().ToList();
        var tiers = await db.Customers.IgnoreQueryFilters().Where(c => customerIds.Contains(c.Id)).Select(c => new { c.Id, c.Tier })
            .ToDictionaryAsync(c => c.Id, c => c.Tier, ct);

        var matched = new AssignmentRule?[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var facts = new CaseFacts(Lineage(c.CategoryId, parents), c.Priority, tiers.GetValueOrDefault(c.CustomerId, ValueTier.Medium), c.Channel,
                CaseFacts.Fold($"{c.Subject}\n{c.Description}"));
            matched[i] = rules.FirstOrDefault(r => r.Matches(facts));
        }
        foreach (var group in Enumerable.Range(0, candidates.Count).Where(i => matched[i] is not null).GroupBy(i => matched[i]!.Id))
        {
            var rule = matched[group.First()]!;
            var at = group.ToList();
            var owners = await OwnersAsync(rule, at.Count, ct);
            for (var k = 0; k < at.Count; k++) routes[at[k]] = new Route(rule.Id, rule.QueueId, owners[k]);
        }
        return routes;
    }

    /// <summary>The category and every category above it.</summary>
    private static HashSet<Guid> Lineage(Guid? category, Dictionary<Guid, Guid?> parents)
    {
        var line = new HashSet<Guid>();
        for (var at = category; at is { } id && line.Add(id) && line.Count <= 50; at = parents.GetValueOrDefault(id)) { }
        return line;
    }

    /// <summary>Owners for <paramref name="count"/> cases routed by <paramref name="rule"/>, in order.</summary>
    private async Task<Guid?[]> OwnersAsync(AssignmentRule rule, int count, CancellationToken ct)
    {
        var owners = new Guid?[count];
        if (rule.Method == AssignmentMethod.None) return owners;
        // Ordered in memory, ordinally: the same turn order on both databases whatever their collations.
        var members = (await db.Users.AsNoTracking().Where(u => u.TeamId == rule.QueueId && u.Status == UserStatus.Active)
                .Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName ?? "" }).ToListAsync(ct))
            .OrderBy(u => u.Name, StringComparer.Ordinal).ThenBy(u => u.Id).Select(u => u.Id).ToList();
        if (members.Count == 0) return owners;
        if (rule.Method == AssignmentMethod.RoundRobin)
        {
            var turn = await TakeTurnsAsync(rule.Id, count, ct);
            for (var k = 0; k < count; k++) owners[k] = members[(int)((turn + k) % members.Count)];
            return owners;
        }
        // Least open: active cases owned, whoever's scope they are in; each pick counts towards the next.
        var open = await db.Cases.IgnoreQueryFilters([QueryFilters.Scope])
            .Where(c => c.OwnerId != null && members.Contains(c.OwnerId.Value) && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .GroupBy(c => c.OwnerId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        for (var k = 0; k < count; k++)
        {
            var pick = members.MinBy(m => open.GetValueOrDefault(m));
            owners[k] = pick;
            open[pick] = open.GetValueOrDefault(pick) + 1;
        }
        return owners;
    }

    /// <summary>Takes <paramref name="count"/> consecutive round-robin turns of a rule and answers the first: read the turn,
    /// then move it on only if it is still the one read (one conditional UPDATE); a lost race reads again.</summary>
    private async Task<long> TakeTurnsAsync(Guid ruleId, int count, CancellationToken ct)
    {
        for (var attempt = 0; attempt < TurnAttempts; attempt++)
        {
            var turn = await db.AssignmentRules.Where(r => r.Id == ruleId).Select(r => (long?)r.RoundRobinNext).FirstOrDefaultAsync(ct);
            if (turn is not { } seen) return 0; // the rule went meanwhile: any member will do
            var taken = await db.AssignmentRules.Where(r => r.Id == ruleId && r.RoundRobinNext == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RoundRobinNext, seen + count), ct);
            if (taken == 1) return seen;
        }
        throw new InvalidOperationException($"Could not take a round-robin turn of assignment rule {ruleId} after {TurnAttempts} attempts.");
    }
}
