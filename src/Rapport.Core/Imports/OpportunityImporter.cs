using Rapport.Core.Sales;
using F = Rapport.Core.Imports.OpportunityImportFields;

namespace Rapport.Core.Imports;

/// <summary>File rows as deals: the customer named by its number or exact name (in the caller's scope), the pipeline
/// and stage by name in English or Chinese (the default pipeline and its first open stage when the row names none),
/// the owner by user name; matched to the deal of the same name of the same customer; checked and written as
/// <see cref="OpportunityService"/> checks and writes them (<see cref="OpportunityRules.Validate"/>, its
/// <c>Apply</c>, the stage's required fields, a stage change kept in the deal's history).</summary>
public sealed class OpportunityImporter(RapportDbContext db, ICurrentUser user, SettingsService settings, TimeProvider clock)
    : RecordImporter<Opportunity, OpportunityImporter.Row>(user)
{
    private List<Pipeline>? _pipelines;
    private string _defaultCurrency = SalesSettings.Defaults.DefaultCurrency;

    /// <summary>A row read through the mapping: the request the deal API would get, and what it names.</summary>
    public sealed record Row(OpportunityInput Input, string? CustomerNumber, string? CustomerName, string? Pipeline, string? Stage, string? CloseReason,
        string? Owner, List<FieldError> Errors)
    {
        /// <summary>The customer the row names, once looked up: its deals are the ones the row can match.</summary>
        public Guid? CustomerId { get; set; }
    }

    public override string Entity => ImportService.Opportunities;
    protected override RapportDbContext Db => db;
    public override ImportFieldSet Fields => F.Set;

    /// <summary>As the deal API: <c>opportunities.create</c>, and <c>opportunities.update</c> to update.</summary>
    public override void RequirePermissions(ImportMatchMode mode)
    {
        User.Require(Permissions.OpportunitiesCreate);
        if (mode == ImportMatchMode.Update) User.Require(Permissions.OpportunitiesUpdate);
    }

    protected override Row Read(string[] cells, ImportMapping mapping)
    {
        var (scalars, _, errors) = F.Set.Read(cells, mapping.Columns);
        string? S(string f) => scalars.GetValueOrDefault(f);
        if (!ImportValues.TryAmount(S(F.Amount), out var amount)) errors.Add(new(F.Amount, "Import.Amount"));
        DateOnly? close = null;
        if (S(F.ExpectedCloseDate) is { } d && (close = ImportValues.ParseDate(d)) is null) errors.Add(new(F.ExpectedCloseDate, "Validation.Date"));
        int? probability = null;
        if (S(F.Probability) is { } p)
        {
            if (int.TryParse(p.TrimEnd('%').Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) probability = value;
            else errors.Add(new(F.Probability, "Validation.Between", 0, 100));
        }
        var closeReason = S(F.CloseReason);
        TextInput.CheckLength(errors, F.CloseReason, closeReason, 500);
        var input = new OpportunityInput
        {
            Name = S(F.Name), Amount = amount, Currency = ImportValues.CurrencyOf(S(F.Currency)), ExpectedCloseDate = close, Probability = probability,
            NextStep = S(F.NextStep), Competitors = S(F.Competitors),
        };
        return new Row(input, S(F.CustomerNumber), S(F.Customer), S(F.Pipeline), S(F.Stage), closeReason, S(F.Owner), errors);
    }

    protected override IReadOnlyList<FieldError> ReadErrors(Row row) => row.Errors;

    /// <summary>The customers and owners the rows name (once per run), the pipelines with their stages and the default currency.</summary>
    protected override async Task LookUpAsync(IReadOnlyList<Row> rows, ImportMemory memory, CancellationToken ct)
    {
        await ImportCustomers.ResolveAsync(db, rows.Select(r => (r.CustomerNumber, r.CustomerName)), memory, ct);
        await ImportOwners.ResolveAsync(db, rows.Select(r => r.Owner), memory, ct);
        if (_pipelines is null)
        {
            _pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderBy(p => p.Name).ToListAsync(ct);
            _defaultCurrency = (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency;
        }
        foreach (var r in rows) r.CustomerId = ImportCustomers.Of(r.CustomerNumber, r.CustomerName, memory)?.Id;
    }

    /// <summary>The pipeline the row names, or the default one.</summary>
    private Pipeline? PipelineOf(Row row) => row.Pipeline is { } name
        ? _pipelines!.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        : _pipelines!.FirstOrDefault(p => p.IsDefault);

    /// <summary>The stage of the pipeline named so in English or Chinese.</summary>
    private static PipelineStage? StageIn(Pipeline pipeline, string name) =>
        pipeline.Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(s.NameZh, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new deal needs its customer, a pipeline and a stage of it; the owner must be a user the caller may give deals to.</summary>
    protected override void CheckNames(Row row, ImportMemory memory, Opportunity? into, List<FieldError> errors)
    {
        ImportCustomers.Check(row.CustomerNumber, row.CustomerName, memory, into is null, errors);
        ImportOwners.Of(User, Permissions.OpportunitiesAssign, row.Owner, into is null ? User.Id : into.OwnerId, memory, errors);
        if (into is not null) return;
        if (PipelineOf(row) is not { } pipeline) errors.Add(new(F.Pipeline, row.Pipeline is null ? "Validation.Required" : "Import.PipelineUnknown"));
        else if (row.Stage is { } stage && StageIn(pipeline, stage) is null) errors.Add(new(F.Stage, "Validation.UnknownStage"));
    }

    protected override IEnumerable<string> KeysOf(Row row, ImportMemory memory, IReadOnlyList<string> by)
    {
        if (by.Contains("name") && row.CustomerId is { } customer && row.Input.Name?.Trim() is { Length: > 0 } name) yield return Key(customer, name);
    }

    private static string Key(Guid customer, string name) => "d:" + customer.ToString("N") + "|" + name;

    /// <summary>Deals in the caller's scope of these customers with these names: one query.</summary>
    protected override async Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct)
    {
        var pairs = keys.Where(k => k.StartsWith("d:", StringComparison.Ordinal)).Select(k => (Customer: Guid.ParseExact(k.AsSpan(2, 32), "N"), Name: k[35..])).ToList();
        var result = new Dictionary<string, Guid>();
        if (pairs.Count == 0) return result;
        var customers = pairs.Select(p => p.Customer).Distinct().ToList();
        var names = pairs.Select(p => p.Name).Distinct().ToList();
        foreach (var o in await db.Opportunities.AsNoTracking().Where(o => customers.Contains(o.CustomerId) && names.Contains(o.Name))
                     .OrderBy(o => o.Id).Select(o => new { o.Id, o.CustomerId, o.Name }).ToListAsync(ct))
            result.TryAdd(Key(o.CustomerId, o.Name), o.Id);
        return result;
    }

    protected override Task<Dictionary<Guid, Opportunity>> LoadAsync(List<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.FromResult(new Dictionary<Guid, Opportunity>()) : db.Opportunities.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);

    private static Guid? OwnerOf(Row row, ImportMemory memory) => row.Owner is null ? null : memory.Owners.GetValueOrDefault(row.Owner);

    /// <summary>As <see cref="OpportunityService.CreateAsync"/>: in the stage named (else the pipeline's first open one),
    /// with what that stage requires.</summary>
    protected override Opportunity Create(Row row, ImportMemory memory)
    {
        var input = row.Input with { CustomerId = row.CustomerId ?? Guid.Empty, OwnerId = OwnerOf(row, memory) };
        var (name, amount, currency) = OpportunityRules.Validate(input, _defaultCurrency);
        var pipeline = PipelineOf(row)!;
        var stage = (row.Stage is { } stageName ? StageIn(pipeline, stageName) : null) ?? pipeline.Stages.Where(x => x.Kind == StageKind.Open).OrderBy(x => x.Order).First();
        var now = clock.GetUtcNow().UtcDateTime;
        var o = new Opportunity
        {
            Name = name, Currency = currency, CustomerId = input.CustomerId, PipelineId = pipeline.Id, StageId = stage.Id, StageEnteredAt = now,
        };
        OpportunityService.Apply(o, input, amount);
        o.OwnerId = input.OwnerId ?? User.Id;
        OpportunityService.EnterStage(o, stage, now, input.ExpectedCloseDate);
        if (stage.Kind != StageKind.Open) o.CloseReason = row.CloseReason;
        var missing = OpportunityRules.MissingForStage(o, stage);
        if (missing.Count > 0) throw new RapportValidationException(missing);
        return o;
    }

    /// <summary>What the row gives replaces what the deal holds (its customer and pipeline stay, as in the API); a stage
    /// it names is a move with the move's rules (what the stage requires; a lost deal needs a reason) and a history entry.
    /// Checked whole first: a refused row leaves the deal as it was.</summary>
    protected override void Update(Opportunity record, Row row, ImportMemory memory)
    {
        var i = row.Input;
        var merged = new OpportunityInput
        {
            Name = i.Name ?? record.Name, CustomerId = record.CustomerId, ContactId = record.ContactId, OwnerId = OwnerOf(row, memory),
            Amount = i.Amount ?? record.Amount, Currency = i.Currency ?? record.Currency, ExpectedCloseDate = i.ExpectedCloseDate ?? record.ExpectedCloseDate,
            // A file giving the probability the deal already has from its stage (an export read back) pins nothing.
            Probability = i.Probability is { } p && (record.ProbabilityOverride is not null || p != record.Probability) ? p : record.ProbabilityOverride,
            ForecastCategory = record.ForecastCategory,
            NextStep = i.NextStep ?? record.NextStep, Competitors = i.Competitors ?? record.Competitors,
        };
        var (name, amount, currency) = OpportunityRules.Validate(merged, record.Currency);
        var pipeline = _pipelines!.First(p => p.Id == record.PipelineId);
        if (row.Pipeline is { } named && !string.Equals(named, pipeline.Name, StringComparison.OrdinalIgnoreCase))
            throw RapportValidationException.For(F.Pipeline, "Import.PipelineFixed");
        var current = pipeline.Stages.First(s => s.Id == record.StageId);
        var target = row.Stage is { } named2 ? StageIn(pipeline, named2) ?? throw RapportValidationException.For(F.Stage, "Validation.UnknownStage") : current;
        var before = OpportunitySnapshot.Of(record);
        record.Name = name;
        record.Currency = currency;
        OpportunityService.Apply(record, merged, amount);
        if (merged.OwnerId is not null) record.OwnerId = merged.OwnerId;
        var errors = OpportunityRules.MissingForStage(record, target);
        var reason = row.CloseReason ?? record.CloseReason;
        if (target.Id != current.Id && target.Kind == StageKind.Lost && reason is null) errors.Add(new(F.CloseReason, "Validation.Required"));
        if (errors.Count > 0)
        {
            before.RestoreTo(record);
            throw new RapportValidationException(errors);
        }
        if (target.Id == current.Id) record.Probability = OpportunityRules.ProbabilityOn(current, record);
        else if (db.Entry(record).State == EntityState.Detached)
        {
            // A deal an earlier row of this file creates: it is inserted in the stage it ends in, with one history entry
            // into that stage (written by the insert), not an entry from a stage it was never saved in.
            record.CloseReason = target.Kind == StageKind.Open ? null : reason;
            OpportunityService.EnterStage(record, target, clock.GetUtcNow().UtcDateTime, record.ExpectedCloseDate);
        }
        else db.OpportunityStageChanges.Add(OpportunityService.Move(record, target, reason, clock.GetUtcNow().UtcDateTime, User.Id));
    }

    protected override Guid IdOf(Opportunity record) => record.Id;

    protected override string Snapshot(Opportunity record) => ImportJson.Write(OpportunitySnapshot.Of(record));

    protected override IReadOnlyDictionary<string, string?> PreviewOf(Opportunity record, Row row)
    {
        var pipeline = _pipelines!.FirstOrDefault(p => p.Id == record.PipelineId);
        return new Dictionary<string, string?>
        {
            [F.Name] = record.Name,
            [F.Customer] = row.CustomerNumber ?? row.CustomerName,
            [F.Pipeline] = pipeline?.Name,
            [F.Stage] = pipeline?.Stages.FirstOrDefault(s => s.Id == record.StageId)?.Label,
            [F.Amount] = record.Amount.ToString(CultureInfo.InvariantCulture),
            [F.Currency] = record.Currency,
            [F.ExpectedCloseDate] = record.ExpectedCloseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [F.Probability] = record.Probability.ToString(CultureInfo.InvariantCulture),
            [F.Owner] = row.Owner is null ? null : record.OwnerId?.ToString(),
            [F.NextStep] = record.NextStep,
        };
    }

    /// <summary>The new deals, and the first entry of each one's stage history (as the API writes it).</summary>
    protected override async Task InsertAsync(List<Opportunity> added, DateTime now, CancellationToken ct)
    {
        await BulkInsert.InsertAsync(db, added, now, ct);
        await BulkInsert.InsertAsync(db, [.. added.Select(o => new OpportunityStageChange { OpportunityId = o.Id, ToStageId = o.StageId, ChangedAt = o.StageEnteredAt, ChangedById = User.Id })], now, ct);
    }

    public override Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Opportunities.IgnoreQueryFilters().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Version }).ToDictionaryAsync(o => o.Id, o => o.Version, ct);

    /// <summary>Deals quoted or contracted since.</summary>
    public override async Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.Quotes.IgnoreQueryFilters().Where(q => ids.Contains(q.OpportunityId)).Select(q => q.OpportunityId).ToListAsync(ct))
            .Concat(await db.Contracts.IgnoreQueryFilters().Where(c => c.OpportunityId != null && ids.Contains(c.OpportunityId.Value)).Select(c => c.OpportunityId!.Value).ToListAsync(ct))
            .ToHashSet();

    public override async Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct)
    {
        await db.OpportunityStageChanges.Where(c => ids.Contains(c.OpportunityId)).ExecuteDeleteAsync(ct);
        return await db.Opportunities.IgnoreQueryFilters().Where(o => ids.Contains(o.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Puts back each deal as it was; one the import moved goes back to its stage with a history entry saying so.</summary>
    public override async Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct)
    {
        var ids = befores.Keys.ToList();
        var tracked = await db.Opportunities.IgnoreQueryFilters().Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var o in tracked)
        {
            var before = ImportJson.Read<OpportunitySnapshot>(befores[o.Id]);
            if (before.StageId != o.StageId)
                db.OpportunityStageChanges.Add(new OpportunityStageChange
                {
                    OpportunityId = o.Id, FromStageId = o.StageId, ToStageId = before.StageId, ChangedAt = now, ChangedById = User.Id,
                    SecondsInPrevious = (long)(now - o.StageEnteredAt).TotalSeconds,
                });
            before.RestoreTo(o);
        }
        return tracked.Count;
    }
}
