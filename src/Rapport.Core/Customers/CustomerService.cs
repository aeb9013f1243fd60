using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Rapport.Core.Audit;
using Rapport.Core.Privacy;

namespace Rapport.Core.Customers;

/// <summary>Customer use cases: create, read, list, update, soft delete, restore and purge.</summary>
public sealed class CustomerService(
    RapportDbContext db, TimeProvider clock, ICurrentUser user, IOptions<CustomerOptions> options, AuditTrail audit,
    PiiProtector pii, SettingsService settings)
{
    private readonly CustomerOptions _options = options.Value;

    public async Task<CustomerDto> CreateAsync(CustomerInput input, bool confirmDuplicate, CancellationToken ct)
    {
        user.Require(Permissions.CustomersCreate);
        user.RequireToAssign(Permissions.CustomersAssign, input.OwnerId, user.Id);
        var n = CustomerRules.Validate(input, _options.DefaultPhoneRegion);
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
        if (!confirmDuplicate)
        {
            var matches = await FindDuplicatesAsync(n.Phones, n.Emails, null, ct);
            var elsewhere = await Owners.ElsewhereAsync(db, await FindDuplicatesOutOfScopeAsync(n.Phones, n.Emails, ct), ct);
            if (matches.Count + elsewhere.Count > 0) throw new DuplicateWarningException(matches, elsewhere);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // On PostgreSQL the counter's row stays locked until the transaction that bumped it ends, so a number taken
        // inside the create's transaction would line every create up behind the one before it. Unless the caller has a
        // transaction, the number is taken first, in a statement of its own (ADR-055): a create that fails after this
        // leaves a gap in the numbers. SQLite has one writer at a time anyway and takes it inside.
        var number = n.Number ?? (db.IsPostgres && db.Database.CurrentTransaction is null ? await NextNumberAsync(now, ct) : null);
        // Joins the caller's transaction when there is one (a lead conversion creates the customer inside its own).
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (n.Number is not null && await db.Customers.IgnoreQueryFilters().AnyAsync(c => c.Number == n.Number, ct))
            throw RapportValidationException.For("number", "Validation.NumberTaken");
        number ??= await NextNumberAsync(now, ct);

        var customer = new Customer
        {
            Number = number,
            Name = n.Name,
        };
        Apply(customer, input, n);
        ApplyPii(customer, n);
        customer.OwnerId = input.OwnerId ?? user.Id;
        db.Customers.Add(customer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (n.Number is not null)
        {
            // Two requests raced for the same hand-picked number; the unique index kept one.
            throw RapportValidationException.For("number", "Validation.NumberTaken");
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return await DtoAsync(customer, ct);
    }

    /// <summary>One customer. Out of the caller's scope reads as missing (404); in scope without read, 403.</summary>
    public async Task<CustomerDto> GetAsync(Guid id, CancellationToken ct)
    {
        var dto = await LoadDtoAsync(id, ct);
        user.Require(Permissions.CustomersRead);
        return dto;
    }

    private async Task<CustomerDto> LoadDtoAsync(Guid id, CancellationToken ct) =>
        await DtoAsync(await WithChannelsAndTags(db.Customers.AsNoTracking()).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Customer", id), ct);

    /// <summary>One customer with its phones, emails and tags in one round trip: a customer has a handful of each, so
    /// the joined rows stay few, where a split query costs three round trips.</summary>
    private static IQueryable<Customer> WithChannelsAndTags(IQueryable<Customer> customers) =>
        customers.AsSingleQuery().Include(x => x.Channels).Include(x => x.Tags);

    /// <summary>What the caller sees of <paramref name="c"/>: as read, or as just saved (a write answers from the entity
    /// it saved rather than reading it back).</summary>
    private async Task<CustomerDto> DtoAsync(Customer c, CancellationToken ct)
    {
        var ownerName = c.OwnerId is null ? null : await db.Users.Where(u => u.Id == c.OwnerId)
            .Select(u => u.DisplayName ?? u.UserName).FirstOrDefaultAsync(ct);
        return Masked(ToDto(c, ownerName), await settings.GetAsync<SensitiveFields>(ct));
    }

    public async Task<CustomerDto> UpdateAsync(Guid id, CustomerInput input, long? expectedVersion, CancellationToken ct)
    {
        var customer = await WithChannelsAndTags(db.Customers).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Customer", id);
        user.Require(Permissions.CustomersUpdate);
        user.RequireToAssign(Permissions.CustomersAssign, input.OwnerId, customer.OwnerId);
        input = KeepHidden(customer, input, await settings.GetAsync<SensitiveFields>(ct));
        var n = CustomerRules.Validate(input, _options.DefaultPhoneRegion);
        customer.ExpectVersion(expectedVersion, "Customer", id);
        if (n.Number is not null && n.Number != customer.Number)
            throw RapportValidationException.For("number", "Validation.NumberImmutable");
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);

        customer.Name = n.Name;
        Apply(customer, input, n);
        ApplyPii(customer, n);
        if (input.OwnerId is not null) customer.OwnerId = input.OwnerId;
        await db.SaveChangesAsync(ct);
        return await DtoAsync(customer, ct);
    }

    /// <summary>Moves a customer to the recycle bin; lists and search stop showing it at once.</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Customer", id);
        user.Require(Permissions.CustomersDelete);
        customer.ExpectVersion(expectedVersion, "Customer", id);
        customer.SoftDelete(clock.GetUtcNow().UtcDateTime, user.Id);
        await db.SaveChangesAsync(ct);
    }

    public async Task<CustomerDto> RestoreAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.RecycleBin);
        var customer = await db.Customers.IgnoreQueryFilters([QueryFilters.SoftDelete]).Include(x => x.Channels)
            .FirstOrDefaultAsync(x => x.Id == id && x.DeletedAt != null, ct) ?? throw new NotFoundException("Customer", id);
        customer.Restore();
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(id, ct);
    }

    /// <summary>Deletes a recycled customer for good, with its contacts, interactions, channels and tags.</summary>
    public async Task PurgeAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.RecycleBin);
        var gone = await db.Customers.IgnoreQueryFilters([QueryFilters.SoftDelete]).Where(x => x.Id == id && x.DeletedAt != null)
            .Select(x => new { x.Number, x.Name }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Customer", id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Customers.IgnoreQueryFilters([QueryFilters.SoftDelete]).Where(x => x.Id == id && x.DeletedAt != null).ExecuteDeleteAsync(ct);
        await audit.RecordAsync(AuditActions.CustomerPurged, "customer", id.ToString(), gone, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Purges everything that has been in the recycle bin longer than the retention period.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-_options.RecycleBinRetentionDays);
        // Runs as the system (background job), which reaches every record.
        var n = await db.Customers.IgnoreQueryFilters([QueryFilters.SoftDelete]).Where(x => x.DeletedAt != null && x.DeletedAt < cutoff).ExecuteDeleteAsync(ct);
        if (n > 0) await audit.RecordAsync(AuditActions.CustomerPurged, "customer", null, new { count = n, deletedBefore = cutoff }, ct);
        return n;
    }

    public async Task<Page<DeletedCustomerItem>> ListDeletedAsync(string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.RecycleBin);
        var size = Keyset.ClampPageSize(limit);
        var retention = _options.RecycleBinRetentionDays;
        var rows = await Keyset.Seek(db.Customers.IgnoreQueryFilters([QueryFilters.SoftDelete]).Where(x => x.DeletedAt != null),
                x => x.DeletedAt, x => x.Id, true, cursor, size)
            .Select(x => new DeletedCustomerItem(x.Id, x.Number, x.Name, x.DeletedAt!.Value, x.DeletedById, x.DeletedAt!.Value.AddDays(retention)))
            .ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, r => (DateTime?)r.DeletedAt, r => r.Id);
        return new Page<DeletedCustomerItem>(items, next);
    }

    public async Task<Page<CustomerListItem>> ListAsync(CustomerQuery query, CancellationToken ct)
    {
        user.Require(Permissions.CustomersRead);
        var size = Keyset.ClampPageSize(query.Limit);
        var (source, broad) = await FilterAsync(query, ct);
        return query.Sort switch
        {
            CustomerSort.Name => await ListByAsync(source, broad, query, size, NameCollation.Of<Customer>(db.IsPostgres, c => c.Name), i => i.Name, ct),
            CustomerSort.Number => await ListByAsync(source, broad, query, size, c => c.Number, i => i.Number, ct),
            CustomerSort.Updated => await ListByAsync(source, broad, query, size, c => c.UpdatedAt, i => i.UpdatedAt, ct),
            _ => await ListByAsync(source, broad, query, size, c => c.CreatedAt, i => i.CreatedAt, ct),
        };
    }

    /// <summary>Customers (in the caller's scope) whose national ID or bank account is exactly the one given, found
    /// through the blind index. Needs <c>pii.reveal</c>, since a match confirms a guessed value; every lookup is
    /// audited with the field searched and the number of matches, never the value.</summary>
    public async Task<Page<CustomerListItem>> LookupAsync(CustomerLookup lookup, CancellationToken ct)
    {
        user.Require(Permissions.CustomersRead);
        user.Require(Permissions.PiiReveal);
        var q = db.Customers.AsNoTracking();
        if (lookup.NationalId is null && lookup.BankAccount is null)
            throw RapportValidationException.For("nationalId", "Validation.Required");
        if (lookup.NationalId is not null)
        {
            var idx = pii.BlindIndex(SensitiveFields.NationalId, CustomerRules.NormalizeNationalId(lookup.NationalId)
                ?? throw RapportValidationException.For("nationalId", "Validation.NationalId"));
            q = q.Where(c => c.NationalIdBlindIndex == idx);
        }
        if (lookup.BankAccount is not null)
        {
            var idx = pii.BlindIndex(SensitiveFields.BankAccount, CustomerRules.NormalizeBankAccount(lookup.BankAccount)
                ?? throw RapportValidationException.For("bankAccount", "Validation.BankAccount"));
            q = q.Where(c => c.BankAccountBlindIndex == idx);
        }
        var page = await ListByAsync(q, false, new CustomerQuery { Cursor = lookup.Cursor, Limit = lookup.Limit },
            Keyset.ClampPageSize(lookup.Limit), c => c.CreatedAt, i => i.CreatedAt, ct);
        await audit.RecordAsync(AuditActions.PiiLookup, "customer", null, new
        {
            fields = new[] { lookup.NationalId is null ? null : SensitiveFields.NationalId, lookup.BankAccount is null ? null : SensitiveFields.BankAccount }.OfType<string>(),
            matches = page.Items.Count,
        }, ct);
        return page;
    }

    public const int BulkMax = 500;

    /// <summary>Applies one action to the selected customers in a single transaction, with the same permission
    /// checks as the one-at-a-time calls. Customers the caller cannot reach are reported, not touched.</summary>
    public async Task<CustomerBulkResult> BulkAsync(CustomerBulkInput input, CancellationToken ct)
    {
        var ids = (input.Ids ?? []).Distinct().ToList();
        if (ids.Count is 0 or > BulkMax) throw RapportValidationException.For("ids", "Validation.Between", 1, BulkMax);
        var tag = input.Tag?.Trim() ?? "";
        switch (input.Action)
        {
            case CustomerBulkAction.AssignOwner:
                user.Require(Permissions.CustomersAssign);
                if (input.OwnerId is null) throw RapportValidationException.For("ownerId", "Validation.Required");
                await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
                break;
            case CustomerBulkAction.AddTag or CustomerBulkAction.RemoveTag:
                user.Require(Permissions.CustomersUpdate);
                if (tag.Length is 0 or > CustomerRules.TagMax) throw RapportValidationException.For("tag", "Validation.Tag", CustomerRules.TagMax);
                if (!SafeText.IsSafe(tag)) throw RapportValidationException.For("tag", SafeText.ErrorCode);
                break;
            case CustomerBulkAction.Delete:
                user.Require(Permissions.CustomersDelete);
                break;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.Customers.Include(x => x.Tags).Where(x => ids.Contains(x.Id)).ToListAsync(ct);
        foreach (var c in found)
        {
            switch (input.Action)
            {
                case CustomerBulkAction.AssignOwner: c.OwnerId = input.OwnerId; break;
                case CustomerBulkAction.AddTag:
                    if (c.Tags.Count >= CustomerRules.TagsMax && !c.Tags.Any(t => string.Equals(t.Name, tag, StringComparison.OrdinalIgnoreCase)))
                        throw RapportValidationException.For("tag", "Validation.TooMany", CustomerRules.TagsMax);
                    c.ReplaceTags(c.Tags.Select(t => t.Name).Append(tag));
                    break;
                case CustomerBulkAction.RemoveTag:
                    c.ReplaceTags(c.Tags.Select(t => t.Name).Where(t => !string.Equals(t, tag, StringComparison.OrdinalIgnoreCase)));
                    break;
                case CustomerBulkAction.Delete: c.SoftDelete(now, user.Id); continue;
            }
        }
        await db.SaveChangesAsync(ct);
        var missing = ids.Except(found.Select(c => c.Id)).ToList();
        return new CustomerBulkResult(found.Count, missing);
    }

    /// <summary>One customer's sensitive values in the clear. Needs <c>pii.reveal</c>; every reveal is audited.</summary>
    public async Task<RevealedPii> RevealAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Customers.AsNoTracking().Include(x => x.Channels).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Customer", id);
        user.Require(Permissions.PiiReveal);
        await audit.RecordAsync(AuditActions.PiiRevealed, "customer", id.ToString(),
            new { fields = new[] { SensitiveFields.NationalId, SensitiveFields.BankAccount, SensitiveFields.DateOfBirth, SensitiveFields.Phones, SensitiveFields.Emails } }, ct);
        return new RevealedPii(c.Id, pii.Unprotect(c.NationalIdCipher), pii.Unprotect(c.BankAccountCipher), DateOfBirth(c),
            Values(c, ChannelKind.Phone), Values(c, ChannelKind.Email));
    }

    /// <summary>Every customer the filters match (newest first, in the caller's scope), one keyset page at a time, as
    /// the export's columns; sensitive fields masked unless <paramref name="reveal"/> (which needs <c>pii.reveal</c>), and
    /// not decrypted at all unless <paramref name="sensitive"/> (the export leaves them out). Audited.</summary>
    public async IAsyncEnumerable<CustomerExportRow> ExportAsync(CustomerQuery query, bool reveal, bool sensitive, [EnumeratorCancellation] CancellationToken ct)
    {
        var parts = await ExportPartsAsync(query, reveal, sensitive, 1, ct);
        await foreach (var row in ReadPartAsync(parts[0], ct)) yield return row;
    }

    /// <summary>Starts an export as <see cref="ExportAsync"/> does (permissions checked, one audit entry for the whole
    /// export) and splits it into at most <paramref name="count"/> parts by creation time, newest first, for readers
    /// that run side by side, each in a scope of its own (<see cref="ReadPartAsync"/>): written one after another,
    /// the parts give the rows in the order of <see cref="ExportAsync"/>. A part can only be made here, so no read
    /// skips the audit entry or the permission checks.</summary>
    /// <remarks>The split cuts the span of creation times into equal slices, not the rows: two indexed lookups instead
    /// of a count. Customers added unevenly over time give uneven parts, which is slower but still correct.</remarks>
    public async Task<IReadOnlyList<CustomerExportPart>> ExportPartsAsync(CustomerQuery query, bool reveal, bool sensitive, int count, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        if (reveal) user.Require(Permissions.PiiReveal);
        query = query with { Cursor = null };
        // The filters first: one that is refused (a bad text term) is not an export, and is not audited as one.
        var (source, _) = await FilterAsync(query, ct);
        await audit.RecordAsync(reveal ? AuditActions.CustomersExportedRevealed : AuditActions.CustomersExported, "customer", null,
            new { query.Q, query.Tag, query.Tier, query.Stage, query.OwnerId, query.CreatedFrom, query.CreatedTo, reveal }, ct);
        var ranges = new List<CustomerQuery> { query };
        if (count > 1)
        {
            var newest = await source.OrderByDescending(c => c.CreatedAt).Select(c => (DateTime?)c.CreatedAt).FirstOrDefaultAsync(ct);
            var oldest = await source.OrderBy(c => c.CreatedAt).Select(c => (DateTime?)c.CreatedAt).FirstOrDefaultAsync(ct);
            if (newest is { } to && oldest is { } from && to > from)
            {
                ranges.Clear();
                // Creation time is from inclusive, to exclusive: each customer falls in exactly one part. The bounds
                // are whole ticks between the oldest and the newest, so every part stays inside the caller's own range.
                var span = (to - from).Ticks;
                DateTime? upper = query.CreatedTo;
                for (var i = 1; i < count; i++)
                {
                    var lower = new DateTime(to.Ticks - span * i / count, DateTimeKind.Utc);
                    if (upper is { } u && lower >= u) continue;
                    ranges.Add(query with { CreatedFrom = lower, CreatedTo = upper });
                    upper = lower;
                }
                ranges.Add(query with { CreatedTo = upper });
            }
        }
        return [.. ranges.Select(r => new CustomerExportPart(r, reveal, sensitive, user.Id))];
    }

    /// <summary>The rows of one part of an export started by <see cref="ExportPartsAsync"/>, read by the same user.</summary>
    /// <remarks>One statement a page, on one connection: the customers' columns, and their channels and tags each
    /// joined into one string by a correlated subquery (an index lookup per customer in the database). Loading
    /// entities with Include re-ran the keyset query per child table and compiled delegates for every row's fix-up
    /// (ADR-048); reading the children as rows of their own cost as much again as the customers (ADR-052).</remarks>
    public async IAsyncEnumerable<CustomerExportRow> ReadPartAsync(CustomerExportPart part, [EnumeratorCancellation] CancellationToken ct)
    {
        if (part.UserId != user.Id) throw new ForbiddenException(Permissions.CustomersExport);
        user.Require(Permissions.CustomersExport);
        var (query, reveal, sensitive) = (part.Query, part.Reveal, part.Sensitive);
        var mask = reveal ? new SensitiveFields([]) : await settings.GetAsync<SensitiveFields>(ct);
        var (source, _) = await FilterAsync(query, ct);
        // Larger pages than the other exports': fewer statements to plan (PostgreSQL plans each one), ~5 MB a page.
        const int size = 5 * Keyset.ExportPageSize;
        string? cursor = null;
        // One connection for every page, rather than one opened (and set up) per statement.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            do
            {
                var read = await ExportRecords(Keyset.Seek(source, c => c.CreatedAt, c => c.Id, true, cursor, size), sensitive).ToListAsync(ct);
                (var page, cursor) = Keyset.Cut(read, size, r => r.CreatedAt, r => Guid.Parse(CustomerExportText.Field(r.Text, CustomerExportText.Id)));
                if (page.Count == 0) break;
                foreach (var r in page)
                    yield return CustomerExportText.Row(r.Text, AuditTrail.Truncate(r.CreatedAt), mask, sensitive ? pii : null);
            }
            while (cursor is not null);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A page of the export's query: per customer its creation time (the keyset) and everything else written as
    /// text in one column (<see cref="CustomerExportText"/>), its channels and tags each joined by a correlated subquery (an
    /// index lookup per customer in the database), the encrypted values only when <paramref name="sensitive"/>. Each
    /// column costs the reader two calls into the database driver: with every value in a column of its own, reading
    /// them was a third of a SQLite export's time.</summary>
    private IQueryable<ExportRecord> ExportRecords(IQueryable<Customer> page, bool sensitive)
    {
        const string l = CustomerExportText.ListSeparator;
        // PostgreSQL keeps both lists on the customer's row (CustomerListsSchema); the condition is settled before the
        // query is translated, so each database's statement holds only its own form.
        var kept = db.IsPostgres;
        return page.Select(c => new ExportRecord
        {
            CreatedAt = c.CreatedAt,
            Text = CustomerExportText.Join(CustomerExportText.FieldSeparator, c.Id.ToString(), c.Number, c.Name, c.Kind.ToString(),
                c.OwnerId == null ? "" : c.OwnerId.Value.ToString(), c.Tier.ToString(), c.Stage.ToString(), c.Industry ?? "", c.Source ?? "", c.Notes ?? "",
                CustomerExportText.AddressText(c.Id),
                // Each channel as its primary flag, its kind and its value, in the order they are read, as the customer
                // page loads them (ids drawn in one millisecond are not in the order they were added); the tags likewise.
                kept ? EF.Property<string>(c, CustomerListsSchema.Channels) : db.CustomerChannels.Where(ch => ch.CustomerId == c.Id).GroupBy(ch => ch.CustomerId)
                    .Select(g => string.Join(l, g.Select(ch => (ch.IsPrimary ? "1" : "0")
                        + (ch.Kind == ChannelKind.Phone ? "P" : ch.Kind == ChannelKind.Email ? "E" : "I") + ch.Value)))
                    .FirstOrDefault() ?? "",
                kept ? EF.Property<string>(c, CustomerListsSchema.Tags) : db.CustomerTags.Where(t => t.CustomerId == c.Id).GroupBy(t => t.CustomerId)
                    .Select(g => string.Join(l, g.Select(t => t.Name))).FirstOrDefault() ?? "",
                // Not read at all when the export leaves them out.
                sensitive ? c.NationalIdCipher ?? "" : "", sensitive ? c.BankAccountCipher ?? "" : "", sensitive ? c.DateOfBirthCipher ?? "" : ""),
        });
    }

    /// <summary>A customer as the export's query reads it.</summary>
    private sealed class ExportRecord
    {
        public DateTime CreatedAt { get; init; }
        public string Text { get; init; } = "";
    }

    /// <summary>The customers the list's filters select in the caller's scope (untracked, unordered): the rows the list
    /// pages through and an export writes, for counting them (a background export's estimate). Needs customers.read or
    /// customers.export.</summary>
    public async Task<IQueryable<Customer>> FilteredAsync(CustomerQuery query, CancellationToken ct)
    {
        if (!user.HasPermission(Permissions.CustomersExport)) user.Require(Permissions.CustomersRead);
        return (await FilterAsync(query with { Cursor = null }, ct)).Query;
    }

    /// <summary>Encrypts the sensitive values with the primary key and stores their blind indexes.</summary>
    internal void ApplyPii(Customer c, NormalizedCustomer n)
    {
        c.NationalIdCipher = pii.Protect(n.NationalId);
        c.NationalIdBlindIndex = pii.BlindIndex(SensitiveFields.NationalId, n.NationalId);
        c.BankAccountCipher = pii.Protect(n.BankAccount);
        c.BankAccountBlindIndex = pii.BlindIndex(SensitiveFields.BankAccount, n.BankAccount);
        c.DateOfBirthCipher = pii.Protect(n.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        c.PiiKeyId = (c.NationalIdCipher ?? c.BankAccountCipher ?? c.DateOfBirthCipher) is null ? null : pii.Ring.PrimaryKeyId;
    }

    /// <summary>A field masked for the caller (no <c>pii.reveal</c>) keeps its stored value whatever they send:
    /// masked, left out or null. Callers who may reveal can change or clear it, and sending back what they were shown
    /// (the mask) also means "keep".</summary>
    private CustomerInput KeepHidden(Customer current, CustomerInput input, SensitiveFields mask)
    {
        var reveal = user.HasPermission(Permissions.PiiReveal);
        return input with
        {
            NationalId = SensitiveFields.Keep(mask.HiddenFrom(reveal, SensitiveFields.NationalId), input.NationalId,
                pii.Unprotect(current.NationalIdCipher), SensitiveFields.Mask),
            BankAccount = SensitiveFields.Keep(mask.HiddenFrom(reveal, SensitiveFields.BankAccount), input.BankAccount,
                pii.Unprotect(current.BankAccountCipher), SensitiveFields.Mask),
            DateOfBirth = SensitiveFields.Keep(mask.HiddenFrom(reveal, SensitiveFields.DateOfBirth), input.DateOfBirth,
                pii.Unprotect(current.DateOfBirthCipher), _ => SensitiveFields.MaskDate()),
            Phones = SensitiveFields.KeepAll(mask.HiddenFrom(reveal, SensitiveFields.Phones), input.Phones, Values(current, ChannelKind.Phone)),
            Emails = SensitiveFields.KeepAll(mask.HiddenFrom(reveal, SensitiveFields.Emails), input.Emails, Values(current, ChannelKind.Email)),
        };
    }

    private DateOnly? DateOfBirth(Customer c) =>
        pii.Unprotect(c.DateOfBirthCipher) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static CustomerDto Masked(CustomerDto dto, SensitiveFields mask) => dto with
    {
        NationalId = mask.Apply(SensitiveFields.NationalId, dto.NationalId),
        BankAccount = mask.Apply(SensitiveFields.BankAccount, dto.BankAccount),
        DateOfBirth = mask.ApplyDate(dto.DateOfBirth),
        Phones = mask.ApplyAll(SensitiveFields.Phones, dto.Phones),
        Emails = mask.ApplyAll(SensitiveFields.Emails, dto.Emails),
    };

    public async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(
        IReadOnlyCollection<string> phones, IReadOnlyCollection<string> emails, Guid? exceptId, CancellationToken ct)
    {
        if (phones.Count + emails.Count == 0) return [];
        var rows = await db.CustomerChannels
            .Where(ch => (ch.Kind == ChannelKind.Phone && phones.Contains(ch.Value)) || (ch.Kind == ChannelKind.Email && emails.Contains(ch.Value)))
            .Join(db.Customers, ch => ch.CustomerId, c => c.Id, (ch, c) => new { c.Id, c.Number, c.Name, ch.Kind, ch.Value })
            .Where(x => x.Id != exceptId)
            .Take(20)
            .ToListAsync(ct);
        return rows.Select(r => new DuplicateMatch(r.Id, r.Number, r.Name, r.Kind == ChannelKind.Phone ? "phone" : "email", r.Value)).ToList();
    }

    /// <summary>Customers outside the caller's scope that share a phone or email: what matched and who owns them,
    /// nothing more, so that two teams do not end up owning the same customer unawares.</summary>
    public async Task<List<(string Kind, string MatchedOn, Guid? OwnerId)>> FindDuplicatesOutOfScopeAsync(
        IReadOnlyCollection<string> phones, IReadOnlyCollection<string> emails, CancellationToken ct)
    {
        if (phones.Count + emails.Count == 0) return [];
        var rows = await db.CustomerChannels
            .Where(ch => (ch.Kind == ChannelKind.Phone && phones.Contains(ch.Value)) || (ch.Kind == ChannelKind.Email && emails.Contains(ch.Value)))
            .Join(db.Customers.IgnoreQueryFilters([QueryFilters.Scope]), ch => ch.CustomerId, c => c.Id, (ch, c) => new { c.Id, c.OwnerId, ch.Kind })
            .Take(50).ToListAsync(ct);
        var visible = await VisibleAsync(db.Customers, rows.Select(r => r.Id), ct);
        return rows.Where(r => !visible.Contains(r.Id))
            .Select(r => ("customer", r.Kind == ChannelKind.Phone ? "phone" : "email", r.OwnerId)).ToList();
    }

    /// <summary>Which of <paramref name="ids"/> the caller's scope reaches. A query of its own: ignoring a query filter
    /// applies to every part of a query, so "in scope" cannot be a subquery of one that ignores the scope.</summary>
    internal static async Task<HashSet<Guid>> VisibleAsync<T>(IQueryable<T> scoped, IEnumerable<Guid> ids, CancellationToken ct) where T : class
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return [];
        return [.. await scoped.Where(e => wanted.Contains(EF.Property<Guid>(e, "Id"))).Select(e => EF.Property<Guid>(e, "Id")).ToListAsync(ct)];
    }

    /// <summary>The query's filters; <c>Broad</c> when the text filter matches so much that counting is not worth it.</summary>
    private async Task<(IQueryable<Customer> Query, bool Broad)> FilterAsync(CustomerQuery query, CancellationToken ct)
    {
        var tag = string.IsNullOrWhiteSpace(query.Tag) ? null : query.Tag.Trim();
        var (q, broad) = string.IsNullOrWhiteSpace(query.Q)
            ? (db.Customers, false)
            : await TextSearch.ForListAsync(db, db.Customers, query.Q,
                tag is null ? null : async c => await db.CustomerTags.Where(t => t.Name == tag).Take(TextSearch.BroadMatches).CountAsync(c) < TextSearch.BroadMatches, ct);
        q = q.AsNoTracking();
        if (tag is not null) q = WithTag(q, tag, common: broad);
        if (query.Tier is { } tier) q = q.Where(c => c.Tier == tier);
        if (query.Stage is { } stage) q = q.Where(c => c.Stage == stage);
        if (query.OwnerId is { } owner) q = q.Where(c => c.OwnerId == owner);
        if (query.CreatedFrom is { } from) q = q.Where(c => c.CreatedAt >= from.ToUniversalTime());
        if (query.CreatedTo is { } to) q = q.Where(c => c.CreatedAt < to.ToUniversalTime());
        return (q, broad);
    }

    /// <summary>Customers with the tag. Where both the text and the tag are common (a broad text filter only stays broad
    /// when the tag is not narrow), the list walks its sort index and tests each row: on PostgreSQL against the tags
    /// kept on the customer's row (<see cref="CustomerListsSchema.Tags"/>, in the sort indexes' covered columns), so
    /// the walk reads neither the table nor the tags' index. Otherwise the tags' index finds them.</summary>
    private IQueryable<Customer> WithTag(IQueryable<Customer> q, string tag, bool common)
    {
        // A stored tag never holds a control character, the list's separator included (SafeText): a tag that does
        // matches nothing, as the tags' index says, rather than two neighbouring tags of the joined list.
        if (!common || !db.IsPostgres || !SafeText.IsSafe(tag))
            return q.Where(c => db.CustomerTags.Any(t => t.CustomerId == c.Id && t.Name == tag));
        const string sep = CustomerExportText.ListSeparator;
        var item = sep + tag + sep;
        // strpos (IndexOf), not LIKE (Contains): PostgreSQL guesses a third of the rows pass an opaque test, which keeps
        // the plan a walk of the sort index; for a LIKE on an expression it guesses almost none, and would collect and
        // sort every match of the text instead.
#pragma warning disable CA2249 // Contains would translate to LIKE (see above)
        return q.Where(c => (sep + EF.Property<string>(c, CustomerListsSchema.Tags) + sep).IndexOf(item) >= 0);
#pragma warning restore CA2249
    }

    private async Task<Page<CustomerListItem>> ListByAsync<TKey>(
        IQueryable<Customer> source, bool broad, CustomerQuery query, int size,
        Expression<Func<Customer, TKey>> key, Func<CustomerListItem, TKey> itemKey, CancellationToken ct)
    {
        var page = Keyset.Seek(source, key, c => c.Id, query.Descending, query.Cursor, size);
        if (broad && db.IsPostgres)
        {
            // A broad filter walks the sort index and tests thousands of rows for a page. Find the page's ids first, from
            // the index alone (its covered columns hold what the filters test), then read those rows: asked for the
            // list's columns in one go, PostgreSQL would read each walked row from the table to test it.
            var ids = page.Select(c => c.Id);
            page = Keyset.Seek(db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)), key, c => c.Id, query.Descending, null, size);
        }
        var rows = await page
            .Select(c => new CustomerListItem(
                c.Id, c.Number, c.Name, c.Kind, c.Tier, c.Stage, c.OwnerId,
                c.Channels.Where(x => x.Kind == ChannelKind.Phone).OrderByDescending(x => x.IsPrimary).Select(x => x.Value).FirstOrDefault(),
                c.Channels.Where(x => x.Kind == ChannelKind.Email).OrderByDescending(x => x.IsPrimary).Select(x => x.Value).FirstOrDefault(),
                c.CreatedAt, c.UpdatedAt))
            .ToListAsync(ct);
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        if (mask.Masks(SensitiveFields.Phones) || mask.Masks(SensitiveFields.Emails))
            rows = rows.Select(r => r with
            {
                PrimaryPhone = mask.Apply(SensitiveFields.Phones, r.PrimaryPhone),
                PrimaryEmail = mask.Apply(SensitiveFields.Emails, r.PrimaryEmail),
            }).ToList();
        var (items, next) = Keyset.Cut(rows, size, itemKey, i => i.Id);
        if (query.Cursor is not null) return new Page<CustomerListItem>(items, next);
        if (next is null) return new Page<CustomerListItem>(items, null, items.Count);
        // A broad text filter matches thousands: counting them would cost more than the page itself.
        if (broad) return new Page<CustomerListItem>(items, next);
        var (total, capped) = await Keyset.CappedCountAsync(source, ct);
        return new Page<CustomerListItem>(items, next, total, capped);
    }

    internal static void Apply(Customer c, CustomerInput input, NormalizedCustomer n)
    {
        c.Kind = input.Kind;
        c.Industry = TextInput.Clean(input.Industry);
        c.Source = TextInput.Clean(input.Source);
        c.Tier = input.Tier ?? c.Tier;
        c.Stage = input.Stage ?? c.Stage;
        c.Notes = TextInput.Clean(input.Notes);
        c.Addresses = n.Addresses;
        c.ReplaceChannels(
            n.Phones.Select((v, i) => new CustomerChannel { CustomerId = c.Id, Kind = ChannelKind.Phone, Value = v, IsPrimary = i == 0 })
            .Concat(n.Emails.Select((v, i) => new CustomerChannel { CustomerId = c.Id, Kind = ChannelKind.Email, Value = v, IsPrimary = i == 0 }))
            .Concat(n.Ims.Select((v, i) => new CustomerChannel { CustomerId = c.Id, Kind = ChannelKind.Im, Value = v, IsPrimary = i == 0 })));
        c.ReplaceTags(n.Tags);
    }

    private CustomerDto ToDto(Customer c, string? ownerName) => new(
        c.Id, c.Number, c.Name, c.Kind,
        Values(c, ChannelKind.Phone), Values(c, ChannelKind.Email), Values(c, ChannelKind.Im),
        c.Addresses.Select(a => new AddressDto(a.Country, a.City, a.Region, a.Street, a.Postcode, a.Label)).ToList(),
        c.Industry, c.Source, c.OwnerId, ownerName, c.Tier, c.Stage,
        c.Tags.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase).ToList(), c.Notes,
        // To the microsecond, as PostgreSQL keeps them: a write answers from the entity it saved, which holds more.
        AuditTrail.Truncate(c.CreatedAt), c.CreatedById, AuditTrail.Truncate(c.UpdatedAt), c.UpdatedById, c.Version,
        pii.Unprotect(c.NationalIdCipher), pii.Unprotect(c.BankAccountCipher), DateOfBirth(c)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static List<string> Values(Customer c, ChannelKind kind) =>
        c.Channels.Where(x => x.Kind == kind).OrderByDescending(x => x.IsPrimary).Select(x => x.Value).ToList();

    /// <summary>Atomically takes the next value of the counter behind the number pattern (same SQL on both providers).</summary>
    private Task<string> NextNumberAsync(DateTime now, CancellationToken ct) => Sequences.NextNumberAsync(db, _options.NumberPattern, now, ct);
}
