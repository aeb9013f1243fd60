using Rapport.Core.Common;
using Rapport.Core.Settings;

namespace Rapport.Core.Privacy;

/// <summary>Which customer fields are shown masked (settings section <c>sensitive-fields</c>). National ID, bank
/// account and date of birth are always stored encrypted; this list decides what is masked on display.</summary>
public sealed record SensitiveFields(IReadOnlyList<string> Fields) : ISettingsSection<SensitiveFields>
{
    public const string NationalId = "nationalId";
    public const string BankAccount = "bankAccount";
    public const string DateOfBirth = "dateOfBirth";
    public const string Phones = "phones";
    public const string Emails = "emails";
    public static readonly IReadOnlyList<string> Maskable = [NationalId, BankAccount, DateOfBirth, Phones, Emails];

    public static string Key => "sensitive-fields";
    public static SensitiveFields Defaults { get; } = new([NationalId, BankAccount, DateOfBirth]);

    public bool Masks(string field) => Fields.Contains(field);

    /// <summary>The value as a reader without <c>pii.reveal</c> sees it: masked when <paramref name="field"/> is listed.</summary>
    public string? Apply(string field, string? value) => value is not null && Masks(field) ? Mask(value) : value;

    public IEnumerable<FieldError> Validate()
    {
        if (Fields is null) { yield return new("fields", "Validation.Required"); yield break; }
        foreach (var f in Fields.Where(f => !Maskable.Contains(f))) yield return new("fields", "Validation.UnknownSensitiveField", f);
    }

    /// <summary>Keeps the first three and last four characters: <c>110***********1234</c>. Short values are starred
    /// completely; dates become <c>****-**-**</c>.</summary>
    public static string Mask(string value)
    {
        if (value.Length <= 8) return new string('*', value.Length);
        return string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4));
    }

    public static string MaskDate() => "****-**-**";
}
