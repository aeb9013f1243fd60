namespace Rapport.Core.Common;

/// <summary>What every module does to text it is sent: trim it, treat blank as absent, check its length, normalise lists.</summary>
public static class TextInput
{
    /// <summary>Normalises each value, reporting <c>field[i]</c> for the ones that are invalid; drops repeats.</summary>
    public static List<string> NormalizeAll(
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

    public static void CheckLength(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max) errors.Add(new(field, "Validation.TooLong", max));
        // The web UI calls the services directly, past the JSON converter: text fields get the same rule here.
        SafeText.Check(errors, field, value);
    }

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
