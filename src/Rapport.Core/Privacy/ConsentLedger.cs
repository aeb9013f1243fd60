using Rapport.Core.Customers;

namespace Rapport.Core.Privacy;

/// <summary>
/// A customer's consent ledger: agents record what the person agreed to or withdrew, with the proof; the newest line
/// per purpose and address is the current state, which sending (<see cref="ConsentGate"/>) and later profiling read.
/// </summary>
public sealed class ConsentLedger(RapportDbContext db, ICurrentUser user, TimeProvider clock, IOptions<CustomerOptions> options)
{
    /// <summary>The most lines a ledger shows; a person with more has a history far beyond what anyone reads.</summary>
    public const int HistoryLimit = 500;

    public async Task<ConsentLedgerDto> LedgerAsync(Guid customerId, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) throw new NotFoundException("Customer", customerId);
        user.Require(Permissions.CustomersRead);
        var history = await Dtos(db.ConsentEntries.AsNoTracking().Where(e => e.CustomerId == customerId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.RecordedAt).ThenByDescending(e => e.Id).Take(HistoryLimit))
            .ToListAsync(ct);
        var current = history.GroupBy(e => (e.Purpose, e.Address)).Select(g => g.First())
            .OrderBy(e => e.Purpose).ThenBy(e => e.Address, StringComparer.Ordinal).ToList();
        return new ConsentLedgerDto(current, history);
    }

    public async Task<ConsentEntryDto> RecordAsync(Guid customerId, ConsentInput input, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Channels).FirstOrDefaultAsync(c => c.Id == customerId, ct)
            ?? throw new NotFoundException("Customer", customerId);
        user.Require(Permissions.CustomersUpdate);
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(input.Purpose)) errors.Add(new("purpose", "Validation.Invalid"));
        if (!Enum.IsDefined(input.Source) || input.Source == ConsentSource.UnsubscribeLink) errors.Add(new("source", "Validation.Invalid"));
        var proof = TextInput.Clean(input.Proof);
        TextInput.CheckLength(errors, "proof", proof, ConsentEntry.MaxProofLength);
        // A decision recorded late is fine (a paper form); one dated in the future is a typing mistake.
        if (input.At is { } at && (at.ToUniversalTime() > now.AddMinutes(5) || at.Year < 2000)) errors.Add(new("at", "Consent.AtInFuture"));
        string? address = null;
        if (!string.IsNullOrWhiteSpace(input.Address))
        {
            address = Normalize(input.Address, options.Value.DefaultPhoneRegion);
            var contacts = await db.Contacts.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => new { c.Emails, c.Phones }).ToListAsync(ct);
            var onFile = customer.Channels.Select(c => c.Value)
                .Concat(contacts.SelectMany(c => c.Emails.Concat(c.Phones)))
                .Select(v => Normalize(v, options.Value.DefaultPhoneRegion));
            if (address is null || !onFile.Contains(address, StringComparer.Ordinal)) errors.Add(new("address", "Consent.AddressNotOnFile"));
        }
        if (input.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.CustomerId == customerId, ct))
            errors.Add(new("contactId", "Validation.Invalid"));
        if (errors.Count > 0) throw new RapportValidationException(errors);

        var entry = new ConsentEntry
        {
            CustomerId = customerId, ContactId = input.ContactId, Purpose = input.Purpose, Address = address, Granted = input.Granted,
            Source = input.Source, Proof = proof,
            At = input.At?.ToUniversalTime() ?? now, RecordedAt = now, RecordedById = user.Id,
        };
        db.ConsentEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return await Dtos(db.ConsentEntries.AsNoTracking().Where(e => e.Id == entry.Id)).SingleAsync(ct);
    }

    private IQueryable<ConsentEntryDto> Dtos(IQueryable<ConsentEntry> q) =>
        q.Select(e => new ConsentEntryDto(e.Id, e.Purpose, e.Address, e.Granted, e.Source, e.Proof, e.At, e.RecordedAt, e.RecordedById,
            db.Users.Where(u => u.Id == e.RecordedById).Select(u => u.DisplayName ?? u.UserName).FirstOrDefault(), e.ContactId));

    /// <summary>
    /// The person behind <paramref name="address"/> followed an unsubscribe link: a withdrawal for every customer who
    /// has the address on file (or one line for the bare address when nobody has), unless its newest line already says
    /// withdrawn. Runs without a signed-in user and outside record scope — the link is the authority.
    /// </summary>
    public async Task<int> UnsubscribeAsync(string address, ConsentPurpose purpose, string proof, CancellationToken ct)
    {
        var normalized = Normalize(address, options.Value.DefaultPhoneRegion) ?? throw RapportValidationException.For("address", "Validation.Invalid");
        var now = clock.GetUtcNow().UtcDateTime;
        var customers = await db.CustomerChannels.AsNoTracking().Where(c => c.Value == normalized).Select(c => (Guid?)c.CustomerId).Distinct()
            .ToListAsync(ct);
        if (customers.Count == 0) customers.Add(null);
        var added = 0;
        foreach (var customerId in customers)
        {
            var newest = await db.ConsentEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Address == normalized && e.Purpose == purpose && e.CustomerId == customerId)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.RecordedAt).Select(e => (bool?)e.Granted).FirstOrDefaultAsync(ct);
            if (newest == false) continue;
            db.ConsentEntries.Add(new ConsentEntry
            {
                CustomerId = customerId, Purpose = purpose, Address = normalized, Granted = false, Source = ConsentSource.UnsubscribeLink,
                Proof = proof, At = now, RecordedAt = now,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>An email lower-cased, a phone in E.164, or null when it is neither.</summary>
    public static string? Normalize(string raw, string defaultRegion) =>
        raw.Contains('@', StringComparison.Ordinal) ? ContactPoints.NormalizeEmail(raw) : ContactPoints.NormalizePhone(raw, defaultRegion);
}
