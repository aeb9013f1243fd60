using System.Security.Cryptography;
using Rapport.Core.Customers;

namespace Rapport.Core.ServiceDesk;

/// <summary>Public case forms: administration (needs <c>cases.admin</c>) and the anonymous submission, which files a
/// case on the web-form channel for the customer the visitor's email belongs to (a new one if none) and emails the
/// visitor the case's portal link.</summary>
public sealed class CaseFormService(RapportDbContext db, ICurrentUser user, CaseService cases, CustomerService customers,
    CasePortalService portal, IOptions<CustomerOptions> customerOptions)
{
    public const int NameMax = 200;

    public async Task<IReadOnlyList<CaseFormDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var forms = await db.CaseForms.AsNoTracking().OrderBy(f => f.Name).ThenBy(f => f.Id).ToListAsync(ct);
        return forms.Select(ToDto).ToList();
    }

    public async Task<CaseFormDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        return ToDto(await FindAsync(id, ct));
    }

    public async Task<CaseFormDto> CreateAsync(CaseFormInput input, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var name = await ValidateAsync(input, ct);
        var form = new CaseForm { Name = name, Token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18)) };
        Apply(form, input);
        db.CaseForms.Add(form);
        await db.SaveChangesAsync(ct);
        return ToDto(form);
    }

    public async Task<CaseFormDto> UpdateAsync(Guid id, CaseFormInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var form = await FindAsync(id, ct);
        form.ExpectVersion(expectedVersion, "CaseForm", id);
        form.Name = await ValidateAsync(input, ct);
        Apply(form, input);
        await db.SaveChangesAsync(ct);
        return ToDto(form);
    }

    /// <summary>Deletes a form (its cases stay); its public address answers 404 from then on.</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var form = await FindAsync(id, ct);
        form.ExpectVersion(expectedVersion, "CaseForm", id);
        db.CaseForms.Remove(form);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The form behind a public token, if it is active (anonymous: used to render the public page).</summary>
    public async Task<CaseFormDto?> FindPublicAsync(string token, CancellationToken ct)
    {
        if (token.Length > CaseForm.TokenMax) return null;
        var form = await db.CaseForms.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token && f.Active, ct);
        return form is null ? null : ToDto(form);
    }

    /// <summary>The token of the form the help centre offers when no article fits: <paramref name="preferred"/> if it
    /// names an active form, else the oldest active form; null when there is none.</summary>
    public async Task<string?> HelpFormTokenAsync(string? preferred, CancellationToken ct)
    {
        if (preferred is { Length: > 0 } p && await FindPublicAsync(p, ct) is not null) return p;
        return await db.CaseForms.AsNoTracking().Where(f => f.Active).OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).Select(f => f.Token).FirstOrDefaultAsync(ct);
    }

    /// <summary>Anonymous submission through a public form, called as the desk (see <see cref="CasePortalService"/>).
    /// Unknown or inactive tokens are 404; a filled honeypot is accepted silently and dropped; bad input is a 400 with
    /// field errors. The visitor's email finds their contact (and its customer) or a customer with that email; none:
    /// a new individual customer with the visitor's name, email, phone, country and city (which only a new visitor
    /// must give). Rate limiting is the host's job.</summary>
    public async Task<CaseFiled> SubmitAsync(string token, CaseFormSubmission input, string? language, CancellationToken ct)
    {
        var form = token.Length > CaseForm.TokenMax ? null : await db.CaseForms.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token && f.Active, ct);
        if (form is null) throw new NotFoundException("CaseForm", Guid.Empty);
        if (!string.IsNullOrEmpty(input.Website)) return new CaseFiled(false, null);

        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name) ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, NameMax);
        var email = ContactPoints.NormalizeEmail(input.Email);
        if (string.IsNullOrWhiteSpace(input.Email)) errors.Add(new("email", "Validation.Required"));
        else if (email is null) errors.Add(new("email", "Validation.Email"));
        var phone = form.ShowPhone ? TextInput.Clean(input.Phone) : null;
        if (phone is not null && ContactPoints.NormalizePhone(phone, customerOptions.Value.DefaultPhoneRegion) is null) errors.Add(new("phone", "Validation.Phone"));
        if (string.IsNullOrWhiteSpace(input.Subject)) errors.Add(new("subject", "Validation.Required"));
        TextInput.CheckLength(errors, "subject", input.Subject?.Trim(), Case.SubjectMax);
        TextInput.CheckLength(errors, "description", TextInput.Clean(input.Description), Case.DescriptionMax);
        var known = email is null ? null : await CustomerOfAsync(email, ct);
        var (country, city) = (TextInput.Clean(input.Country), TextInput.Clean(input.City));
        if (known is null && email is not null)
        {
            // A new customer needs an address: where the visitor is, as web-to-lead asks.
            if (country is null) errors.Add(new("country", "Validation.Required"));
            if (city is null) errors.Add(new("city", "Validation.Required"));
        }
        TextInput.CheckLength(errors, "country", country, CustomerRules.ShortTextMax);
        TextInput.CheckLength(errors, "city", city, CustomerRules.ShortTextMax);
        if (errors.Count > 0) throw new RapportValidationException(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (customerId, contactId) = known
            ?? ((await customers.CreateAsync(new CustomerInput
            {
                Name = name, Kind = CustomerKind.Individual, Emails = [email!], Phones = phone is null ? null : [phone], Source = "Web form",
                Addresses = [new AddressDto(country, city)],
            }, confirmDuplicate: true, ct)).Id, null);
        var dto = await cases.CreateAsync(new CaseInput(customerId, input.Subject, input.Description, form.DefaultType, CaseChannel.WebForm, form.Priority,
            contactId, form.CategoryId is { } category && await db.CaseCategories.AnyAsync(c => c.Id == category && c.Active, ct) ? category : null,
            QueueId: form.QueueId), ct);
        var c = await db.Cases.FirstAsync(x => x.Id == dto.Id, ct);
        c.Language = language;
        portal.QueueLink(c, email!);
        await db.SaveChangesAsync(ct);
        // Counted in SQL: concurrent submissions must not overwrite each other's count.
        await db.CaseForms.Where(f => f.Id == form.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.SubmissionCount, f => f.SubmissionCount + 1), ct);
        await tx.CommitAsync(ct);
        return new CaseFiled(true, dto.Number);
    }

    /// <summary>The contact with this email (and its customer), else the customer with this email; oldest first.</summary>
    private async Task<(Guid CustomerId, Guid? ContactId)?> CustomerOfAsync(string email, CancellationToken ct)
    {
        var contact = await db.Contacts.Where(c => c.Emails.Contains(email)).OrderBy(c => c.Id).Select(c => new { c.Id, c.CustomerId }).FirstOrDefaultAsync(ct);
        if (contact is not null) return (contact.CustomerId, contact.Id);
        var customer = await db.CustomerChannels.Where(ch => ch.Kind == ChannelKind.Email && ch.Value == email)
            .OrderBy(ch => ch.Id).Select(ch => (Guid?)ch.CustomerId).FirstOrDefaultAsync(ct);
        return customer is { } id ? (id, null) : null;
    }

    private async Task<string> ValidateAsync(CaseFormInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, CaseForm.NameMax);
        if (!Enum.IsDefined(input.DefaultType)) errors.Add(new("defaultType", "Validation.Invalid"));
        if (!Enum.IsDefined(input.Priority)) errors.Add(new("priority", "Validation.Invalid"));
        if (input.CategoryId is { } category && !await db.CaseCategories.AnyAsync(c => c.Id == category && c.Active, ct))
            errors.Add(new("categoryId", "Validation.UnknownCategory"));
        if (input.QueueId is { } queue && !await db.Teams.AnyAsync(t => t.Id == queue, ct)) errors.Add(new("queueId", "Validation.UnknownTeam"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return name;
    }

    private static void Apply(CaseForm form, CaseFormInput input) =>
        (form.DefaultType, form.CategoryId, form.Priority, form.QueueId, form.ShowPhone, form.Active) =
        (input.DefaultType, input.CategoryId, input.Priority, input.QueueId, input.ShowPhone, input.Active);

    private async Task<CaseForm> FindAsync(Guid id, CancellationToken ct) =>
        await db.CaseForms.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("CaseForm", id);

    private static CaseFormDto ToDto(CaseForm f) =>
        new(f.Id, f.Name, f.Token, f.DefaultType, f.CategoryId, f.Priority, f.QueueId, f.ShowPhone, f.Active, f.SubmissionCount, f.CreatedAt, f.Version);
}
