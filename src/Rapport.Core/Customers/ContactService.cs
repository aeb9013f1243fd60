using Rapport.Core.Privacy;

namespace Rapport.Core.Customers;

/// <summary>People at company customers. Their phones and emails are masked like a customer's (settings section
/// <c>sensitive-fields</c>).</summary>
public sealed class ContactService(
    RapportDbContext db, ICurrentUser user, IOptions<CustomerOptions> options, SettingsService settings)
{
    public async Task<ContactDto> CreateAsync(Guid customerId, ContactInput input, CancellationToken ct)
    {
        var kind = await db.Customers.Where(c => c.Id == customerId).Select(c => (CustomerKind?)c.Kind).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Customer", customerId);
        user.Require(Permissions.CustomersUpdate);
        if (kind != CustomerKind.Company)
            throw RapportValidationException.For("customerId", "Validation.ContactNeedsCompany");
        var (name, phones, emails) = Validate(input);
        var contact = new Contact { CustomerId = customerId, Name = name };
        Apply(contact, input, phones, emails);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return await ToDtoAsync(contact, ct);
    }

    public async Task<ContactDto> GetAsync(Guid customerId, Guid id, CancellationToken ct)
    {
        var contact = await user.FindToReadAsync(db.Contacts.Where(c => c.CustomerId == customerId), id, Permissions.CustomersRead, ct);
        return await ToDtoAsync(contact, ct);
    }

    /// <summary>One contact found by its id alone (the duplicate review compares contacts of any customer in scope).</summary>
    public async Task<ContactDto> FindAsync(Guid id, CancellationToken ct)
    {
        var contact = await user.FindToReadAsync(db.Contacts, id, Permissions.CustomersRead, ct);
        return await ToDtoAsync(contact, ct);
    }

    public async Task<Page<ContactDto>> ListAsync(Guid customerId, string? cursor, int? limit, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) throw new NotFoundException("Customer", customerId);
        user.Require(Permissions.CustomersRead);
        var size = Keyset.ClampPageSize(limit);
        var rows = await Keyset.Seek(db.Contacts.AsNoTracking().Where(c => c.CustomerId == customerId), NameCollation.Of<Contact>(db.IsPostgres, c => c.Name), c => c.Id, false, cursor, size)
            .ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, c => c.Name, c => c.Id);
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        return new Page<ContactDto>(items.Select(c => ToDto(c, mask)).ToList(), next);
    }

    /// <summary>The contacts an export reads: those of the customers in the caller's scope (customers.read), untracked
    /// and unordered, for counting them (a background export's estimate).</summary>
    public IQueryable<Contact> Exported()
    {
        user.Require(Permissions.CustomersRead);
        return db.Contacts.AsNoTracking();
    }

    /// <summary>Every contact of the customers in the caller's scope, with their customer's number and name, a keyset
    /// page at a time (phones and emails masked as in the list), for an export.</summary>
    public async IAsyncEnumerable<(ContactDto Contact, string CustomerNumber, string CustomerName)> ExportAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var source = Exported();
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        const int size = Keyset.ExportPageSize;
        string? cursor = null;
        do
        {
            var rows = await Keyset.Seek(source, c => c.CreatedAt, c => c.Id, false, cursor, size)
                .Include(c => c.Customer).ToListAsync(ct);
            (var page, cursor) = Keyset.Cut(rows, size, c => c.CreatedAt, c => c.Id);
            foreach (var c in page) yield return (ToDto(c, mask), c.Customer?.Number ?? "", c.Customer?.Name ?? "");
        }
        while (cursor is not null);
    }

    public async Task<ContactDto> UpdateAsync(Guid customerId, Guid id, ContactInput input, long? expectedVersion, CancellationToken ct)
    {
        var contact = await user.FindToChangeAsync(db.Contacts.Where(c => c.CustomerId == customerId), id, Permissions.CustomersUpdate, expectedVersion, ct);
        // A masked phone or email list the caller may not reveal stays as stored, whatever they send.
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        var reveal = user.HasPermission(Permissions.PiiReveal);
        input = input with
        {
            Phones = SensitiveFields.KeepAll(mask.HiddenFrom(reveal, SensitiveFields.Phones), input.Phones, contact.Phones),
            Emails = SensitiveFields.KeepAll(mask.HiddenFrom(reveal, SensitiveFields.Emails), input.Emails, contact.Emails),
        };
        var (name, phones, emails) = Validate(input);
        contact.Name = name;
        Apply(contact, input, phones, emails);
        await db.SaveChangesAsync(ct);
        return ToDto(contact, mask);
    }

    public async Task DeleteAsync(Guid customerId, Guid id, long? expectedVersion, CancellationToken ct)
    {
        var contact = await user.FindToChangeAsync(db.Contacts.Where(c => c.CustomerId == customerId), id, Permissions.CustomersUpdate, expectedVersion, ct);
        db.Contacts.Remove(contact);
        await db.SaveChangesAsync(ct);
    }

    internal (string Name, List<string> Phones, List<string> Emails) Validate(ContactInput input)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, CustomerRules.NameMax);
        TextInput.CheckLength(errors, "title", input.Title, CustomerRules.ShortTextMax);
        TextInput.CheckLength(errors, "department", input.Department, CustomerRules.ShortTextMax);
        var phones = TextInput.NormalizeAll(input.Phones, "phones", "Validation.Phone",
            raw => ContactPoints.NormalizePhone(raw, options.Value.DefaultPhoneRegion), errors);
        var emails = TextInput.NormalizeAll(input.Emails, "emails", "Validation.Email", ContactPoints.NormalizeEmail, errors);
        if (phones.Count + emails.Count > CustomerRules.ChannelsMax) errors.Add(new("phones", "Validation.TooMany", CustomerRules.ChannelsMax));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, phones, emails);
    }

    internal static void Apply(Contact c, ContactInput input, List<string> phones, List<string> emails)
    {
        c.Title = TextInput.Clean(input.Title);
        c.Department = TextInput.Clean(input.Department);
        c.Phones = phones;
        c.Emails = emails;
        c.IsPrimary = input.IsPrimary;
    }

    private async Task<ContactDto> ToDtoAsync(Contact c, CancellationToken ct) => ToDto(c, await settings.GetAsync<SensitiveFields>(ct));

    private static ContactDto ToDto(Contact c, SensitiveFields mask) => new(
        c.Id, c.CustomerId, c.Name, c.Title, c.Department,
        mask.ApplyAll(SensitiveFields.Phones, c.Phones), mask.ApplyAll(SensitiveFields.Emails, c.Emails),
        c.IsPrimary, c.CreatedAt, c.UpdatedAt, c.Version);
}
