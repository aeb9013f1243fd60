using System.Text.RegularExpressions;
using Rapport.Core.Privacy;

namespace Rapport.Core.Customers;

/// <summary>Customer settings (section <c>Customers</c>).</summary>
public sealed class CustomerOptions
{
    /// <summary>Tokens: {yyyy} {yy} {MM} {dd} and {seq:00000}; the counter restarts whenever the text around it changes.</summary>
    public string NumberPattern { get; set; } = "C-{yyyy}-{seq:00000}";
    /// <summary>ISO region used to read phone numbers written without a +country code.</summary>
    public string DefaultPhoneRegion { get; set; } = "CN";
    /// <summary>Days a deleted customer stays in the recycle bin before it is purged.</summary>
    public int RecycleBinRetentionDays { get; set; } = 30;
}

/// <summary>Pure rules for customer data: normalisation, numbering and field validation (no database).</summary>
public static partial class CustomerRules
{
    public const int NameMax = 200;
    public const int ShortTextMax = 100;
    public const int NotesMax = 4000;
    public const int TagMax = 50;
    public const int TagsMax = 20;
    public const int ChannelsMax = 10;
    public const int AddressesMax = 10;

    /// <summary>Checks a create/update request and returns it normalised, or throws with every field error at once.
    /// <paramref name="acceptMasked"/> lets masked values through as they are: a form checking what it will send back,
    /// before the service swaps them for the stored ones.</summary>
    public static NormalizedCustomer Validate(CustomerInput input, string defaultRegion, bool acceptMasked = false)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        else if (name.Length > NameMax) errors.Add(new("name", "Validation.TooLong", NameMax));

        if (input.Number is { } number && (number.Trim().Length == 0 || number.Trim().Length > 40))
            errors.Add(new("number", "Validation.TooLong", 40));

        Func<string?, string?> masked(Func<string?, string?> normalize) => raw => acceptMasked && SensitiveFields.IsMasked(raw) ? raw : normalize(raw);
        var phones = TextInput.NormalizeAll(input.Phones, "phones", "Validation.Phone", masked(raw => ContactPoints.NormalizePhone(raw, defaultRegion)), errors);
        var emails = TextInput.NormalizeAll(input.Emails, "emails", "Validation.Email", masked(ContactPoints.NormalizeEmail), errors);
        var ims = new List<string>();
        foreach (var (raw, i) in (input.Ims ?? []).Select((x, i) => (x, i)))
        {
            var v = raw?.Trim() ?? "";
            if (v.Length == 0 || v.Length > ShortTextMax) errors.Add(new($"ims[{i}]", "Validation.TooLong", ShortTextMax));
            else if (!SafeText.IsSafe(v)) errors.Add(new($"ims[{i}]", SafeText.ErrorCode));
            else if (!ims.Contains(v)) ims.Add(v);
        }
        if (phones.Count + emails.Count + ims.Count == 0 && !errors.Any(e => e.Field.StartsWith("phones", StringComparison.Ordinal) || e.Field.StartsWith("emails", StringComparison.Ordinal)))
            errors.Add(new("contactMethods", "Validation.ContactMethodRequired"));
        if (phones.Count + emails.Count + ims.Count > ChannelsMax)
            errors.Add(new("contactMethods", "Validation.TooMany", ChannelsMax));

        var addresses = new List<Address>();
        var inputAddresses = input.Addresses ?? [];
        if (inputAddresses.Count == 0) errors.Add(new("addresses", "Validation.AddressRequired"));
        if (inputAddresses.Count > AddressesMax) errors.Add(new("addresses", "Validation.TooMany", AddressesMax));
        foreach (var (a, i) in inputAddresses.Select((a, i) => (a, i)))
        {
            if (a is null) { errors.Add(new($"addresses[{i}]", "Validation.Required")); continue; }
            var country = a.Country?.Trim() ?? "";
            var city = a.City?.Trim() ?? "";
            if (country.Length == 0) errors.Add(new($"addresses[{i}].country", "Validation.Required"));
            if (city.Length == 0) errors.Add(new($"addresses[{i}].city", "Validation.Required"));
            TextInput.CheckLength(errors, $"addresses[{i}].country", country, ShortTextMax);
            TextInput.CheckLength(errors, $"addresses[{i}].region", a.Region, ShortTextMax);
            TextInput.CheckLength(errors, $"addresses[{i}].city", city, ShortTextMax);
            TextInput.CheckLength(errors, $"addresses[{i}].street", a.Street, 300);
            TextInput.CheckLength(errors, $"addresses[{i}].postcode", a.Postcode, 20);
            TextInput.CheckLength(errors, $"addresses[{i}].label", a.Label, 50);
            addresses.Add(new Address
            {
                Label = TextInput.Clean(a.Label), Country = country, Region = TextInput.Clean(a.Region), City = city,
                Street = TextInput.Clean(a.Street), Postcode = TextInput.Clean(a.Postcode),
            });
        }

        var tags = (input.Tags ?? []).Select(t => t?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > TagsMax) errors.Add(new("tags", "Validation.TooMany", TagsMax));
        if (tags.Any(t => t.Length == 0 || t.Length > TagMax)) errors.Add(new("tags", "Validation.Tag", TagMax));
        // As every text field: no control characters (the JSON reader refuses them too, a form does not).
        else if (tags.Any(t => !SafeText.IsSafe(t))) errors.Add(new("tags", SafeText.ErrorCode));

        TextInput.CheckLength(errors, "industry", input.Industry, ShortTextMax);
        TextInput.CheckLength(errors, "source", input.Source, ShortTextMax);
        TextInput.CheckLength(errors, "notes", input.Notes, NotesMax);

        var nationalId = masked(NormalizeNationalId)(input.NationalId);
        if (input.NationalId is not null && nationalId is null) errors.Add(new("nationalId", "Validation.NationalId"));
        var bankAccount = masked(NormalizeBankAccount)(input.BankAccount);
        if (input.BankAccount is not null && bankAccount is null) errors.Add(new("bankAccount", "Validation.BankAccount"));
        DateOnly? dateOfBirth = null;
        if (acceptMasked && SensitiveFields.IsMasked(input.DateOfBirth)) { }
        else if (input.DateOfBirth is { } raw)
        {
            if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob)
                && dob <= DateOnly.FromDateTime(DateTime.UtcNow) && dob >= Ranges.DateMin)
                dateOfBirth = dob;
            else
                errors.Add(new("dateOfBirth", "Validation.DateOfBirth"));
        }

        if (errors.Count > 0) throw new RapportValidationException(errors);
        return new NormalizedCustomer(name, input.Number?.Trim(), phones, emails, ims, addresses, tags, nationalId, bankAccount, dateOfBirth);
    }

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Upper-cased, without spaces. An 18-character mainland China resident ID must carry a valid check
    /// digit (ISO 7064 MOD 11-2); other national IDs are 4–32 letters, digits and hyphens.</summary>
    public static string? NormalizeNationalId(string? raw)
    {
        if (raw is null) return null;
        var s = raw.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        if (ChinaId().IsMatch(s))
        {
            var sum = 0;
            for (var i = 0; i < 17; i++) sum += (s[i] - '0') * IdWeights[i];
            return "10X98765432"[sum % 11] == s[17] ? s : null;
        }
        return OtherId().IsMatch(s) ? s : null;
    }

    /// <summary>Upper-cased letters and digits (spaces and hyphens dropped), 8–34 long: IBANs and card numbers.</summary>
    public static string? NormalizeBankAccount(string? raw)
    {
        if (raw is null) return null;
        var s = raw.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        return BankAccountShape().IsMatch(s) ? s : null;
    }

    [GeneratedRegex(@"^\d{17}[\dX]$")]
    private static partial Regex ChinaId();

    [GeneratedRegex(@"^[A-Z0-9-]{4,32}$")]
    private static partial Regex OtherId();

    [GeneratedRegex(@"^[A-Z0-9]{8,34}$")]
    private static partial Regex BankAccountShape();
}

public sealed record NormalizedCustomer(
    string Name, string? Number, List<string> Phones, List<string> Emails, List<string> Ims, List<Address> Addresses, List<string> Tags,
    string? NationalId = null, string? BankAccount = null, DateOnly? DateOfBirth = null);
