namespace Rapport.Core.Settings;

/// <summary>How the company presents itself on the documents it sends (section <c>company</c>): its legal name,
/// address, tax id, contact details and the bank account customers pay into. The logo is kept beside it
/// (<see cref="CompanyService"/>). Until the profile is first saved, the legal name is the sales settings' company name.</summary>
public sealed record CompanyProfile(
    string LegalName = "", string? Address = null, string? TaxId = null, string? Phone = null, string? Email = null, string? Website = null,
    string? BankName = null, string? BankAccount = null, string? BankSwift = null) : ISettingsSection<CompanyProfile>
{
    public const int NameMax = 200;
    public const int AddressMax = 500;
    public const int AddressLinesMax = 5;
    public const int ShortMax = 100;

    public static string Key => "company";
    public static CompanyProfile Defaults { get; } = new();

    public IEnumerable<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(LegalName)) errors.Add(new("legalName", "Validation.Required"));
        TextInput.CheckLength(errors, "legalName", LegalName, NameMax);
        TextInput.CheckLength(errors, "address", Address, AddressMax);
        if (AddressLines.Count > AddressLinesMax) errors.Add(new("address", "Validation.TooManyLines", AddressLinesMax));
        foreach (var (field, value) in new[] { ("taxId", TaxId), ("phone", Phone), ("bankName", BankName), ("bankAccount", BankAccount), ("bankSwift", BankSwift) })
            TextInput.CheckLength(errors, field, value, ShortMax);
        if (!string.IsNullOrWhiteSpace(Email) && ContactPoints.NormalizeEmail(Email) is null) errors.Add(new("email", "Validation.Email"));
        TextInput.CheckLength(errors, "website", Website, NameMax);
        if (!string.IsNullOrWhiteSpace(Website) && !(Uri.TryCreate(Website.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add(new("website", "Validation.Url"));
        return errors;
    }

    /// <summary>The address as the lines it is printed on, blank lines left out.</summary>
    public IReadOnlyList<string> AddressLines =>
        (Address ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>The profile with every text trimmed and empty ones null.</summary>
    public CompanyProfile Cleaned() => new((LegalName ?? "").Trim(), TextInput.Clean(Address?.Replace("\r", "", StringComparison.Ordinal)), TextInput.Clean(TaxId),
        TextInput.Clean(Phone), ContactPoints.NormalizeEmail(Email) ?? TextInput.Clean(Email), TextInput.Clean(Website), TextInput.Clean(BankName),
        TextInput.Clean(BankAccount), TextInput.Clean(BankSwift));
}
