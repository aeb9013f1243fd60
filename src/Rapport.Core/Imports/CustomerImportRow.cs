using System.Text.RegularExpressions;
using Rapport.Core.Customers;
using F = Rapport.Core.Imports.CustomerImportFields;

namespace Rapport.Core.Imports;

/// <summary>One data row read through the mapping: the request the customer API would get for it, what only an import
/// carries (the owner by name, the original creation time), and the errors of the transforms themselves.</summary>
public sealed partial record CustomerImportRow(CustomerInput Input, string? Owner, DateTime? CreatedAt, IReadOnlySet<string> Given, List<FieldError> Errors)
{
    /// <summary>Reads <paramref name="cells"/>: cell i goes to field <c>mapping[i]</c> after <see cref="ImportValues"/>'
    /// transforms. An address with no country gets <paramref name="defaultCountry"/>; one with no city takes it from the
    /// street when that names one (…省…市…, as Chinese addresses are written).</summary>
    public static CustomerImportRow Read(IReadOnlyList<string> cells, IReadOnlyList<string?> mapping, string? defaultCountry)
    {
        var (scalars, lists, errors) = F.Set.Read(cells, mapping);
        string? S(string f) => scalars.GetValueOrDefault(f);

        if (!ImportValues.TryEnum(S(F.Kind), F.KindSynonyms, out var kind)) errors.Add(new("kind", "Validation.Enum"));
        if (!ImportValues.TryEnum(S(F.Tier), F.TierSynonyms, out var tier)) errors.Add(new("tier", "Validation.Enum"));
        if (!ImportValues.TryEnum(S(F.Stage), F.StageSynonyms, out var stage)) errors.Add(new("stage", "Validation.Enum"));
        DateTime? createdAt = null;
        if (S(F.CreatedAt) is { } created)
        {
            // The exact instant an export wrote (with its offset); otherwise the day, at midnight UTC.
            if (ImportValues.ParseInstant(created) is { } exact && exact >= Ranges.DateMin.ToDateTime(TimeOnly.MinValue)) createdAt = exact;
            else if (ImportValues.ParseDate(created) is { } d && d >= Ranges.DateMin) createdAt = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            else errors.Add(new("createdAt", "Validation.Date"));
        }

        List<AddressDto>? addresses = null;
        if (new[] { F.Country, F.Region, F.City, F.Street, F.Postcode }.Any(scalars.ContainsKey))
        {
            var (region, city) = (S(F.Region), S(F.City));
            if (city is null && S(F.Street) is { } street && ChineseCity().Match(street) is { Success: true } m)
                (region, city) = (region ?? (m.Groups["p"].Success ? m.Groups["p"].Value : null), m.Groups["c"].Value);
            addresses = [new AddressDto(S(F.Country) ?? defaultCountry, city, region, S(F.Street), S(F.Postcode))];
        }

        var input = new CustomerInput
        {
            Name = S(F.Name),
            Kind = kind ?? CustomerKind.Company,
            Number = S(F.Number),
            Phones = lists.GetValueOrDefault(F.Phone),
            Emails = lists.GetValueOrDefault(F.Email),
            Ims = lists.GetValueOrDefault(F.Im),
            Addresses = addresses,
            Industry = S(F.Industry),
            Source = S(F.Source),
            Tier = tier,
            Stage = stage,
            Tags = lists.GetValueOrDefault(F.Tags),
            Notes = S(F.Notes),
        };
        var given = scalars.Keys.Concat(lists.Keys).ToHashSet();
        if (given.Overlaps([F.Country, F.Region, F.City, F.Street, F.Postcode])) given.Add("address");
        return new CustomerImportRow(input, S(F.Owner), createdAt, given, errors);
    }

    /// <summary>The row laid over an existing customer (an update): what the row gives replaces single values, its
    /// phones, emails, IM handles and tags are added to those already there.</summary>
    public CustomerInput Over(CustomerInput current) => current with
    {
        Name = Input.Name ?? current.Name,
        Kind = Given.Contains(F.Kind) ? Input.Kind : current.Kind,
        Number = null,
        Phones = Union(current.Phones, Input.Phones),
        Emails = Union(current.Emails, Input.Emails),
        Ims = Union(current.Ims, Input.Ims),
        Addresses = Input.Addresses ?? current.Addresses,
        Industry = Input.Industry ?? current.Industry,
        Source = Input.Source ?? current.Source,
        Tier = Input.Tier ?? current.Tier,
        Stage = Input.Stage ?? current.Stage,
        Tags = Union(current.Tags, Input.Tags),
        Notes = Input.Notes ?? current.Notes,
    };

    private static List<string>? Union(List<string>? a, List<string>? b) => b is null ? a : [.. (a ?? []).Concat(b)];

    [GeneratedRegex(@"^(?<p>[^省市]{2,8}(?:省|自治区))?(?<c>[^省市区县]{2,8}市)")]
    private static partial Regex ChineseCity();
}
