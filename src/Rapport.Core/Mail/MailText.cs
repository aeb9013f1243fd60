using MimeKit.Text;

namespace Rapport.Core.Mail;

/// <summary>Turns incoming bodies into plain text safe to store and show: HTML to text (no markup, scripts or styles
/// survive), control characters out, line endings normalised, length capped.</summary>
public static class MailText
{
    public const int MaxLength = 100_000;

    public static string FromHtml(string html)
    {
        var text = new StringBuilder();
        var skip = 0;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title:
                    if (!tag.IsEmptyElement) skip = Math.Max(0, skip + (tag.IsEndTag ? -1 : 1));
                    break;
                case HtmlTagToken tag when Breaks(tag.Id):
                    if (skip == 0 && (text.Length == 0 || text[^1] != '\n')) text.Append('\n');
                    break;
                case HtmlDataToken data when skip == 0 && token is not HtmlScriptDataToken:
                    AppendCollapsed(text, data.Data);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Plain text with control characters removed (tab and line feeds kept), CRLF as LF, trimmed and capped.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var chars = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                chars.Append(c).Append(s[++i]);
                continue;
            }
            if ((c < ' ' && c is not ('\t' or '\n')) || char.IsSurrogate(c) || c == '\u007f') continue;
            chars.Append(c);
        }
        return TextCut.ToLength(chars.ToString().Trim(), MaxLength);
    }

    /// <summary>One line of header text (subject, name): control characters become spaces, capped.</summary>
    public static string Line(string? text, int max) =>
        TextCut.ToLength(SafeText.Blank(text ?? "").Trim(), max);

    private static bool Breaks(HtmlTagId id) => id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR
        or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.BlockQuote
        or HtmlTagId.Table or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.HR;

    private static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n')) text.Append(' ');
            }
            else text.Append(c);
        }
    }
}
