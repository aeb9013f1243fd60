using Rapport.Core.Leads;
using F = Rapport.Core.Imports.LeadImportFields;

namespace Rapport.Core.Imports;

/// <summary>File rows as leads: matched to existing leads (in the caller's scope) by email then phone, checked by
/// <see cref="LeadRules.Validate"/>, written as <see cref="LeadService"/> writes them (its own <c>Apply</c>, the
/// status through the lead's transitions, the score by the scoring settings); the owner by user name, else the importer.</summary>
public sealed class LeadImporter(RapportDbContext db, ICurrentUser user, SettingsService settings, IOptions<Customers.CustomerOptions> options)
    : RecordImporter<Lead, LeadImporter.Row>(user)
{
    private const string ScoringKey = "\0scoring";
    private readonly string _region = options.Value.DefaultPhoneRegion;

    /// <summary>A row read through the mapping: the request the lead API would get, the status and the owner by name.</summary>
    public sealed record Row(LeadInput Input, LeadStatus? Status, string? Owner, List<FieldError> Errors);

    public override string Entity => ImportService.Leads;
    protected override RapportDbContext Db => db;
    public override ImportFieldSet Fields => F.Set;

    public override void RequirePermissions(ImportMatchMode mode)
    {
        User.Require(Permissions.LeadsCreate);
        if (mode == ImportMatchMode.Update) User.Require(Permissions.LeadsUpdate);
    }

    protected override Row Read(string[] cells, ImportMapping mapping)
    {
        var (scalars, _, errors) = F.Set.Read(cells, mapping.Columns);
        string? S(string f) => scalars.GetValueOrDefault(f);
        if (!ImportValues.TryEnum(S(F.Status), F.StatusSynonyms, out var status)) errors.Add(new("status", "Validation.Enum"));
        var source = S(F.Source) is { } s ? F.SourceSynonyms.GetValueOrDefault(s, s) : null;
        var input = new LeadInput
        {
            Name = S(F.Name), Company = S(F.Company), Title = S(F.Title), Email = S(F.Email), Phone = S(F.Phone), Source = source,
            Industry = S(F.Industry), Region = S(F.Region), Country = S(F.Country), City = S(F.City), Notes = S(F.Notes),
        };
        return new Row(input, status, S(F.Owner), errors);
    }

    protected override IReadOnlyList<FieldError> ReadErrors(Row row) => row.Errors;

    /// <summary>The owners the rows name and the scoring settings, once per run.</summary>
    protected override async Task LookUpAsync(IReadOnlyList<Row> rows, ImportMemory memory, CancellationToken ct)
    {
        await ImportOwners.ResolveAsync(db, rows.Select(r => r.Owner), memory, ct);
        var known = ((Memory)memory).Lookups;
        if (!known.ContainsKey(ScoringKey)) known[ScoringKey] = await settings.GetAsync<LeadScoring>(ct);
    }

    /// <summary>The owner as <see cref="LeadService"/> allows it: another than the lead's current one (the importer's for
    /// a new lead) only with <c>leads.assign</c>.</summary>
    protected override void CheckNames(Row row, ImportMemory memory, Lead? into, List<FieldError> errors) =>
        ImportOwners.Of(User, Permissions.LeadsAssign, row.Owner, into is null ? User.Id : into.OwnerId, memory, errors);

    protected override IEnumerable<string> KeysOf(Row row, ImportMemory memory, IReadOnlyList<string> by)
    {
        foreach (var k in by)
        {
            var key = k switch
            {
                "email" => ContactPoints.NormalizeEmail(row.Input.Email ?? "") is { } e ? "e:" + e : null,
                "phone" => ContactPoints.NormalizePhone(row.Input.Phone ?? "", _region) is { } p ? "p:" + p : null,
                _ => null,
            };
            if (key is not null) yield return key;
        }
    }

    /// <summary>Leads in the caller's scope with any of the emails or phones: one index seek per kind.</summary>
    protected override async Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, Guid>();
        List<string> Of(string prefix) => [.. keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[2..])];
        var (emails, phones) = (Of("e:"), Of("p:"));
        if (emails.Count > 0)
            foreach (var l in await db.Leads.AsNoTracking().Where(l => emails.Contains(l.Email!)).OrderBy(l => l.Id).Select(l => new { l.Id, l.Email }).ToListAsync(ct))
                result.TryAdd("e:" + l.Email, l.Id);
        if (phones.Count > 0)
            foreach (var l in await db.Leads.AsNoTracking().Where(l => phones.Contains(l.Phone!)).OrderBy(l => l.Id).Select(l => new { l.Id, l.Phone }).ToListAsync(ct))
                result.TryAdd("p:" + l.Phone, l.Id);
        return result;
    }

    protected override Task<Dictionary<Guid, Lead>> LoadAsync(List<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.FromResult(new Dictionary<Guid, Lead>()) : db.Leads.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);

    protected override Lead Create(Row row, ImportMemory memory)
    {
        var n = LeadRules.Validate(row.Input, _region);
        if (row.Status is { } status and not LeadStatus.New) LeadRules.CheckMove(LeadStatus.New, new LeadStatusInput(status));
        var lead = new Lead { Name = n.Name };
        LeadService.Apply(lead, n);
        lead.OwnerId = OwnerOf(row, memory) ?? User.Id;
        if (row.Status is { } s and not LeadStatus.New) lead.MoveTo(new LeadStatusInput(s));
        Rescore(lead, memory);
        return lead;
    }

    /// <summary>What the row gives replaces what the lead holds; a converted lead is not changed (as in the API): a row
    /// that would leave it as it is (an export read back) is skipped, one that would change it refused.</summary>
    protected override void Update(Lead record, Row row, ImportMemory memory)
    {
        var current = LeadSnapshot.Of(record).Input;
        var i = row.Input;
        var merged = current with
        {
            Name = i.Name ?? current.Name,
            Company = i.Company ?? current.Company,
            Title = i.Title ?? current.Title,
            Email = i.Email ?? current.Email,
            Phone = i.Phone ?? current.Phone,
            Source = i.Source ?? current.Source,
            Industry = i.Industry ?? current.Industry,
            Region = i.Region ?? current.Region,
            Country = i.Country ?? current.Country,
            City = i.City ?? current.City,
            Notes = i.Notes ?? current.Notes,
        };
        var n = LeadRules.Validate(merged, _region);
        var move = row.Status is { } status && status != record.Status ? new LeadStatusInput(status) : null;
        if (record.Status == LeadStatus.Converted)
        {
            var kept = move is null && (OwnerOf(row, memory) ?? record.OwnerId) == record.OwnerId
                && n == new NormalizedLead(record.Name, record.Company, record.CompanyKey, record.Title, record.Email, record.Phone, record.Source,
                    record.Industry, record.Region, record.Country, record.City, record.Notes);
            if (kept) return;
            throw RapportValidationException.For("status", "Validation.LeadConverted");
        }
        if (move is not null) LeadRules.CheckMove(record.Status, move);
        LeadService.Apply(record, n);
        if (OwnerOf(row, memory) is { } owner) record.OwnerId = owner;
        if (move is not null) record.MoveTo(move);
        Rescore(record, memory);
    }

    private static Guid? OwnerOf(Row row, ImportMemory memory) => row.Owner is null ? null : memory.Owners.GetValueOrDefault(row.Owner);

    /// <summary>Scores the lead again; its parts are replaced only when they differ (a new list of the same parts would
    /// still rewrite the owned JSON and give an unchanged lead a new version).</summary>
    private static void Rescore(Lead lead, ImportMemory memory)
    {
        var (score, parts) = ((LeadScoring)((Memory)memory).Lookups[ScoringKey]!).Score(lead);
        lead.Score = score;
        if (!parts.Select(p => (p.Rule, p.Value, p.Points)).SequenceEqual(lead.ScoreParts.Select(p => (p.Rule, p.Value, p.Points)))) lead.ScoreParts = parts;
    }

    protected override Guid IdOf(Lead record) => record.Id;

    protected override string Snapshot(Lead record) => ImportJson.Write(LeadSnapshot.Of(record));

    protected override IReadOnlyDictionary<string, string?> PreviewOf(Lead record, Row row) => new Dictionary<string, string?>
    {
        [F.Name] = record.Name, [F.Company] = record.Company, [F.Title] = record.Title, [F.Email] = record.Email, [F.Phone] = record.Phone,
        [F.Source] = record.Source, [F.Industry] = record.Industry, [F.Region] = record.Region, [F.Country] = record.Country, [F.City] = record.City,
        [F.Status] = record.Status.ToString(), [F.Owner] = row.Owner is null ? null : record.OwnerId?.ToString(), [F.Notes] = record.Notes,
    };

    protected override Task InsertAsync(List<Lead> added, DateTime now, CancellationToken ct) => BulkInsert.InsertAsync(db, added, now, ct);

    public override Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Leads.IgnoreQueryFilters().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.Version }).ToDictionaryAsync(l => l.Id, l => l.Version, ct);

    /// <summary>Leads worked since (an activity logged) or converted.</summary>
    public override async Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.LeadActivities.IgnoreQueryFilters().Where(a => ids.Contains(a.LeadId)).Select(a => a.LeadId).ToListAsync(ct))
            .Concat(await db.Leads.IgnoreQueryFilters().Where(l => ids.Contains(l.Id) && l.CustomerId != null).Select(l => l.Id).ToListAsync(ct))
            .ToHashSet();

    public override Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct) =>
        db.Leads.IgnoreQueryFilters().Where(l => ids.Contains(l.Id)).ExecuteDeleteAsync(ct);

    public override async Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct)
    {
        var ids = befores.Keys.ToList();
        var tracked = await db.Leads.IgnoreQueryFilters().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
        foreach (var l in tracked)
        {
            var before = ImportJson.Read<LeadSnapshot>(befores[l.Id]);
            before.RestoreTo(l);
            // The status is set only by the lead's transitions; an undo puts back the one it had, whatever the path.
            var entry = db.Entry(l);
            entry.Property(x => x.Status).CurrentValue = before.Status;
            entry.Property(x => x.DisqualifyReason).CurrentValue = before.DisqualifyReason;
        }
        return tracked.Count;
    }
}
