using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Rapport.Core.Common;

/// <summary>Phone numbers and e-mail addresses as every module stores and matches them: E.164 and lower case.</summary>
public static partial class ContactPoints
{
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
}
