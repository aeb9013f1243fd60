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

    /// <summary><see cref="Apply"/> for a list of phones or emails.</summary>
    public IReadOnlyList<string> ApplyAll(string field, IReadOnlyList<string> values) => Masks(field) ? values.Select(Mask).ToList() : values;

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

    /// <summary><see cref="Apply"/> for the date of birth (<c>yyyy-MM-dd</c>): <see cref="MaskDate"/> when it is listed.</summary>
    public string? ApplyDate(string? value) => value is not null && Masks(DateOfBirth) ? MaskDate() : value;

    /// <summary>True for a value as <see cref="Mask"/> or <see cref="MaskDate"/> shows it (no real phone, email, ID,
    /// account or date contains a star).</summary>
    public static bool IsMasked(string? value) => value is not null && value.Contains('*', StringComparison.Ordinal);

    /// <summary>The fields the caller may not see: the masked ones, unless they hold <c>pii.reveal</c>.</summary>
    public bool HiddenFrom(bool canReveal, string field) => !canReveal && Masks(field);

    /// <summary>What an update stores for one sensitive field. Hidden from the caller: the stored value, whatever was
    /// sent (masked, left out or null), since they could not have seen what they would overwrite. Otherwise the sent
    /// value, except that the mask of the stored value sent back means "keep".</summary>
    public static string? Keep(bool hidden, string? sent, string? stored, Func<string, string> mask) =>
        hidden || (sent is not null && stored is not null && IsMasked(sent) && sent == mask(stored)) ? stored : sent;

    /// <summary><see cref="Keep"/> for a list of phones or emails: hidden keeps the stored list; otherwise each masked
    /// echo is swapped back for the stored value it masks.</summary>
    public static List<string>? KeepAll(bool hidden, List<string>? sent, IReadOnlyList<string> stored) =>
        hidden ? [.. stored] : sent?.Select(v => IsMasked(v) ? stored.FirstOrDefault(s => Mask(s) == v) ?? v : v).ToList();
}
