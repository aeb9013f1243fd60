namespace Rapport.Core.Common;

/// <summary>What text sent to Rapport may contain: no C0 control characters other than tab, CR and LF, and no lone
/// UTF-16 surrogates. PostgreSQL refuses NUL in text, SQLite's FTS5 ends a query at one, and UTF-8 cannot encode a
/// lone surrogate; such input is refused at the door with a 400 instead of failing in the database with a 500.</summary>
public static class SafeText
{
    /// <summary>The resource key of the field error for unsafe text.</summary>
    public const string ErrorCode = "Validation.ControlCharacters";

    public static bool IsSafe(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\r' or '\n')) return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>The text with every unsafe character (and tab, CR, LF) turned into a space, for search terms.</summary>
    public static string Blank(string text)
    {
        if (IsSafe(text) && text.AsSpan().IndexOfAny('\t', '\r', '\n') < 0) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (c < ' ' || char.IsSurrogate(c)) chars[i] = ' ';
        }
        return new string(chars);
    }

    /// <summary>Adds the field error when <paramref name="value"/> holds unsafe characters.</summary>
    public static void Check(List<FieldError> errors, string field, string? value)
    {
        if (value is not null && !IsSafe(value)) errors.Add(new(field, ErrorCode));
    }
}
