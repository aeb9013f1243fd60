using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;
using Rapport.Core.Common;

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

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 form of a phone number, or null when it is not a valid number.</summary>
    public static string? NormalizePhone(string? raw, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40) return null;
        try
        {
            var number = Phones.Parse(raw.Trim(), defaultRegion);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Trimmed, lower-cased email, or null when it is not an address.</summary>
    public static string? NormalizeEmail(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 254) return null;
        var s = raw.Trim().ToLowerInvariant();
        return MailAddress.TryCreate(s, out var a) && a.Address == s && EmailShape().IsMatch(s) ? s : null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"\{(yyyy|yy|MM|dd|seq(?::(0+))?)\}")]
    private static partial Regex PatternToken();

    /// <summary>Renders the date tokens of a number pattern; returns the counter key and a formatter for the counter.</summary>
    public static (string SequenceKey, Func<long, string> Format) ParsePattern(string pattern, DateTime now)
    {
        var seqFormat = "0";
        var dated = PatternToken().Replace(pattern, m => m.Groups[1].Value switch
        {
            "yyyy" => now.ToString("yyyy", CultureInfo.InvariantCulture),
            "yy" => now.ToString("yy", CultureInfo.InvariantCulture),
            "MM" => now.ToString("MM", CultureInfo.InvariantCulture),
            "dd" => now.ToString("dd", CultureInfo.InvariantCulture),
            _ => Keep(m, ref seqFormat),
        });
        // Checked after parsing: a malformed counter such as {seq:5} would otherwise stay literal text and every
        // customer would get the same number.
        if (!dated.Contains("{seq}", StringComparison.Ordinal))
            throw new InvalidOperationException($"Customer number pattern '{pattern}' has no {{seq}} or {{seq:000}} token.");
        return ("customer:" + dated, seq => dated.Replace("{seq}", seq.ToString(seqFormat, CultureInfo.InvariantCulture), StringComparison.Ordinal));

        static string Keep(Match m, ref string format)
        {
            if (m.Groups[2].Success) format = m.Groups[2].Value;
            return "{seq}";
        }
    }

    /// <summary>Checks a create/update request and returns it normalised, or throws with every field error at once.</summary>
    public static NormalizedCustomer Validate(CustomerInput input, string defaultRegion)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        else if (name.Length > NameMax) errors.Add(new("name", "Validation.TooLong", NameMax));

        if (input.Number is { } number && (number.Trim().Length == 0 || number.Trim().Length > 40))
            errors.Add(new("number", "Validation.TooLong", 40));

        var phones = NormalizeAll(input.Phones, "phones", "Validation.Phone", raw => NormalizePhone(raw, defaultRegion), errors);
        var emails = NormalizeAll(input.Emails, "emails", "Validation.Email", NormalizeEmail, errors);
        var ims = new List<string>();
        foreach (var (raw, i) in (input.Ims ?? []).Select((x, i) => (x, i)))
        {
            var v = raw?.Trim() ?? "";
            if (v.Length == 0 || v.Length > ShortTextMax) errors.Add(new($"ims[{i}]", "Validation.TooLong", ShortTextMax));
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
            CheckLength(errors, $"addresses[{i}].country", country, ShortTextMax);
            CheckLength(errors, $"addresses[{i}].region", a.Region, ShortTextMax);
            CheckLength(errors, $"addresses[{i}].city", city, ShortTextMax);
            CheckLength(errors, $"addresses[{i}].street", a.Street, 300);
            CheckLength(errors, $"addresses[{i}].postcode", a.Postcode, 20);
            CheckLength(errors, $"addresses[{i}].label", a.Label, 50);
            addresses.Add(new Address
            {
                Label = Clean(a.Label), Country = country, Region = Clean(a.Region), City = city,
                Street = Clean(a.Street), Postcode = Clean(a.Postcode),
            });
        }

        var tags = (input.Tags ?? []).Select(t => t?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > TagsMax) errors.Add(new("tags", "Validation.TooMany", TagsMax));
        if (tags.Any(t => t.Length == 0 || t.Length > TagMax)) errors.Add(new("tags", "Validation.Tag", TagMax));

        CheckLength(errors, "industry", input.Industry, ShortTextMax);
        CheckLength(errors, "source", input.Source, ShortTextMax);
        CheckLength(errors, "notes", input.Notes, NotesMax);

        var nationalId = NormalizeNationalId(input.NationalId);
        if (input.NationalId is not null && nationalId is null) errors.Add(new("nationalId", "Validation.NationalId"));
        var bankAccount = NormalizeBankAccount(input.BankAccount);
        if (input.BankAccount is not null && bankAccount is null) errors.Add(new("bankAccount", "Validation.BankAccount"));
        if (input.DateOfBirth is { } dob && (dob > DateOnly.FromDateTime(DateTime.UtcNow) || dob < Ranges.DateMin))
            errors.Add(new("dateOfBirth", "Validation.DateOfBirth"));

        if (errors.Count > 0) throw new RapportValidationException(errors);
        return new NormalizedCustomer(name, input.Number?.Trim(), phones, emails, ims, addresses, tags, nationalId, bankAccount, input.DateOfBirth);
    }

    /// <summary>Normalises each value, reporting <c>field[i]</c> for the ones that are invalid; drops repeats.</summary>
    internal static List<string> NormalizeAll(
        IEnumerable<string?>? values, string field, string code, Func<string?, string?> normalize, List<FieldError> errors)
    {
        var result = new List<string>();
        foreach (var (raw, i) in (values ?? []).Select((v, i) => (v, i)))
        {
            var v = normalize(raw);
            if (v is null) errors.Add(new($"{field}[{i}]", code));
            else if (!result.Contains(v)) result.Add(v);
        }
        return result;
    }

    internal static void CheckLength(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max) errors.Add(new(field, "Validation.TooLong", max));
        // The web UI calls the services directly, past the JSON converter: text fields get the same rule here.
        SafeText.Check(errors, field, value);
    }

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public const int SubjectMax = 300;
    public const int ContentMax = 20000;

    /// <summary>The subject (required) and content of anything logged on a timeline: an interaction, a lead's activity.
    /// Returns the trimmed subject.</summary>
    internal static string CheckSubjectAndContent(List<FieldError> errors, string? subject, string? content)
    {
        var s = subject?.Trim() ?? "";
        if (s.Length == 0) errors.Add(new("subject", "Validation.Required"));
        CheckLength(errors, "subject", s, SubjectMax);
        CheckLength(errors, "content", content, ContentMax);
        return s;
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
