using Rapport.Core.ServiceDesk;
using F = Rapport.Core.Imports.CaseImportFields;

namespace Rapport.Core.Imports;

/// <summary>File rows as service cases: the customer named by its number or exact name (in the caller's scope), the
/// contact by name or email among that customer's contacts, the category by its English or Chinese name, the owner by
/// user name; types, channels, priorities and statuses named in English or Chinese; matched to the case of the same
/// number (in the caller's scope); checked and written as <see cref="CaseService"/> checks them (<c>Check</c>) and as the
/// case's own transitions allow (a status the case cannot reach is the row's error). A new case without a number gets
/// the next one as the batch is written; one with a number keeps it (an old system's ticket numbers), unless another
/// case has it. Imported cases are not routed and get no SLA targets: their clocks ran where they came from.</summary>
public sealed class CaseImporter(RapportDbContext db, ICurrentUser user, IOptions<CaseOptions> options, TimeProvider clock)
    : RecordImporter<Case, CaseImporter.Row>(user)
{
    private const string CategoriesKey = "\0categories";
    private const string TakenKey = "\0taken";
    private const string HiddenKey = "\0hidden";
    private const string PlannedKey = "\0planned";

    /// <summary>The contacts of the batch's customers by <c>{customer}|{name or email}</c> (null: several have it).</summary>
    private Dictionary<string, Guid?> _contacts = [];

    /// <summary>A row read through the mapping, with what it names, and whether the run creates rows that match (then a
    /// number any case has, or an earlier row of the file, is the row's error).</summary>
    public sealed record Row(string? Number, string? Subject, string? Description, CaseType? Type, CaseChannel? Channel, CasePriority? Priority,
        CaseStatus? Status, string? Note, string? CustomerNumber, string? CustomerName, string? Contact, string? Category, string? Owner,
        List<string>? Tags, bool CreateMode, List<FieldError> Errors)
    {
        /// <summary>The customer the row names, once looked up.</summary>
        public Guid? CustomerId { get; set; }
    }

    private sealed record CategoryName(Guid Id, string Name, string? NameZh, bool Active);

    public override string Entity => ImportService.Cases;
    protected override RapportDbContext Db => db;
    public override ImportFieldSet Fields => F.Set;

    /// <summary>As the case API: <c>cases.create</c>, and <c>cases.update</c> to update.</summary>
    public override void RequirePermissions(ImportMatchMode mode)
    {
        User.Require(Permissions.CasesCreate);
        if (mode == ImportMatchMode.Update) User.Require(Permissions.CasesUpdate);
    }

    protected override Row Read(string[] cells, ImportMapping mapping)
    {
        var (scalars, lists, errors) = F.Set.Read(cells, mapping.Columns);
        string? S(string f) => scalars.GetValueOrDefault(f);
        if (!ImportValues.TryEnum(S(F.Type), F.TypeSynonyms, out var type)) errors.Add(new(F.Type, "Validation.Enum"));
        if (!ImportValues.TryEnum(S(F.Channel), F.ChannelSynonyms, out var channel)) errors.Add(new(F.Channel, "Validation.Enum"));
        if (!ImportValues.TryEnum(S(F.Priority), F.PrioritySynonyms, out var priority)) errors.Add(new(F.Priority, "Validation.Enum"));
        if (!ImportValues.TryEnum(S(F.Status), F.StatusSynonyms, out var status)) errors.Add(new(F.Status, "Validation.Enum"));
        var number = S(F.Number);
        TextInput.CheckLength(errors, F.Number, number, Case.NumberMax);
        var note = S(F.Note);
        if (note is not null && status is not (CaseStatus.Resolved or CaseStatus.Closed)) errors.Add(new(F.Note, "Import.CaseNoteNeedsResolution"));
        return new Row(number, S(F.Subject), S(F.Description), type, channel, priority, status, note, S(F.CustomerNumber), S(F.Customer), S(F.Contact),
            S(F.Category), S(F.Owner), lists.GetValueOrDefault(F.Tags), mapping.Mode == ImportMatchMode.Create, errors);
    }

    protected override IReadOnlyList<FieldError> ReadErrors(Row row) => row.Errors;

    /// <summary>The customers and owners the rows name (once per run), the active categories (once per run), the numbers
    /// of the batch any case already has (in scope or not), and the contacts of the customers the rows name or whose
    /// cases they update.</summary>
    protected override async Task LookUpAsync(IReadOnlyList<Row> rows, ImportMemory memory, CancellationToken ct)
    {
        await ImportCustomers.ResolveAsync(db, rows.Select(r => (r.CustomerNumber, r.CustomerName)), memory, ct);
        await ImportOwners.ResolveAsync(db, rows.Select(r => r.Owner), memory, ct);
        var known = ((Memory)memory).Lookups;
        if (!known.ContainsKey(CategoriesKey))
            known[CategoriesKey] = await db.CaseCategories.AsNoTracking().OrderByDescending(c => c.Active).ThenBy(c => c.Sort).ThenBy(c => c.Id)
                .Select(c => new CategoryName(c.Id, c.Name, c.NameZh, c.Active)).ToListAsync(ct);
        if (!known.ContainsKey(PlannedKey)) known[PlannedKey] = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows) r.CustomerId = ImportCustomers.Of(r.CustomerNumber, r.CustomerName, memory)?.Id;

        // A new case cannot take a number another case has, even one the importer cannot see (the unique index would
        // fail the whole batch): the numbers any case has, and those of cases out of the importer's scope (a row with
        // one of those matches nothing, whatever the mode, and would otherwise be created).
        var numbers = rows.Select(r => r.Number).OfType<string>().Distinct().ToList();
        var taken = numbers.Count == 0 ? []
            : await db.Cases.IgnoreQueryFilters().Where(c => numbers.Contains(c.Number)).Select(c => new { c.Number, c.CustomerId }).ToListAsync(ct);
        var visible = taken.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => c.Number).ToListAsync(ct);
        known[TakenKey] = taken.Select(t => t.Number).ToHashSet(StringComparer.Ordinal);
        known[HiddenKey] = taken.Select(t => t.Number).Except(visible, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var customerOfCase = taken.ToDictionary(t => t.Number, t => t.CustomerId, StringComparer.Ordinal);

        _contacts = [];
        var customers = rows.Where(r => r.Contact is not null)
            .Select(r => r.CustomerId ?? (r.Number is { } n && customerOfCase.TryGetValue(n, out var c) ? c : (Guid?)null))
            .OfType<Guid>().Distinct().ToList();
        if (customers.Count == 0) return;
        foreach (var c in await db.Contacts.AsNoTracking().Where(c => customers.Contains(c.CustomerId)).Select(c => new { c.Id, c.CustomerId, c.Name, c.Emails }).ToListAsync(ct))
            foreach (var key in c.Emails.Append(c.Name).Select(v => ContactKey(c.CustomerId, v)).Distinct())
                _contacts[key] = _contacts.TryGetValue(key, out _) ? null : c.Id;
    }

    private static string ContactKey(Guid customer, string nameOrEmail) => customer.ToString("N") + "|" + nameOrEmail.Trim().ToUpperInvariant();

    private Guid? ContactOf(Row row, Guid customer) => row.Contact is { } c ? _contacts.GetValueOrDefault(ContactKey(customer, c)) : null;

    /// <summary>The active category named so in English or Chinese, or the inactive one the case already has (an export
    /// read back names it; no case is given a retired category).</summary>
    private static Guid? CategoryOf(string? name, ImportMemory memory, Guid? current) => name is null ? null
        : ((List<CategoryName>)((Memory)memory).Lookups[CategoriesKey]!)
            .FirstOrDefault(c => (c.Active || c.Id == current)
                && (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(c.NameZh, name, StringComparison.OrdinalIgnoreCase)))?.Id;

    private static Guid? OwnerOf(Row row, ImportMemory memory) => row.Owner is null ? null : memory.Owners.GetValueOrDefault(row.Owner);

    /// <summary>A new case needs its customer; an existing one keeps its customer (as in the API); a contact must be one
    /// of the case's customer's, a category an active one, the owner a user the caller may give cases to.</summary>
    protected override void CheckNames(Row row, ImportMemory memory, Case? into, List<FieldError> errors)
    {
        ImportCustomers.Check(row.CustomerNumber, row.CustomerName, memory, required: into is null, errors);
        if (into is not null && row.CustomerId is { } named && named != into.CustomerId)
            errors.Add(new(row.CustomerNumber is not null ? F.CustomerNumber : F.Customer, "Import.CaseCustomerFixed"));
        ImportOwners.Of(User, Permissions.CasesUpdate, row.Owner, into is null ? User.Id : into.OwnerId, memory, errors);
        if (row.Contact is { } contact && (into?.CustomerId ?? row.CustomerId) is { } customer)
        {
            if (!_contacts.TryGetValue(ContactKey(customer, contact), out var id)) errors.Add(new(F.Contact, "Validation.UnknownContact"));
            else if (id is null) errors.Add(new(F.Contact, "Import.ContactAmbiguous"));
        }
        if (row.Category is { } category && CategoryOf(category, memory, into?.CategoryId) is null) errors.Add(new(F.Category, "Validation.UnknownCategory"));
    }

    protected override IEnumerable<string> KeysOf(Row row, ImportMemory memory, IReadOnlyList<string> by)
    {
        if (by.Contains("number") && row.Number is { } number) yield return "n:" + number;
    }

    /// <summary>Cases in the caller's scope with these numbers: one query.</summary>
    protected override async Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct)
    {
        var numbers = keys.Where(k => k.StartsWith("n:", StringComparison.Ordinal)).Select(k => k[2..]).ToList();
        if (numbers.Count == 0) return [];
        return await db.Cases.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => new { c.Number, c.Id }).ToDictionaryAsync(c => "n:" + c.Number, c => c.Id, ct);
    }

    protected override Task<Dictionary<Guid, Case>> LoadAsync(List<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.FromResult(new Dictionary<Guid, Case>()) : db.Cases.Include(c => c.Tags).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

    /// <summary>As <see cref="CaseService.CreateAsync"/> checks it; without an owner the importer's (as a case taken down by
    /// an agent); moved to the status the row names through the case's own transitions.</summary>
    protected override Case Create(Row row, ImportMemory memory)
    {
        var (subject, description, tags, errors) = CaseService.Check(row.Subject, row.Description, row.Tags);
        var known = ((Memory)memory).Lookups;
        var planned = (HashSet<string>)known[PlannedKey]!;
        if (row.Number is { } number && (row.CreateMode
                ? ((HashSet<string>)known[TakenKey]!).Contains(number) || planned.Contains(number)
                : ((HashSet<string>)known[HiddenKey]!).Contains(number)))
            errors.Add(new(F.Number, "Import.CaseNumberTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var customer = row.CustomerId!.Value;
        var c = new Case
        {
            Number = row.Number ?? "", Subject = subject, Description = description, CustomerId = customer, Type = row.Type ?? CaseType.Inquiry,
            Channel = row.Channel ?? CaseChannel.Phone, Priority = row.Priority ?? CasePriority.Normal, ContactId = ContactOf(row, customer),
            CategoryId = CategoryOf(row.Category, memory, null), OwnerId = OwnerOf(row, memory) ?? User.Id,
        };
        c.ReplaceTags(tags);
        MoveTo(c, row.Status, row.Note);
        if (row.CreateMode && row.Number is { } n) planned.Add(n);
        return c;
    }

    /// <summary>What the row gives replaces what the case holds (its customer stays); a status it names is reached through
    /// the case's transitions (reopening within the reopen window). Checked first: a refused row leaves the case as it was.</summary>
    protected override void Update(Case record, Row row, ImportMemory memory)
    {
        var (subject, description, tags, errors) = CaseService.Check(row.Subject ?? record.Subject, row.Description ?? record.Description,
            row.Tags ?? [.. record.Tags.Select(t => t.Name)]);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var before = CaseSnapshot.Of(record);
        try
        {
            MoveTo(record, row.Status, row.Note);
        }
        catch (RapportValidationException)
        {
            before.RestoreTo(record);
            throw;
        }
        (record.Subject, record.Description) = (subject, description);
        (record.Type, record.Channel, record.Priority) = (row.Type ?? record.Type, row.Channel ?? record.Channel, row.Priority ?? record.Priority);
        if (row.Contact is not null) record.ContactId = ContactOf(row, record.CustomerId);
        if (row.Category is not null) record.CategoryId = CategoryOf(row.Category, memory, record.CategoryId);
        if (OwnerOf(row, memory) is { } owner) record.OwnerId = owner;
        record.ReplaceTags(tags);
    }

    /// <summary>Moves the case to <paramref name="to"/> by its own transitions; throws (status or note) where they refuse.</summary>
    private void MoveTo(Case c, CaseStatus? to, string? note)
    {
        if (to is not { } status || status == c.Status) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var window = TimeSpan.FromDays(options.Value.ReopenWindowDays);
        switch (status)
        {
            case CaseStatus.Open when c.IsActive:
                c.Open();
                break;
            case CaseStatus.Open:
                c.Reopen(now, window);
                break;
            case CaseStatus.PendingCustomer:
                if (!c.IsActive) c.Reopen(now, window);
                c.WaitOnCustomer(now);
                break;
            case CaseStatus.Resolved:
                c.Resolve(note, now);
                break;
            case CaseStatus.Closed:
                if (c.IsActive) c.Resolve(note, now);
                c.Close(now);
                break;
            default:
                throw RapportValidationException.For(F.Status, "Validation.CaseTransition", c.Status, status);
        }
    }

    protected override Guid IdOf(Case record) => record.Id;

    protected override string Snapshot(Case record) => ImportJson.Write(CaseSnapshot.Of(record));

    protected override IReadOnlyDictionary<string, string?> PreviewOf(Case record, Row row) => new Dictionary<string, string?>
    {
        [F.Number] = record.Number.Length == 0 ? null : record.Number,
        [F.Subject] = record.Subject,
        [F.Description] = record.Description,
        [F.Customer] = row.CustomerNumber ?? row.CustomerName,
        [F.Contact] = row.Contact,
        [F.Type] = record.Type.ToString(),
        [F.Channel] = record.Channel.ToString(),
        [F.Priority] = record.Priority.ToString(),
        [F.Status] = record.Status.ToString(),
        [F.Category] = row.Category,
        [F.Owner] = row.Owner is null ? null : record.OwnerId?.ToString(),
        [F.Tags] = string.Join(", ", record.Tags.Select(t => t.Name)),
        [F.Note] = record.ResolutionNote,
    };

    /// <summary>The new cases, numbered now when the file gave them none (the batch's numbers reserved at once), and their tags.</summary>
    protected override async Task InsertAsync(List<Case> added, DateTime now, CancellationToken ct)
    {
        var unnumbered = added.Where(c => c.Number.Length == 0).ToList();
        if (unnumbered.Count > 0)
        {
            var numbers = await Sequences.ReserveNumbersAsync(db, options.Value.NumberPattern, now, unnumbered.Count, ct, CaseService.Counter);
            for (var i = 0; i < unnumbered.Count; i++) unnumbered[i].Numbered(numbers[i]);
        }
        await BulkInsert.InsertAsync(db, added, now, ct);
        await BulkInsert.InsertAsync(db, [.. added.SelectMany(c => c.Tags)], now, ct);
    }

    public override Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Cases.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Version }).ToDictionaryAsync(c => c.Id, c => c.Version, ct);

    /// <summary>Cases with a conversation, a related case or a duplicate merged into them since.</summary>
    public override async Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.CaseMessages.IgnoreQueryFilters().Where(m => ids.Contains(m.CaseId)).Select(m => m.CaseId).Distinct().ToListAsync(ct))
            .Concat(await db.CaseLinks.IgnoreQueryFilters().Where(l => ids.Contains(l.CaseId)).Select(l => l.CaseId).ToListAsync(ct))
            .Concat(await db.CaseLinks.IgnoreQueryFilters().Where(l => ids.Contains(l.RelatedCaseId)).Select(l => l.RelatedCaseId).ToListAsync(ct))
            .Concat(await db.Cases.IgnoreQueryFilters().Where(c => c.MergedIntoId != null && ids.Contains(c.MergedIntoId.Value)).Select(c => c.MergedIntoId!.Value).ToListAsync(ct))
            .ToHashSet();

    /// <summary>The cases, with their tags (removed with them by the database).</summary>
    public override Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct) =>
        db.Cases.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);

    /// <summary>Puts back each case as it was, status and tags included.</summary>
    public override async Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct)
    {
        var ids = befores.Keys.ToList();
        var tracked = await db.Cases.IgnoreQueryFilters().Include(c => c.Tags).Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in tracked) ImportJson.Read<CaseSnapshot>(befores[c.Id]).RestoreTo(c);
        return tracked.Count;
    }
}
