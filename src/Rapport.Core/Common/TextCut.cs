namespace Rapport.Core.Common;

/// <summary>Shortening text without splitting a character: never between the two halves of a surrogate pair (an
/// emoji, a rare CJK ideograph), which databases and encoders reject or turn into �, nor between a letter and its
/// combining marks.</summary>
public static class TextCut
{
    /// <summary>The longest run of whole text elements from the start that is at most <paramref name="maxLength"/>
    /// UTF-16 units long (the unit column lengths are counted in).</summary>
    public static string ToLength(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var end = 0;
        while (end < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text.AsSpan(end));
            if (end + next > maxLength) break;
            end += next;
        }
        return text[..end];
    }

    /// <summary>The first character as a reader sees it (for initials), or "" for empty text.</summary>
    public static string First(string text) => text.Length == 0 ? "" : text[..StringInfo.GetNextTextElementLength(text)];

    /// <summary>The text without its last character as a reader sees it.</summary>
    public static string WithoutLast(string text) =>
        text.Length == 0 ? "" : text[..StringInfo.ParseCombiningCharacters(text)[^1]];
}
