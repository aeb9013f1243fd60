using Rapport.Core.Audit;

namespace Rapport.Core.ServiceDesk;

/// <summary>The desk's assignment rules, kept in order by its administrators (cases.admin), and applying them again to
/// the active cases nobody owns. New cases are routed by <see cref="CaseService"/> through <see cref="CaseRouting"/>.</summary>
public sealed class AssignmentRuleService(RapportDbContext db, ICurrentUser user, CaseRouting routing, AuditTrail audit)
{
    public const string AppliedAction = "case.assignment.applied";
    private const int ApplyBatch = 200;

    /// <summary>Every rule, in the order they are tried.</summary>
    public async Task<IReadOnlyList<AssignmentRuleDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        var rules = await Ordered().AsNoTracking().ToListAsync(ct);
        var queues = await QueueNamesAsync(rules.Select(r => r.QueueId), ct);
        return rules.Select((r, i) => ToDto(r, i, queues)).ToList();
    }

    public async Task<AssignmentRuleDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        return await DtoAsync(await FindAsync(id, ct), ct);
    }

    /// <summary>A new rule, tried after the others.</summary>
    public async Task<AssignmentRuleDto> CreateAsync(AssignmentRuleInput input, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var (name, keywords) = await ValidateAsync(input, ct);
        var last = await db.AssignmentRules.MaxAsync(r => (int?)r.Sort, ct) ?? -1;
        var rule = new AssignmentRule { Name = name, Sort = last + 1 };
        Apply(rule, input, keywords);
        db.AssignmentRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return await DtoAsync(rule, ct);
    }

    public async Task<AssignmentRuleDto> UpdateAsync(Guid id, AssignmentRuleInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var rule = await FindAsync(id, ct);
        rule.ExpectVersion(expectedVersion, "AssignmentRule", id);
        var (name, keywords) = await ValidateAsync(input, ct);
        rule.Name = name;
        Apply(rule, input, keywords);
        await db.SaveChangesAsync(ct);
        return await DtoAsync(rule, ct);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var rule = await FindAsync(id, ct);
        rule.ExpectVersion(expectedVersion, "AssignmentRule", id);
        db.AssignmentRules.Remove(rule);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves a rule to <see cref="AssignmentRuleMoveInput.Position"/> in the order (the others close up around it).</summary>
    public async Task<AssignmentRuleDto> MoveAsync(Guid id, AssignmentRuleMoveInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var rule = await FindAsync(id, ct);
        rule.ExpectVersion(expectedVersion, "AssignmentRule", id);
        if (input.Position < 0) throw RapportValidationException.For("position", "Validation.Range", 0, int.MaxValue);
        var rules = await Ordered().ToListAsync(ct);
        rules.Remove(rule);
        rules.Insert(Math.Min(input.Position, rules.Count), rule);
        // Only the rules whose place changed are saved (and get a new version).
        for (var i = 0; i < rules.Count; i++)
            if (rules[i].Sort != i) rules[i].Sort = i;
        await db.SaveChangesAsync(ct);
        return await DtoAsync(rule, ct);
    }

    /// <summary>Runs the rules over the active cases in the caller's scope that nobody owns, oldest first, a batch at a
    /// time: the routed cases move with one UPDATE per (queue, owner) — still unowned when it runs — and each such move is
    /// one audit entry naming the cases.</summary>
    public async Task<AssignmentApplyResult> ApplyToUnassignedAsync(CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var (examined, assigned) = (0, 0);
        string? cursor = null;
        do
        {
            var unowned = db.Cases.AsNoTracking()
                .Where(c => c.OwnerId == null && c.MergedIntoId == null && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
            var rows = await Keyset.Seek(unowned, c => c.CreatedAt, c => c.Id, false, cursor, ApplyBatch)
                .Select(c => new { c.Id, c.CreatedAt, c.QueueId, Candidate = new CaseRouting.Candidate(c.CategoryId, c.Priority, c.CustomerId, c.Channel, c.Subject, c.Description) })
                .ToListAsync(ct);
            var (batch, next) = Keyset.Cut(rows, ApplyBatch, r => r.CreatedAt, r => r.Id);
            cursor = next;
            examined += batch.Count;
            var routes = await routing.RouteAllAsync(batch.Select(r => r.Candidate).ToList(), ct);
            var moves = batch.Zip(routes).Where(x => x.Second is { } route && (route.OwnerId is not null || route.QueueId != x.First.QueueId))
                .GroupBy(x => (x.Second!.QueueId, x.Second.OwnerId), x => x.First.Id);
            foreach (var move in moves)
            {
                var ids = move.ToList();
                var (queue, owner) = move.Key;
                var moved = await db.Cases.Where(c => ids.Contains(c.Id) && c.OwnerId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.QueueId, queue).SetProperty(c => c.OwnerId, owner).SetProperty(c => c.Version, c => c.Version + 1), ct);
                if (moved == 0) continue;
                assigned += moved;
                await audit.RecordAsync(AppliedAction, "case", null, new { queueId = queue, ownerId = owner, cases = ids }, ct);
            }
        }
        while (cursor is not null);
        return new AssignmentApplyResult(examined, assigned);
    }

    private IQueryable<AssignmentRule> Ordered() => db.AssignmentRules.OrderBy(r => r.Sort).ThenBy(r => r.Id);

    private static void Apply(AssignmentRule rule, AssignmentRuleInput input, List<string> keywords) =>
        (rule.Active, rule.CategoryId, rule.Priority, rule.Tier, rule.Channel, rule.Keywords, rule.QueueId, rule.Method) =
        (input.Active, input.CategoryId, input.Priority, input.Tier, input.Channel, keywords, input.QueueId!.Value, input.Method);

    private async Task<(string Name, List<string> Keywords)> ValidateAsync(AssignmentRuleInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, AssignmentRule.NameMax);
        if (input.QueueId is not { } queue) errors.Add(new("queueId", "Validation.Required"));
        else if (!await db.Teams.AnyAsync(t => t.Id == queue, ct)) errors.Add(new("queueId", "Validation.UnknownTeam"));
        if (!Enum.IsDefined(input.Method)) errors.Add(new("method", "Validation.Invalid"));
        if (input.Priority is { } p && !Enum.IsDefined(p)) errors.Add(new("priority", "Validation.Invalid"));
        if (input.Tier is { } t && !Enum.IsDefined(t)) errors.Add(new("tier", "Validation.Invalid"));
        if (input.Channel is { } ch && !Enum.IsDefined(ch)) errors.Add(new("channel", "Validation.Invalid"));
        if (input.CategoryId is { } category && !await db.CaseCategories.AnyAsync(c => c.Id == category, ct))
            errors.Add(new("categoryId", "Validation.UnknownCategory"));
        var keywords = (input.Keywords ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (keywords.Count > AssignmentRule.KeywordsMax) errors.Add(new("keywords", "Validation.TooMany", AssignmentRule.KeywordsMax));
        if (keywords.Any(k => k.Length > AssignmentRule.KeywordMax)) errors.Add(new("keywords", "Validation.TooLong", AssignmentRule.KeywordMax));
        foreach (var k in keywords) SafeText.Check(errors, "keywords", k);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, keywords);
    }

    private async Task<AssignmentRule> FindAsync(Guid id, CancellationToken ct) =>
        await db.AssignmentRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("AssignmentRule", id);

    private async Task<AssignmentRuleDto> DtoAsync(AssignmentRule rule, CancellationToken ct)
    {
        var order = await Ordered().Select(r => r.Id).ToListAsync(ct);
        return ToDto(rule, order.IndexOf(rule.Id), await QueueNamesAsync([rule.QueueId], ct));
    }

    private async Task<Dictionary<Guid, string>> QueueNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Teams.AsNoTracking().Where(t => wanted.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
    }

    private static AssignmentRuleDto ToDto(AssignmentRule r, int position, Dictionary<Guid, string> queues) =>
        new(r.Id, position, r.Name, r.Active, r.CategoryId, r.Priority, r.Tier, r.Channel, r.Keywords, r.QueueId, queues.GetValueOrDefault(r.QueueId),
            r.Method, r.Version);
}
