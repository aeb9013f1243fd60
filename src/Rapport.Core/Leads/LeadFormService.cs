using System.Security.Cryptography;
using Rapport.Core.Customers;

namespace Rapport.Core.Leads;

/// <summary>What happened to a web-form submission: a lead was captured, or a bot filled in the honeypot and the
/// submission was dropped (the visitor sees the same thank-you either way, so a bot learns nothing).</summary>
public sealed record LeadCapture(bool Accepted, Guid? LeadId, string? RedirectUrl);

/// <summary>Public web-to-lead forms: administration (needs <c>leads.configure</c>) and the anonymous submission.</summary>
public sealed class LeadFormService(RapportDbContext db, ICurrentUser user, IOptions<CustomerOptions> options, LeadService leads,
    Marketing.Campaigns.CampaignAttribution attribution)
{
    public async Task<IReadOnlyList<LeadFormDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.LeadsConfigure);
        var forms = await db.LeadForms.AsNoTracking().OrderBy(f => f.Name).ThenBy(f => f.Id).ToListAsync(ct);
        return forms.Select(ToDto).ToList();
    }

    public async Task<LeadFormDto> CreateAsync(LeadFormInput input, CancellationToken ct)
    {
        user.Require(Permissions.LeadsConfigure);
        var (name, source, redirect) = Validate(input);
        await CheckOwnerAsync(input.DefaultOwnerId, ct);
        var form = new LeadForm
        {
            Name = name, Source = source, RedirectUrl = redirect, Active = input.Active, DefaultOwnerId = input.DefaultOwnerId,
            Token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18)),
        };
        db.LeadForms.Add(form);
        await db.SaveChangesAsync(ct);
        return ToDto(form);
    }

    public async Task<LeadFormDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.LeadsConfigure);
        return ToDto(await db.LeadForms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("LeadForm", id));
    }

    public async Task<LeadFormDto> UpdateAsync(Guid id, LeadFormInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.LeadsConfigure);
        var form = await db.LeadForms.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("LeadForm", id);
        form.ExpectVersion(expectedVersion, "LeadForm", id);
        (form.Name, form.Source, form.RedirectUrl) = Validate(input);
        if (input.DefaultOwnerId != form.DefaultOwnerId) await CheckOwnerAsync(input.DefaultOwnerId, ct);
        form.Active = input.Active;
        form.DefaultOwnerId = input.DefaultOwnerId;
        await db.SaveChangesAsync(ct);
        return ToDto(form);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.LeadsConfigure);
        var form = await db.LeadForms.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("LeadForm", id);
        form.ExpectVersion(expectedVersion, "LeadForm", id);
        db.LeadForms.Remove(form);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The form behind a public token, if it is active (anonymous: used to render the public page).</summary>
    public async Task<LeadFormDto?> FindPublicAsync(string token, CancellationToken ct)
    {
        if (token.Length > 64) return null;
        var form = await db.LeadForms.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token && f.Active, ct);
        return form is null ? null : ToDto(form);
    }

    /// <summary>Anonymous submission through a public form. Unknown or inactive tokens are 404; a filled honeypot is
    /// accepted silently and dropped; bad input is a 400 with field errors. Rate limiting is the host's job.</summary>
    public async Task<LeadCapture> SubmitAsync(string token, LeadFormSubmission input, CancellationToken ct)
    {
        var form = token.Length > 64 ? null : await db.LeadForms.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token && f.Active, ct);
        if (form is null) throw new NotFoundException("LeadForm", Guid.Empty);
        if (!string.IsNullOrEmpty(input.Website)) return new LeadCapture(false, null, form.RedirectUrl);
        var n = LeadRules.Validate(new LeadInput
        {
            Name = input.Name, Company = input.Company, Title = input.Title, Email = input.Email, Phone = input.Phone,
            Industry = input.Industry, Region = input.Region, Country = input.Country, City = input.City,
            Notes = input.Message, Source = form.Source ?? "Website",
        }, options.Value.DefaultPhoneRegion);
        static string? Utm(string? value) => TextInput.Clean(value) is { } v ? v[..Math.Min(v.Length, LeadRules.ShortTextMax)] : null;
        var origin = new LeadOrigin(await attribution.CampaignOfAsync(input.UtmCampaign, input.CampaignClick, ct),
            Utm(input.UtmSource), Utm(input.UtmMedium), Utm(input.UtmContent));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lead = await leads.CaptureAsync(n, form.Id, form.DefaultOwnerId, origin, ct);
        // Counted in SQL: concurrent submissions must not overwrite each other's count.
        await db.LeadForms.Where(f => f.Id == form.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.SubmissionCount, f => f.SubmissionCount + 1), ct);
        await tx.CommitAsync(ct);
        return new LeadCapture(true, lead.Id, form.RedirectUrl);
    }

    /// <summary>A default owner must be an active user (a suspended one would collect leads nobody works).</summary>
    private async Task CheckOwnerAsync(Guid? ownerId, CancellationToken ct)
    {
        if (ownerId is { } id && !await db.Users.AnyAsync(u => u.Id == id && u.Status == Identity.UserStatus.Active, ct))
            throw new RapportValidationException([new FieldError("defaultOwnerId", "Validation.ActiveUser")]);
    }

    private static (string Name, string? Source, string? Redirect) Validate(LeadFormInput input)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, LeadRules.ShortTextMax);
        TextInput.CheckLength(errors, "source", input.Source, LeadRules.ShortTextMax);
        var redirect = TextInput.Clean(input.RedirectUrl);
        if (redirect is not null && (redirect.Length > 2000 || !Uri.TryCreate(redirect, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            errors.Add(new("redirectUrl", "Validation.Url"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, TextInput.Clean(input.Source), redirect);
    }

    private static LeadFormDto ToDto(LeadForm f) => new(f.Id, f.Name, f.Token, f.Source, f.RedirectUrl, f.Active, f.SubmissionCount, f.CreatedAt, f.DefaultOwnerId, f.Version);
}
