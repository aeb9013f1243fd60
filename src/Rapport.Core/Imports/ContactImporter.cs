using Rapport.Core.Customers;
using F = Rapport.Core.Imports.ContactImportFields;

namespace Rapport.Core.Imports;

/// <summary>File rows as contacts of company customers: the customer named by its number or exact name (in the
/// caller's scope), matched by email then phone to existing contacts of that customer only (and to earlier rows naming
/// it), checked and written as <see cref="ContactService"/> checks and writes them (its own <c>Validate</c>/<c>Apply</c>).</summary>
public sealed class ContactImporter(RapportDbContext db, ContactService contacts, ICurrentUser user, IOptions<CustomerOptions> options)
    : RecordImporter<Contact, ContactImporter.Row>(user)
{
    private readonly string _region = options.Value.DefaultPhoneRegion;

    /// <summary>A row read through the mapping: the request the contact API would get, and the customer it names.</summary>
    public sealed record Row(ContactInput Input, bool PrimaryGiven, string? CustomerNumber, string? CustomerName, List<FieldError> Errors);

    public override string Entity => ImportService.Contacts;
    protected override RapportDbContext Db => db;
    public override ImportFieldSet Fields => F.Set;

    /// <summary>As the contact API: adding or changing a contact is changing its customer.</summary>
    public override void RequirePermissions(ImportMatchMode mode) => User.Require(Permissions.CustomersUpdate);

    protected override Row Read(string[] cells, ImportMapping mapping)
    {
        var (scalars, lists, errors) = F.Set.Read(cells, mapping.Columns);
        bool? primary = null;
        if (scalars.GetValueOrDefault(F.IsPrimary) is { } p)
        {
            if (F.YesNo.TryGetValue(p, out var yes)) primary = yes;
            else errors.Add(new("isPrimary", "Validation.Enum"));
        }
        var input = new ContactInput
        {
            Name = scalars.GetValueOrDefault(F.Name), Title = scalars.GetValueOrDefault(F.Title), Department = scalars.GetValueOrDefault(F.Department),
            Phones = lists.GetValueOrDefault(F.Phone), Emails = lists.GetValueOrDefault(F.Email), IsPrimary = primary ?? false,
        };
        return new Row(input, primary is not null, scalars.GetValueOrDefault(F.CustomerNumber), scalars.GetValueOrDefault(F.Customer), errors);
    }

    protected override IReadOnlyList<FieldError> ReadErrors(Row row) => row.Errors;

    /// <summary>The customers the rows name, by number and by exact name, in the caller's scope: one query each.</summary>
    protected override Task LookUpAsync(IReadOnlyList<Row> rows, ImportMemory memory, CancellationToken ct) =>
        ImportCustomers.ResolveAsync(db, rows.Select(r => (r.CustomerNumber, r.CustomerName)), memory, ct);

    private static ImportCustomers.Ref? CustomerOf(Row row, ImportMemory memory) => ImportCustomers.Of(row.CustomerNumber, row.CustomerName, memory);

    /// <summary>A new contact needs its customer; a named customer that is not found (or not a company) is an error.</summary>
    protected override void CheckNames(Row row, ImportMemory memory, Contact? into, List<FieldError> errors)
    {
        var customer = ImportCustomers.Check(row.CustomerNumber, row.CustomerName, memory, into is null, errors);
        if (customer is { Id: not null, Kind: not CustomerKind.Company })
            errors.Add(new(row.CustomerNumber is not null ? F.CustomerNumber : F.Customer, "Validation.ContactNeedsCompany"));
    }

    /// <summary>The row's emails and phones as keys of its customer (<c>{customer id}|e:{email}</c>): a row matches only
    /// contacts of the customer it names, and a row naming none (or one not found) matches nothing — it can then only
    /// be a new contact, which needs its customer.</summary>
    protected override IEnumerable<string> KeysOf(Row row, ImportMemory memory, IReadOnlyList<string> by)
    {
        if (CustomerOf(row, memory) is not { Id: { } customer }) yield break;
        var prefix = customer.ToString("N") + "|";
        foreach (var k in by)
        {
            var keys = k switch
            {
                "email" => (row.Input.Emails ?? []).Select(ContactPoints.NormalizeEmail).OfType<string>().Select(e => "e:" + e),
                "phone" => (row.Input.Phones ?? []).Select(p => ContactPoints.NormalizePhone(p, _region)).OfType<string>().Select(p => "p:" + p),
                _ => [],
            };
            foreach (var key in keys) yield return prefix + key;
        }
    }

    /// <summary>The contacts of the customers the keys name (in the caller's scope) that hold one of the keys' emails or
    /// phones: one query by customer (the indexed <c>CustomerId</c>), never a scan of every contact's lists.</summary>
    protected override async Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, Guid>();
        if (keys.Count == 0) return result;
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var customers = keys.Select(k => Guid.ParseExact(k.AsSpan(0, 32), "N")).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => EF.Constant(customers).Contains(c.CustomerId)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.CustomerId, c.Emails, c.Phones }).ToListAsync(ct);
        foreach (var c in contacts)
        {
            var prefix = c.CustomerId.ToString("N") + "|";
            foreach (var key in c.Emails.Select(e => prefix + "e:" + e).Concat(c.Phones.Select(p => prefix + "p:" + p)))
                if (wanted.Contains(key)) result.TryAdd(key, c.Id);
        }
        return result;
    }

    protected override Task<Dictionary<Guid, Contact>> LoadAsync(List<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.FromResult(new Dictionary<Guid, Contact>()) : db.Contacts.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

    /// <summary>A new contact of the customer the row names; a row without one found is the row's error (whatever path
    /// brought it here), never a crash of the batch.</summary>
    protected override Contact Create(Row row, ImportMemory memory)
    {
        var customer = CustomerOf(row, memory);
        if (customer is not { Id: { } customerId })
            throw RapportValidationException.For(row.CustomerNumber is not null ? F.CustomerNumber : F.Customer, customer?.Error ?? "Validation.Required");
        var (name, phones, emails) = contacts.Validate(row.Input);
        var contact = new Contact { CustomerId = customerId, Name = name };
        ContactService.Apply(contact, row.Input, phones, emails);
        return contact;
    }

    /// <summary>What the row gives replaces single values; its phones and emails are added to those already there.</summary>
    protected override void Update(Contact record, Row row, ImportMemory memory)
    {
        var current = ContactSnapshot.InputOf(record);
        var merged = current with
        {
            Name = row.Input.Name ?? current.Name,
            Title = row.Input.Title ?? current.Title,
            Department = row.Input.Department ?? current.Department,
            Phones = [.. current.Phones!.Concat(row.Input.Phones ?? [])],
            Emails = [.. current.Emails!.Concat(row.Input.Emails ?? [])],
            IsPrimary = row.PrimaryGiven ? row.Input.IsPrimary : current.IsPrimary,
        };
        var (name, phones, emails) = contacts.Validate(merged);
        record.Name = name;
        ContactService.Apply(record, merged, [.. phones.Distinct()], [.. emails.Distinct()]);
    }

    protected override Guid IdOf(Contact record) => record.Id;

    protected override string Snapshot(Contact record) => ImportJson.Write(ContactSnapshot.Of(record));

    protected override IReadOnlyDictionary<string, string?> PreviewOf(Contact record, Row row) => new Dictionary<string, string?>
    {
        [F.Name] = record.Name,
        [F.Title] = record.Title,
        [F.Department] = record.Department,
        [F.Phone] = string.Join(", ", record.Phones),
        [F.Email] = string.Join(", ", record.Emails),
        [F.Customer] = row.CustomerNumber ?? row.CustomerName,
        [F.IsPrimary] = row.PrimaryGiven ? record.IsPrimary.ToString() : null,
    };

    protected override Task InsertAsync(List<Contact> added, DateTime now, CancellationToken ct) => BulkInsert.InsertAsync(db, added, now, ct);

    public override Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Contacts.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Version }).ToDictionaryAsync(c => c.Id, c => c.Version, ct);

    /// <summary>Contacts named since by an interaction, a deal or a case.</summary>
    public override async Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.Interactions.IgnoreQueryFilters().Where(x => x.ContactId != null && ids.Contains(x.ContactId.Value)).Select(x => x.ContactId!.Value).ToListAsync(ct))
            .Concat(await db.Opportunities.IgnoreQueryFilters().Where(x => x.ContactId != null && ids.Contains(x.ContactId.Value)).Select(x => x.ContactId!.Value).ToListAsync(ct))
            .Concat(await db.Cases.IgnoreQueryFilters().Where(x => x.ContactId != null && ids.Contains(x.ContactId.Value)).Select(x => x.ContactId!.Value).ToListAsync(ct))
            .ToHashSet();

    public override Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct) =>
        db.Contacts.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);

    public override async Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct)
    {
        var ids = befores.Keys.ToList();
        var tracked = await db.Contacts.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in tracked) ImportJson.Read<ContactSnapshot>(befores[c.Id]).RestoreTo(c);
        return tracked.Count;
    }
}
