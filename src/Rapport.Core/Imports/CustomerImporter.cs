using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>A batch of file rows as customers: read through the mapping, matched against existing customers with one
/// query per key (number, email, phone, name) for the whole batch, checked with the customer rules the API uses
/// (<see cref="CustomerRules.Validate"/>) and written as the customer service writes them (its own
/// <c>Apply</c>/<c>ApplyPii</c>), so an imported customer is stored exactly as one created in the UI.</summary>
public sealed class CustomerImporter(RapportDbContext db, CustomerService customers, ICurrentUser user, IOptions<CustomerOptions> options) : IImportTarget
{
    private readonly string _region = options.Value.DefaultPhoneRegion;

    public string Entity => ImportService.Customers;
    public ImportFieldSet Fields => CustomerImportFields.Set;

    public void RequirePermissions(ImportMatchMode mode)
    {
        user.Require(Permissions.CustomersCreate);
        if (mode == ImportMatchMode.Update) user.Require(Permissions.CustomersUpdate);
    }

    public ImportMemory NewMemory() => new Memory();

    Task<ImportPreviewRow> IImportTarget.PreviewAsync(int row, string[] cells, ImportMapping mapping, ImportMemory memory, CancellationToken ct) =>
        PreviewAsync(row, cells, mapping, (Memory)memory, ct);

    async Task<IImportBatch> IImportTarget.PlanAsync(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping, bool keepKeys, ImportMemory memory, CancellationToken ct) =>
        await PlanAsync(rows, mapping, keepKeys, (Memory)memory, ct);

    IImportReadAhead? IImportTarget.ReadAhead(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping) => Read(rows, mapping);

    async Task<IImportBatch> IImportTarget.PlanAsync(IReadOnlyList<(int Row, string[] Cells)> rows, IImportReadAhead? read, ImportMapping mapping, bool keepKeys, ImportMemory memory, CancellationToken ct) =>
        await PlanAsync(read as Reading ?? Read(rows, mapping), mapping, keepKeys, (Memory)memory, ct);

    /// <summary>Reserves the generated numbers the batch needs, builds it (<see cref="Write"/>) and bulk-inserts the new
    /// customers, their channels and tags (<see cref="BulkInsert"/>: the tracker's per-entity cost was most of a batch).</summary>
    public async Task<List<ImportRunRow>> WriteAsync(Guid runId, IImportBatch batch, DateTime now, CancellationToken ct)
    {
        var b = (Batch)batch;
        var needed = b.Plans.Count(p => p.Existing is null && p.Normalized.Number is null);
        var numbers = new Queue<string>(needed == 0 ? [] : await Sequences.ReserveNumbersAsync(db, options.Value.NumberPattern, now, needed, ct));
        var (rows, added) = Write(runId, b, numbers);
        await BulkInsert.InsertAsync(db, added, now, ct);
        await BulkInsert.InsertAsync(db, [.. added.SelectMany(c => c.Channels)], now, ct);
        await BulkInsert.InsertAsync(db, [.. added.SelectMany(c => c.Tags)], now, ct);
        return rows;
    }

    public Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Customers.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Version }).ToDictionaryAsync(c => c.Id, c => c.Version, ct);

    /// <summary>Customers given contacts, interactions or deals since the import.</summary>
    public async Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.Contacts.IgnoreQueryFilters().Where(x => ids.Contains(x.CustomerId)).Select(x => x.CustomerId).ToListAsync(ct))
            .Concat(await db.Interactions.IgnoreQueryFilters().Where(x => ids.Contains(x.CustomerId)).Select(x => x.CustomerId).ToListAsync(ct))
            .Concat(await db.Opportunities.IgnoreQueryFilters().Where(x => ids.Contains(x.CustomerId)).Select(x => x.CustomerId).ToListAsync(ct))
            .ToHashSet();

    public Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct) =>
        db.Customers.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);

    public async Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct)
    {
        var ids = befores.Keys.ToList();
        var tracked = await db.Customers.IgnoreQueryFilters().AsSplitQuery().Include(c => c.Channels).Include(c => c.Tags)
            .Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in tracked) ImportJson.Read<CustomerSnapshot>(befores[c.Id]).RestoreTo(c);
        return tracked.Count;
    }

    /// <summary>What a batch decided for each of its rows. <see cref="Write"/> has not happened yet.</summary>
    public sealed class Plan
    {
        public required int Row { get; init; }
        public Customer? Existing { get; init; }
        public CustomerSnapshot? Before { get; init; }
        public required CustomerInput Input { get; set; }
        public required NormalizedCustomer Normalized { get; set; }
        public Guid? OwnerId { get; set; }
        public DateTime? CreatedAt { get; init; }
        public Customer? Record { get; set; }
        public List<int> MergedRows { get; } = [];
    }

    /// <summary>The outcome of one batch: the plans (creates and updates), skipped rows and failed rows.</summary>
    public sealed record Batch(List<Plan> Plans, int Skipped, List<ImportRowError> Errors) : IImportBatch
    {
        public IEnumerable<(Guid Id, long Version)> Written() => Plans.Select(p => (p.Record!.Id, p.Record!.Version));
        public int Creates => Plans.Count(p => p.Existing is null);
        public int Updates => Plans.Count(p => p.Existing is not null) + Plans.Sum(p => p.MergedRows.Count);
    }

    /// <summary>Keys seen in earlier batches of a dry run (a real run finds them in the database instead) and owners
    /// already looked up.</summary>
    public sealed class Memory : ImportMemory
    {
        internal Dictionary<string, Plan> FileKeys { get; } = [];
        internal HashSet<string> FileNumbers { get; } = [];
    }

    /// <summary>One row's values as they would be stored, or its errors (the preview).</summary>
    public async Task<ImportPreviewRow> PreviewAsync(int row, string[] cells, ImportMapping mapping, Memory memory, CancellationToken ct)
    {
        var read = CustomerImportRow.Read(cells, mapping.Columns, mapping.DefaultCountry);
        var errors = new List<FieldError>(read.Errors);
        var owner = await OwnerAsync(read.Owner, memory, errors, ct);
        NormalizedCustomer? n = null;
        try { n = CustomerRules.Validate(read.Input, _region); }
        catch (RapportValidationException e) { errors.AddRange(e.Errors); }
        var values = new Dictionary<string, string?>
        {
            [CustomerImportFields.Number] = n?.Number ?? read.Input.Number,
            [CustomerImportFields.Name] = n?.Name ?? read.Input.Name,
            [CustomerImportFields.Kind] = read.Input.Kind.ToString(),
            [CustomerImportFields.Phone] = string.Join(", ", n?.Phones ?? read.Input.Phones ?? []),
            [CustomerImportFields.Email] = string.Join(", ", n?.Emails ?? read.Input.Emails ?? []),
            ["address"] = n?.Addresses.FirstOrDefault() is { } a ? string.Join(", ", new[] { a.Country, a.Region, a.City, a.Street, a.Postcode }.Where(x => x is not null)) : null,
            [CustomerImportFields.Tags] = string.Join(", ", n?.Tags ?? []),
            [CustomerImportFields.Owner] = read.Owner is null ? null : owner?.ToString(),
            [CustomerImportFields.Tier] = read.Input.Tier?.ToString(),
            [CustomerImportFields.Stage] = read.Input.Stage?.ToString(),
            [CustomerImportFields.CreatedAt] = read.CreatedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [CustomerImportFields.Industry] = TextInput.Clean(read.Input.Industry),
            [CustomerImportFields.Source] = TextInput.Clean(read.Input.Source),
            [CustomerImportFields.Notes] = TextInput.Clean(read.Input.Notes),
        };
        return new ImportPreviewRow(row, values, errors);
    }

    /// <summary>Decides every row of the batch: match, mode, validation. Loads (tracked) the customers it will update.</summary>
    public Task<Batch> PlanAsync(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping, bool keepKeys, Memory memory, CancellationToken ct) =>
        PlanAsync(Read(rows, mapping), mapping, keepKeys, memory, ct);

    /// <summary>A batch's rows read through the mapping, each validated once (its phones and emails parsed once: its
    /// match keys come from what validation normalised, and a new customer is built from that result). Needs neither
    /// the database nor the run's memory, so the run does it ahead, on another thread.</summary>
    private sealed record Reading(
        List<(int Row, string[] Cells, CustomerImportRow Read)> Reads,
        Dictionary<int, (NormalizedCustomer? Normalized, RapportValidationException? Invalid)> Checked,
        Dictionary<int, List<string>> Keys) : IImportReadAhead;

    private Reading Read(IReadOnlyList<(int Row, string[] Cells)> rows, ImportMapping mapping)
    {
        var reads = rows.Select(r => (r.Row, r.Cells, Read: CustomerImportRow.Read(r.Cells, mapping.Columns, mapping.DefaultCountry))).ToList();
        var checkedRows = reads.ToDictionary(r => r.Row, r => r.Read.Errors.Count == 0 ? Check(r.Read.Input) : default);
        var keysOf = reads.ToDictionary(r => r.Row, r => MatchKeys(r.Read, checkedRows[r.Row].Normalized, mapping.Keys));
        return new Reading(reads, checkedRows, keysOf);
    }

    private async Task<Batch> PlanAsync(Reading reading, ImportMapping mapping, bool keepKeys, Memory memory, CancellationToken ct)
    {
        var (reads, checkedRows, keysOf) = reading;
        await ResolveOwnersAsync(reads.Select(r => r.Read.Owner), memory, ct);
        var found = await FindAsync(keysOf.Values.SelectMany(k => k).Distinct().ToList(), ct);
        var numbers = reads.Select(r => r.Read.Input.Number).OfType<string>().Distinct().ToList();
        var taken = numbers.Count == 0 ? [] : (await db.Customers.IgnoreQueryFilters().Where(c => EF.Constant(numbers).Contains(c.Number))
            .Select(c => c.Number).ToListAsync(ct)).ToHashSet();
        if (!keepKeys) { memory.FileKeys.Clear(); memory.FileNumbers.Clear(); }

        var existingIds = mapping.Mode == ImportMatchMode.Update ? found.Values.Distinct().ToList() : [];
        var existing = existingIds.Count == 0 ? [] : await db.Customers.AsSplitQuery().Include(c => c.Channels).Include(c => c.Tags)
            .Where(c => existingIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var plansByRecord = new Dictionary<Guid, Plan>();

        var plans = new List<Plan>();
        var errors = new List<ImportRowError>();
        var skipped = 0;
        foreach (var (row, cells, read) in reads)
        {
            var rowErrors = new List<FieldError>(read.Errors);
            var keys = keysOf[row];
            var inFile = keys.Select(k => memory.FileKeys.GetValueOrDefault(k)).FirstOrDefault(p => p is not null);
            var inDb = keys.Select(k => found.TryGetValue(k, out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
            var matched = inFile is not null || inDb is not null;
            var ownerId = OwnerOf(read.Owner, CurrentOwner(matched && mapping.Mode == ImportMatchMode.Update, inFile, inDb, plansByRecord, existing), memory, rowErrors);
            if (rowErrors.Count > 0) { errors.Add(new ImportRowError(row, cells, rowErrors)); continue; }
            if (matched && mapping.Mode == ImportMatchMode.Skip) { skipped++; continue; }

            try
            {
                if (matched && mapping.Mode == ImportMatchMode.Update)
                {
                    var plan = inFile ?? (plansByRecord.TryGetValue(inDb!.Value, out var p) ? p : null);
                    if (plan is null)
                    {
                        var c = existing[inDb!.Value];
                        var current = CustomerSnapshot.InputOf(c);
                        plan = new Plan { Row = row, Existing = c, Before = CustomerSnapshot.Of(c), Input = current, Normalized = null! };
                        Merge(plan, read, ownerId);
                        // Nothing to write: a file exported from Rapport and imported back changes nothing.
                        if (Unchanged(c, current, plan)) { skipped++; continue; }
                        plans.Add(plan);
                        plansByRecord[c.Id] = plan;
                    }
                    else
                    {
                        Merge(plan, read, ownerId);
                        plan.MergedRows.Add(row);
                    }
                    Remember(keys, plan, memory);
                    continue;
                }
                var (n, invalid) = checkedRows[row];
                if (n is null) { errors.Add(new ImportRowError(row, cells, invalid!.Errors)); continue; }
                if (n.Number is not null && (taken.Contains(n.Number) || !memory.FileNumbers.Add(n.Number)))
                    throw RapportValidationException.For("number", "Validation.NumberTaken");
                var created = new Plan { Row = row, Input = read.Input, Normalized = n, OwnerId = ownerId, CreatedAt = read.CreatedAt };
                plans.Add(created);
                Remember(keys, created, memory);
            }
            catch (RapportValidationException e)
            {
                errors.Add(new ImportRowError(row, cells, e.Errors));
            }
        }
        return new Batch(plans, skipped, errors);
    }

    /// <summary>The owner of the customer a row goes into, as the customer service compares a requested owner with: the
    /// existing customer's (an earlier row of the file may have planned it), the owner planned for a customer an
    /// earlier row creates, or the importer for a new one.</summary>
    private Guid? CurrentOwner(bool update, Plan? inFile, Guid? inDb, Dictionary<Guid, Plan> plansByRecord, Dictionary<Guid, Customer> existing)
    {
        if (!update) return user.Id;
        var plan = inFile ?? (inDb is { } id && plansByRecord.TryGetValue(id, out var p) ? p : null);
        if (plan is not null) return plan.Existing is { } planned ? plan.OwnerId ?? planned.OwnerId : plan.OwnerId ?? user.Id;
        return inDb is { } dbId && existing.TryGetValue(dbId, out var c) ? c.OwnerId : user.Id;
    }

    /// <summary>Lays the row over what the plan holds, validates the result and keeps it only when valid.</summary>
    private void Merge(Plan plan, CustomerImportRow read, Guid? ownerId)
    {
        var merged = read.Over(plan.Input);
        var n = CustomerRules.Validate(merged, _region);
        plan.Input = merged;
        plan.Normalized = n;
        if (read.Owner is not null) plan.OwnerId = ownerId;
    }

    /// <summary>Whether the merged row stores exactly what the customer holds (addresses compared without their label,
    /// which a file does not carry).</summary>
    private bool Unchanged(Customer c, CustomerInput current, Plan plan)
    {
        NormalizedCustomer before;
        try { before = CustomerRules.Validate(current, _region); }
        catch (RapportValidationException) { return false; }
        var (after, input) = (plan.Normalized, plan.Input);
        static IEnumerable<(string, string?, string?, string?, string?)> Places(List<Address> a) => a.Select(x => (x.Country, x.Region, x.City, x.Street, x.Postcode));
        return after.Name == c.Name && input.Kind == c.Kind && (input.Tier ?? c.Tier) == c.Tier && (input.Stage ?? c.Stage) == c.Stage
            && TextInput.Clean(input.Industry) == c.Industry && TextInput.Clean(input.Source) == c.Source && TextInput.Clean(input.Notes) == c.Notes
            && after.Phones.SequenceEqual(before.Phones) && after.Emails.SequenceEqual(before.Emails) && after.Ims.SequenceEqual(before.Ims)
            && after.Tags.SequenceEqual(before.Tags) && Places(after.Addresses).SequenceEqual(Places(before.Addresses))
            && (plan.OwnerId is null || plan.OwnerId == c.OwnerId);
    }

    private static void Remember(List<string> keys, Plan plan, Memory memory)
    {
        foreach (var k in keys) memory.FileKeys.TryAdd(k, plan);
    }

    /// <summary>Builds the batch's new customers (returned, for a bulk insert, not tracked) and applies its updates to
    /// the tracked ones; returns them with the run rows that make every change traceable (and undoable).
    /// <paramref name="numbers"/> supplies generated numbers.</summary>
    public (List<ImportRunRow> Rows, List<Customer> Added) Write(Guid runId, Batch batch, Queue<string> numbers)
    {
        var rows = new List<ImportRunRow>();
        var added = new List<Customer>();
        foreach (var plan in batch.Plans)
        {
            var n = plan.Normalized;
            if (plan.Existing is { } c)
            {
                c.Name = n.Name;
                CustomerService.Apply(c, plan.Input, n);
                if (plan.OwnerId is { } owner) c.OwnerId = owner;
                plan.Record = c;
                rows.Add(new ImportRunRow { RunId = runId, RowNumber = plan.Row, Kind = ImportRowKind.Updated, RecordId = c.Id, BeforeJson = ImportJson.Write(plan.Before) });
            }
            else
            {
                var customer = new Customer { Number = n.Number ?? numbers.Dequeue(), Name = n.Name, CreatedAt = plan.CreatedAt ?? default };
                CustomerService.Apply(customer, plan.Input, n);
                customers.ApplyPii(customer, n);
                customer.OwnerId = plan.OwnerId ?? user.Id;
                added.Add(customer);
                plan.Record = customer;
                rows.Add(new ImportRunRow { RunId = runId, RowNumber = plan.Row, Kind = ImportRowKind.Created, RecordId = customer.Id, VersionAfter = 1 });
            }
            foreach (var merged in plan.MergedRows)
                rows.Add(new ImportRunRow { RunId = runId, RowNumber = merged, Kind = ImportRowKind.Updated, RecordId = plan.Record.Id, BeforeJson = rows[^1].BeforeJson });
        }
        return (rows, added);
    }

    /// <summary>The row's input validated by the customer rules: normalised, or the validation's errors.</summary>
    private (NormalizedCustomer? Normalized, RapportValidationException? Invalid) Check(CustomerInput input)
    {
        try { return (CustomerRules.Validate(input, _region), null); }
        catch (RapportValidationException e) { return (null, e); }
    }

    /// <summary>Keys of a row in the run's order of preference: <c>n:</c> number, <c>e:</c> email, <c>p:</c> phone, <c>c:</c> name.
    /// The emails and phones come from <paramref name="valid"/>, the row already normalised, when it is valid; each is
    /// normalised on its own otherwise (a row missing its address can still match the customer it updates).</summary>
    private List<string> MatchKeys(CustomerImportRow read, NormalizedCustomer? valid, IReadOnlyList<string> by)
    {
        var keys = new List<string>();
        foreach (var k in by)
        {
            switch (k)
            {
                case "number" when read.Input.Number is { } number: keys.Add("n:" + number); break;
                case "email" when valid is not null: keys.AddRange(valid.Emails.Select(e => "e:" + e)); break;
                case "phone" when valid is not null: keys.AddRange(valid.Phones.Select(p => "p:" + p)); break;
                case "email": keys.AddRange((read.Input.Emails ?? []).Select(ContactPoints.NormalizeEmail).OfType<string>().Select(e => "e:" + e)); break;
                case "phone": keys.AddRange((read.Input.Phones ?? []).Select(p => ContactPoints.NormalizePhone(p, _region)).OfType<string>().Select(p => "p:" + p)); break;
                case "name" when read.Input.Name is { } name: keys.Add("c:" + name); break;
            }
        }
        return keys;
    }

    /// <summary>Existing customers (in the caller's scope, not deleted) holding any of the keys: one query per kind of key.</summary>
    private async Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, Guid>();
        List<string> Of(string prefix) => [.. keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[2..])];
        var numbers = Of("n:");
        if (numbers.Count > 0)
            foreach (var x in await db.Customers.Where(c => EF.Constant(numbers).Contains(c.Number)).Select(c => new { c.Number, c.Id }).ToListAsync(ct))
                result.TryAdd("n:" + x.Number, x.Id);
        // One query per kind, each an index seek on (Kind, Value) per key. The customers' scope is then applied to the
        // few ids found.
        var channels = new List<(string Key, Guid Id)>();
        foreach (var (prefix, kind, values) in new[] { ("e:", ChannelKind.Email, Of("e:")), ("p:", ChannelKind.Phone, Of("p:")) })
            if (values.Count > 0)
                channels.AddRange((await ChannelsAsync(kind, values, ct)).Select(x => (prefix + x.Value, x.CustomerId)));
        var visible = await CustomerService.VisibleAsync(db.Customers, channels.Select(c => c.Id), ct);
        foreach (var (key, id) in channels.Where(c => visible.Contains(c.Id))) result.TryAdd(key, id);
        var names = Of("c:");
        if (names.Count > 0)
            foreach (var x in await db.Customers.Where(c => EF.Constant(names).Contains(c.Name)).Select(c => new { c.Name, c.Id }).ToListAsync(ct))
                result.TryAdd("c:" + x.Name, x.Id);
        return result;
    }

    /// <summary>The channels of this kind holding any of the values, by one statement of fixed text whatever the number
    /// of values: they go as one parameter (a JSON array on SQLite, an array on PostgreSQL), so EF and the database
    /// reuse the statement and its plan every batch (inlined as constants, the values made a new query for EF to
    /// translate in every batch). On SQLite the values drive the join (<c>CROSS JOIN</c> fixes the order): one index
    /// seek on (Kind, Value) per value, never a scan of the channels (an <c>IN</c> over the JSON parameter, or an
    /// <c>OR</c> of the kinds, scanned them).</summary>
    private async Task<List<ChannelHit>> ChannelsAsync(ChannelKind kind, List<string> values, CancellationToken ct)
    {
        var (sql, keys) = db.IsPostgres
            ? ("""SELECT ch."Value", ch."CustomerId" FROM "CustomerChannels" AS ch WHERE ch."Kind" = {0} AND ch."Value" = ANY({1})""", (object)values.ToArray())
            : ("""SELECT ch."Value", ch."CustomerId" FROM json_each({1}) AS k CROSS JOIN "CustomerChannels" AS ch WHERE ch."Kind" = {0} AND ch."Value" = k.value""",
                System.Text.Json.JsonSerializer.Serialize(values));
        return await db.Database.SqlQueryRaw<ChannelHit>(sql, kind.ToString(), keys).ToListAsync(ct);
    }

    private sealed class ChannelHit
    {
        public string Value { get; init; } = "";
        public Guid CustomerId { get; init; }
    }

    /// <summary>The owner named by the preview's row, checked as for a new customer.</summary>
    private async Task<Guid?> OwnerAsync(string? owner, Memory memory, List<FieldError> errors, CancellationToken ct)
    {
        await ResolveOwnersAsync([owner], memory, ct);
        return OwnerOf(owner, user.Id, memory, errors);
    }

    /// <summary>The owner named by a row, or an error when nobody is called that or the row would change the customer's
    /// <paramref name="current"/> owner without <c>customers.assign</c>.</summary>
    private Guid? OwnerOf(string? owner, Guid? current, Memory memory, List<FieldError> errors) =>
        ImportOwners.Of(user, Permissions.CustomersAssign, owner, current, memory, errors);

    private Task ResolveOwnersAsync(IEnumerable<string?> owners, Memory memory, CancellationToken ct) => ImportOwners.ResolveAsync(db, owners, memory, ct);
}
