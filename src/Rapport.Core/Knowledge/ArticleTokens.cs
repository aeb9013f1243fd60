using System.Globalization;
using System.Text;

namespace Rapport.Core.Knowledge;

/// <summary>
/// Splits free text into the terms suggestions rank by, for English and Chinese alike, without a dictionary:
/// Latin words (lower-case, common stop words left out) and, for Chinese (CJK) runs, overlapping character
/// bigrams — the unit most Chinese words are made of, so 重置密码 and 如何重置密码 share 重置, 置密, 密码.
/// Retrieval from the search index needs three characters (the SQLite FTS5 trigram tokenizer, pg_trgm), so
/// <see cref="IndexTerms"/> gives words of three letters or more and character trigrams of the Chinese runs.
/// </summary>
public static class ArticleTokens
{
    /// <summary>At most this many terms are taken from one text (a pasted e-mail is not a query).</summary>
    public const int MaxTerms = 64;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "had", "has", "have", "how",
        "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their",
        "them", "then", "there", "these", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will",
        "with", "you", "your", "please", "hello", "hi", "thanks", "thank",
    };

    /// <summary>The terms to score with: words and Chinese bigrams (a lone Chinese character stands for itself), distinct, in order.</summary>
    public static IReadOnlyList<string> Terms(string? text) => Collect(text, cjkGram: 2);

    /// <summary>The terms to look up in the search index: words of three letters or more and Chinese trigrams.</summary>
    public static IReadOnlyList<string> IndexTerms(string? text) => Collect(text, cjkGram: 3).Where(t => t.Length >= 3).ToList();

    private static List<string> Collect(string? text, int cjkGram)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return terms;
        var lower = text.ToLowerInvariant();
        var run = new StringBuilder();
        var runIsCjk = false;

        void Flush()
        {
            if (run.Length == 0) return;
            var s = run.ToString();
            run.Clear();
            if (runIsCjk)
            {
                if (s.Length <= cjkGram) Add(s);
                else for (var i = 0; i + cjkGram <= s.Length; i++) Add(s.Substring(i, cjkGram));
            }
            else if (s.Length >= 2 && !StopWords.Contains(s)) Add(s);
        }

        void Add(string t)
        {
            if (terms.Count < MaxTerms && !terms.Contains(t)) terms.Add(t);
        }

        foreach (var c in lower)
        {
            var cjk = IsCjk(c);
            var word = !cjk && (char.IsLetterOrDigit(c) || c == '\'');
            if (!cjk && !word) { Flush(); continue; }
            if (run.Length > 0 && cjk != runIsCjk) Flush();
            runIsCjk = cjk;
            if (c != '\'') run.Append(c);
        }
        Flush();
        return terms;
    }

    private static bool IsCjk(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
}
