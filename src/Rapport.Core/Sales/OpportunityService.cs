using System.Linq.Expressions;

namespace Rapport.Core.Sales;

/// <summary>Opportunity use cases: create, read, list, update, move between stages (with the stage's rules and a
/// history entry), delete, the board and the forecast. Written like <see cref="Customers.CustomerService"/>: out of
/// scope reads as missing (404), in scope without the permission is 403.</summary>
public sealed class OpportunityService(RapportDbContext db, TimeProvider clock, ICurrentUser user, SettingsService settings, PipelineService pipelines)
{
    public const int CardsPerColumn = 50;

    public async Task<OpportunityDto> CreateAsync(OpportunityInput input, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesCreate);
        user.RequireToAssign(Permissions.OpportunitiesAssign, input.OwnerId, user.Id);
        var (name, amount, currency) = OpportunityRules.Validate(input, (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency);
        await CheckLinksAsync(input, ct);
        var pipeline = input.PipelineId is { } pid ? await pipelines.LoadAsync(pid, ct)
            : await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstOrDefaultAsync(p => p.IsDefault, ct)
              ?? throw RapportValidationException.For("pipelineId", "Validation.Required");
        var stage = input.StageId is { } sid
            ? pipeline.Stages.FirstOrDefault(s => s.Id == sid) ?? throw RapportValidationException.For("stageId", "Validation.UnknownStage")
            : pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).First();

        var now = clock.GetUtcNow().UtcDateTime;
        var o = new Opportunity
        {
            Name = name, Currency = currency, CustomerId = input.CustomerId, PipelineId = pipeline.Id, StageId = stage.Id,
            StageEnteredAt = now,
        };
        Apply(o, input, amount);
        o.OwnerId = input.OwnerId ?? user.Id;
        EnterStage(o, stage, now, input.ExpectedCloseDate);
        var missing = OpportunityRules.MissingForStage(o, stage);
        if (missing.Count > 0) throw new RapportValidationException(missing);
        db.Opportunities.Add(o);
        db.OpportunityStageChanges.Add(new OpportunityStageChange { OpportunityId = o.Id, ToStageId = stage.Id, ChangedAt = now, ChangedById = user.Id });
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(o.Id, ct);
    }

    public async Task<OpportunityDto> GetAsync(Guid id, CancellationToken ct)
    {
        var dto = await LoadDtoAsync(id, ct);
        user.Require(Permissions.OpportunitiesRead);
        return dto;
    }

    /// <summary>Replaces the deal's details (not its stage: that is a move). The current stage's required fields stay required.</summary>
    public async Task<OpportunityDto> UpdateAsync(Guid id, OpportunityInput input, long? expectedVersion, CancellationToken ct)
    {
        var o = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesUpdate);
        user.RequireToAssign(Permissions.OpportunitiesAssign, input.OwnerId, o.OwnerId);
        var (name, amount, currency) = OpportunityRules.Validate(input with { CustomerId = o.CustomerId }, o.Currency);
        o.ExpectVersion(expectedVersion, "Opportunity", o.Id);
        await CheckLinksAsync(input with { CustomerId = o.CustomerId }, ct);
        o.Name = name;
        o.Currency = currency;
        Apply(o, input, amount);
        if (input.OwnerId is not null) o.OwnerId = input.OwnerId;
        var stage = await db.PipelineStages.AsNoTracking().FirstAsync(s => s.Id == o.StageId, ct);
        o.Probability = OpportunityRules.ProbabilityOn(stage, o);
        var missing = OpportunityRules.MissingForStage(o, stage);
        if (missing.Count > 0) throw new RapportValidationException(missing);
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(id, ct);
    }

    /// <summary>Moves the deal to another stage of its pipeline, if it has what the stage requires; won and lost
    /// close it (lost needs a reason), moving back to an open stage reopens it. Each move is kept in the history
    /// with the time spent in the stage it left.</summary>
    public async Task<OpportunityDto> MoveAsync(Guid id, OpportunityMoveInput input, long? expectedVersion, CancellationToken ct)
    {
        var o = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesUpdate);
        o.ExpectVersion(expectedVersion, "Opportunity", o.Id);
        var stage = await db.PipelineStages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.StageId && s.PipelineId == o.PipelineId, ct)
            ?? throw RapportValidationException.For("stageId", "Validation.UnknownStage");
        if (stage.Id == o.StageId) return await LoadDtoAsync(id, ct);
        var reason = TextInput.Clean(input.CloseReason);
        var errors = OpportunityRules.MissingForStage(o, stage);
        if (stage.Kind == StageKind.Lost && reason is null) errors.Add(new("closeReason", "Validation.Required"));
        if (reason?.Length > 500) errors.Add(new("closeReason", "Validation.TooLong", 500));
        if (errors.Count > 0) throw new RapportValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        MoveTo(o, stage, reason ?? o.CloseReason, now);
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(id, ct);
    }

    /// <summary>A quote on the deal was accepted: the deal is won for the quote's total (in the quote's currency). An open or
    /// lost deal moves to its pipeline's first won stage, if it has what that stage requires; a won one keeps its stage.
    /// Saved by the caller, in the caller's transaction, so quote, order and deal change together or not at all.</summary>
    internal async Task WinFromQuoteAsync(Guid id, long totalMinor, string currency, CancellationToken ct)
    {
        var o = await FindAsync(id, ct);
        var stages = db.PipelineStages.AsNoTracking();
        var current = await stages.FirstAsync(s => s.Id == o.StageId, ct);
        var won = await stages.Where(s => s.PipelineId == o.PipelineId && s.Kind == StageKind.Won).OrderBy(s => s.Order).FirstOrDefaultAsync(ct);
        o.AmountMinor = totalMinor;
        o.Currency = currency;
        var now = clock.GetUtcNow().UtcDateTime;
        if (current.Kind != StageKind.Won)
        {
            if (won is null) throw RapportValidationException.For("stageId", "Validation.NoWonStage");
            var missing = OpportunityRules.MissingForStage(o, won);
            if (missing.Count > 0) throw new RapportValidationException(missing);
            MoveTo(o, won, o.CloseReason, now);
        }
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var o = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesDelete);
        o.ExpectVersion(expectedVersion, "Opportunity", o.Id);
        db.Opportunities.Remove(o);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<StageChangeDto>> HistoryAsync(Guid id, CancellationToken ct)
    {
        var deal = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesRead);
        var names = await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == deal.PipelineId).ToDictionaryAsync(s => s.Id, s => Bilingual.Pick(s.Name, s.NameZh), ct);
        var rows = await db.OpportunityStageChanges.AsNoTracking().Where(c => c.OpportunityId == id).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return rows.Select(c => new StageChangeDto(c.FromStageId, c.FromStageId is { } f ? names.GetValueOrDefault(f) : null, c.ToStageId,
            names.GetValueOrDefault(c.ToStageId) ?? "", c.ChangedAt, c.ChangedById, c.SecondsInPrevious)).ToList();
    }

    public async Task<Page<OpportunityListItem>> ListAsync(OpportunityQuery query, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesRead);
        var size = Keyset.ClampPageSize(query.Limit);
        var source = Filtered(query);
        return query.Sort switch
        {
            OpportunitySort.Amount => await ListByAsync(source, query, size, o => o.AmountMinor, i => Currency.ToMinor(i.Amount, i.Currency), ct),
            OpportunitySort.CloseDate => await ListByAsync(source, query, size, o => o.ExpectedCloseDate, i => i.ExpectedCloseDate, ct),
            _ => await ListByAsync(source, query, size, o => o.CreatedAt, i => i.CreatedAt, ct),
        };
    }

    /// <summary>Every deal the list's filters select, in its order, with the customer's number, the pipeline's and stage's
    /// names and the import's other fields: what the export writes so that its file imports back. A list page at a time,
    /// the rest by the page's ids.</summary>
    public IAsyncEnumerable<(OpportunityListItem Deal, OpportunityExportDetails More)> ExportAsync(OpportunityQuery query, CancellationToken ct) =>
        Keyset.WithDetailsAsync(cursor => ListAsync(query with { Cursor = cursor, Limit = Keyset.MaxPageSize }, ct), o => o.Id,
            ids => db.Opportunities.AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.Id))
                .Select(o => new
                {
                    o.Id,
                    More = new OpportunityExportDetails(o.Customer!.Number,
                        db.Pipelines.Where(p => p.Id == o.PipelineId).Select(p => p.Name).First(),
                        db.PipelineStages.Where(s => s.Id == o.StageId).Select(s => s.Name).First(),
                        o.NextStep, o.Competitors, o.CloseReason),
                })
                .ToDictionaryAsync(o => o.Id, o => o.More, ct));

    /// <summary>The deals the list's filters select in the caller's scope (untracked, unordered): the rows the list pages
    /// through, for counting them (a background export's estimate). Needs opportunities.read.</summary>
    public IQueryable<Opportunity> Filtered(OpportunityQuery query)
    {
        user.Require(Permissions.OpportunitiesRead);
        var source = Filtered(query.PipelineId, query.OwnerId, null, query.CloseFrom, query.CloseTo);
        if (query.StageId is { } stage) source = source.Where(o => o.StageId == stage);
        if (query.CustomerId is { } customer) source = source.Where(o => o.CustomerId == customer);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // Deals whose name matches, or whose customer's name does (the list shows it): each side from its index.
            var byName = TextSearch.Matching(db, db.Opportunities, query.Q).Select(o => o.Id);
            var customers = TextSearch.Matching(db, db.Customers, query.Q).Select(c => c.Id);
            var byCustomer = db.Opportunities.Where(o => customers.Contains(o.CustomerId)).Select(o => o.Id);
            var ids = byName.Union(byCustomer);
            source = source.Where(o => ids.Contains(o.Id));
        }
        return source;
    }

    /// <summary>The pipeline as columns: every stage with its totals and its first <see cref="CardsPerColumn"/> deals
    /// by close date, for the deals the filters and the caller's scope reach.</summary>
    public async Task<BoardDto> BoardAsync(Guid? pipelineId, BoardQuery query, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesRead);
        var pipeline = pipelineId is { } pid ? await pipelines.LoadAsync(pid, ct)
            : await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstOrDefaultAsync(p => p.IsDefault, ct) ?? throw new NotFoundException("Pipeline", Guid.Empty);
        var deals = Filtered(null, query.OwnerId, await TeamMembersAsync(query.TeamId, ct), query.CloseFrom, query.CloseTo);
        // The cards by pipeline and stage (the pipeline's index serves a board without an owner). The totals ask for the
        // pipeline's deals as the deals in its stages: said that way, an owner's totals come from the owner's board index
        // alone, which has no pipeline column.
        var source = deals.Where(o => o.PipelineId == pipeline.Id);
        var stageIds = pipeline.Stages.Select(s => s.Id).ToList();
        var totals = await deals.Where(o => stageIds.Contains(o.StageId))
            .GroupBy(o => new { o.StageId, o.Currency })
            .Select(g => new { g.Key.StageId, g.Key.Currency, Count = g.Count(), Amount = g.Sum(o => o.AmountMinor), Weighted = g.Sum(o => o.AmountMinor * o.Probability) })
            .ToListAsync(ct);
        var columns = new List<BoardColumn>();
        foreach (var stage in pipeline.Stages.OrderBy(s => s.Order))
        {
            // By close date, deals without one last: two index-ordered reads rather than one ORDER BY (close date IS
            // NULL), which no index serves and which sorted every deal of the column for its first cards.
            var inStage = source.Where(o => o.StageId == stage.Id);
            var cards = await Items(inStage.Where(o => o.ExpectedCloseDate != null).OrderBy(o => o.ExpectedCloseDate).ThenBy(o => o.Id)
                .Take(CardsPerColumn)).ToListAsync(ct);
            if (cards.Count < CardsPerColumn)
                cards.AddRange(await Items(inStage.Where(o => o.ExpectedCloseDate == null).OrderBy(o => o.Id).Take(CardsPerColumn - cards.Count)).ToListAsync(ct));
            var mine = totals.Where(t => t.StageId == stage.Id).OrderBy(t => t.Currency).ToList();
            columns.Add(new BoardColumn(PipelineService.ToDto(stage), mine.Sum(t => t.Count),
                mine.Select(t => new Money(t.Currency, Currency.FromMinor(t.Amount, t.Currency))).ToList(),
                mine.Select(t => new Money(t.Currency, OpportunityRules.Weighted(t.Weighted, t.Currency))).ToList(), cards));
        }
        return new BoardDto(PipelineService.ToDto(pipeline), columns);
    }

    /// <summary>
    /// The forecast for deals expected to close in [<paramref name="start"/>, <paramref name="end"/>), by month or
    /// quarter and by owner or team, per currency: the open pipeline, its probability-weighted value, best case
    /// (commit and best-case deals plus won), commit (commit deals plus won) and won. Deals marked omitted count only
    /// when won.
    /// </summary>
    public async Task<IReadOnlyList<ForecastRow>> ForecastAsync(DateOnly start, DateOnly end, ForecastPeriod period, ForecastGroup group, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesRead);
        Ranges.RequireDate("from", start);
        Ranges.RequireDate("to", end);
        if (end <= start || end > start.AddYears(3)) throw RapportValidationException.For("to", "Validation.ForecastRange");
        var rows = await (from o in db.Opportunities.AsNoTracking()
                          join s in db.PipelineStages on o.StageId equals s.Id
                          where o.ExpectedCloseDate >= start && o.ExpectedCloseDate < end && s.Kind != StageKind.Lost
                          group o by new { o.ExpectedCloseDate!.Value.Year, o.ExpectedCloseDate!.Value.Month, o.OwnerId, o.Currency, s.Kind, o.ForecastCategory } into g
                          select new
                          {
                              g.Key.Year, g.Key.Month, g.Key.OwnerId, g.Key.Currency, g.Key.Kind, g.Key.ForecastCategory,
                              Amount = g.Sum(o => o.AmountMinor), Weighted = g.Sum(o => o.AmountMinor * o.Probability),
                          }).ToListAsync(ct);
        var owners = rows.Select(r => r.OwnerId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName, u.TeamId }).ToListAsync(ct);
        var teamIds = people.Select(p => p.TeamId).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        (Guid?, string?) GroupOf(Guid? owner)
        {
            var p = people.FirstOrDefault(x => x.Id == owner);
            if (group == ForecastGroup.Owner) return (owner, p?.Name);
            return p?.TeamId is { } t ? (t, teams.GetValueOrDefault(t)) : (null, null);
        }
        string PeriodOf(int year, int month) => period == ForecastPeriod.Month
            ? $"{year:D4}-{month:D2}" : $"{year:D4}-Q{(month - 1) / 3 + 1}";

        return rows
            .GroupBy(r => (Period: PeriodOf(r.Year, r.Month), Group: GroupOf(r.OwnerId), r.Currency))
            .Select(g =>
            {
                long Sum(Func<StageKind, ForecastCategory, bool> pick) => g.Where(r => pick(r.Kind, r.ForecastCategory)).Sum(r => r.Amount);
                var won = Sum((k, _) => k == StageKind.Won);
                var open = (StageKind k, ForecastCategory c) => k == StageKind.Open && c != ForecastCategory.Omitted;
                var weighted = g.Where(r => open(r.Kind, r.ForecastCategory)).Sum(r => r.Weighted);
                return new ForecastRow(g.Key.Period, g.Key.Group.Item1, g.Key.Group.Item2, g.Key.Currency,
                    Currency.FromMinor(Sum(open), g.Key.Currency), OpportunityRules.Weighted(weighted, g.Key.Currency),
                    Currency.FromMinor(Sum((k, c) => open(k, c) && c is ForecastCategory.BestCase or ForecastCategory.Commit) + won, g.Key.Currency),
                    Currency.FromMinor(Sum((k, c) => open(k, c) && c == ForecastCategory.Commit) + won, g.Key.Currency),
                    Currency.FromMinor(won, g.Key.Currency));
            })
            .OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.GroupName, StringComparer.CurrentCulture).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .ToList();
    }

    private IQueryable<Opportunity> Filtered(Guid? pipelineId, Guid? ownerId, List<Guid>? owners, DateOnly? closeFrom, DateOnly? closeTo)
    {
        Ranges.RequireDate("closeFrom", closeFrom);
        Ranges.RequireDate("closeTo", closeTo);
        IQueryable<Opportunity> q = db.Opportunities.AsNoTracking();
        if (pipelineId is { } p) q = q.Where(o => o.PipelineId == p);
        if (ownerId is { } owner) q = q.Where(o => o.OwnerId == owner);
        if (owners is not null) q = q.Where(o => o.OwnerId != null && owners.Contains(o.OwnerId.Value));
        if (closeFrom is { } from) q = q.Where(o => o.ExpectedCloseDate >= from);
        if (closeTo is { } to) q = q.Where(o => o.ExpectedCloseDate < to);
        return q;
    }

    /// <summary>Everyone in the team and the teams below it (null: no team filter).</summary>
    private async Task<List<Guid>?> TeamMembersAsync(Guid? teamId, CancellationToken ct)
    {
        if (teamId is not { } id) return null;
        var path = await db.Teams.Where(t => t.Id == id).Select(t => t.Path).FirstOrDefaultAsync(ct)
            ?? throw RapportValidationException.For("teamId", "Validation.UnknownTeam");
        return await db.Users.Where(u => u.TeamId != null).Join(db.Teams.Where(t => t.Path.StartsWith(path)), u => u.TeamId, t => t.Id, (u, _) => u.Id).ToListAsync(ct);
    }

    private static async Task<Page<OpportunityListItem>> ListByAsync<TKey>(
        IQueryable<Opportunity> source, OpportunityQuery query, int size, Expression<Func<Opportunity, TKey>> key, Func<OpportunityListItem, TKey> itemKey, CancellationToken ct)
    {
        var rows = await Items(Keyset.Seek(source, key, o => o.Id, query.Descending, query.Cursor, size)).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, itemKey, i => i.Id);
        if (query.Cursor is not null) return new Page<OpportunityListItem>(items, next);
        if (next is null) return new Page<OpportunityListItem>(items, null, items.Count);
        var (total, capped) = await Keyset.CappedCountAsync(source, ct);
        return new Page<OpportunityListItem>(items, next, total, capped);
    }

    private static IQueryable<OpportunityListItem> Items(IQueryable<Opportunity> q) =>
        q.Select(o => new OpportunityListItem(o.Id, o.Name, o.CustomerId, o.Customer!.Name, o.OwnerId, o.StageId, Currency.FromMinor(o.AmountMinor, o.Currency), o.Currency,
            o.ExpectedCloseDate, o.Probability, o.CreatedAt));

    /// <summary>Moves the deal and keeps the move in its history with the seconds spent in the stage it left.</summary>
    private void MoveTo(Opportunity o, PipelineStage stage, string? closeReason, DateTime now) =>
        db.OpportunityStageChanges.Add(Move(o, stage, closeReason, now, user.Id));

    /// <summary>Moves the deal (the caller has checked the stage's rules) and answers the history entry of the move.
    /// Also used by the deal import.</summary>
    internal static OpportunityStageChange Move(Opportunity o, PipelineStage stage, string? closeReason, DateTime now, Guid? by)
    {
        var change = new OpportunityStageChange
        {
            OpportunityId = o.Id, FromStageId = o.StageId, ToStageId = stage.Id, ChangedAt = now, ChangedById = by,
            SecondsInPrevious = (long)(now - o.StageEnteredAt).TotalSeconds,
        };
        o.CloseReason = stage.Kind == StageKind.Open ? null : closeReason;
        EnterStage(o, stage, now, o.ExpectedCloseDate);
        return change;
    }

    /// <summary>Sets the stage's consequences: probability, when it was entered, and (for won and lost) the close.</summary>
    internal static void EnterStage(Opportunity o, PipelineStage stage, DateTime now, DateOnly? expectedClose)
    {
        o.StageId = stage.Id;
        o.StageEnteredAt = now;
        o.Probability = OpportunityRules.ProbabilityOn(stage, o);
        o.ClosedAt = stage.Kind == StageKind.Open ? null : now;
        o.ExpectedCloseDate = stage.Kind == StageKind.Won ? expectedClose ?? DateOnly.FromDateTime(now) : expectedClose;
    }

    internal static void Apply(Opportunity o, OpportunityInput input, long amount)
    {
        o.AmountMinor = amount;
        o.ContactId = input.ContactId;
        o.ExpectedCloseDate = input.ExpectedCloseDate;
        o.ProbabilityOverride = input.Probability;
        o.ForecastCategory = input.ForecastCategory ?? o.ForecastCategory;
        o.Competitors = TextInput.Clean(input.Competitors);
        o.NextStep = TextInput.Clean(input.NextStep);
        o.SourceLeadId = input.SourceLeadId ?? o.SourceLeadId;
    }

    /// <summary>The customer must be one the caller reaches; the contact must be that customer's.</summary>
    private async Task CheckLinksAsync(OpportunityInput input, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
            throw RapportValidationException.For("customerId", "Validation.UnknownCustomer");
        if (input.ContactId is { } contact && !await db.Contacts.AnyAsync(c => c.Id == contact && c.CustomerId == input.CustomerId, ct))
            throw RapportValidationException.For("contactId", "Validation.UnknownContact");
        if (input.SourceLeadId is { } lead && !await db.Leads.AnyAsync(l => l.Id == lead, ct))
            throw RapportValidationException.For("sourceLeadId", "Validation.UnknownLead");
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
    }

    private async Task<Opportunity> FindAsync(Guid id, CancellationToken ct) =>
        await db.Opportunities.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Opportunity", id);

    private async Task<OpportunityDto> LoadDtoAsync(Guid id, CancellationToken ct)
    {
        var row = await (from o in db.Opportunities.AsNoTracking()
                         join s in db.PipelineStages on o.StageId equals s.Id
                         where o.Id == id
                         select new { O = o, CustomerName = o.Customer!.Name, StageName = s.Name, StageNameZh = s.NameZh, s.Kind }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Opportunity", id);
        var d = row.O;
        var ownerName = d.OwnerId is null ? null : await db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.DisplayName ?? u.UserName).FirstOrDefaultAsync(ct);
        return new OpportunityDto(d.Id, d.Name, d.CustomerId, row.CustomerName, d.ContactId, d.OwnerId, ownerName, d.PipelineId, d.StageId, Bilingual.Pick(row.StageName, row.StageNameZh), row.Kind,
            Currency.FromMinor(d.AmountMinor, d.Currency), d.Currency, d.ExpectedCloseDate, d.Probability, d.ProbabilityOverride is not null, OpportunityRules.Weighted(d.AmountMinor * d.Probability, d.Currency),
            d.ForecastCategory, d.SourceLeadId, d.Competitors, d.NextStep, d.CloseReason, d.ClosedAt, d.StageEnteredAt, d.CreatedAt, d.UpdatedAt, d.Version);
    }
}
