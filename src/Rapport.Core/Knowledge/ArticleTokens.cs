namespace Rapport.Core.Knowledge;

/// <summary>
/// Splits free text into the terms suggestions rank by, for English and Chinese alike, without a dictionary:
/// Latin words (lower-case, common stop words left out) and, for Chinese (CJK) runs, overlapping character
/// bigrams — the unit most Chinese words are made of, so 忘记密码怎么办 and 重置密码 share 密码.
/// The search indexes are of trigrams (SQLite FTS5's trigram tokenizer, pg_trgm), which cannot look up two
/// characters. So an article's search text also carries its Chinese bigrams as keys, each followed by
/// <see cref="KeyMark"/> (<c>密码|</c>: three characters), and <see cref="IndexTerms"/> looks a question's bigrams up
/// by those keys, its words of three letters or more as they are.
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

    /// <summary>Follows each Chinese bigram in the index keys.</summary>
    public const char KeyMark = '|';

    /// <summary>Bigrams too common in questions to find anything by (如何, 怎么 …); they still count in the ranking.</summary>
    private static readonly HashSet<string> StopBigrams = new(StringComparer.Ordinal)
    {
        "如何", "怎么", "怎样", "什么", "为什", "么办", "可以", "我们", "你们", "我的", "请问", "一下", "没有", "是否", "能否", "时候", "这个", "那个",
    };

    /// <summary>The terms to look up in the search index: words of three letters or more, and Chinese bigrams as keys.</summary>
    public static IReadOnlyList<string> IndexTerms(string? text) =>
        Terms(text).Where(t => IsCjk(t[0]) ? t.Length == 2 && !StopBigrams.Contains(t) : t.Length >= 3)
            .Select(t => IsCjk(t[0]) ? t + KeyMark : t).ToList();

    /// <summary>The keys a text's Chinese bigrams are found by, for its search text (<c>重置| 置密| 密码|</c>), each once.</summary>
    public static string IndexKeys(string? text) =>
        string.Join(' ', Collect(text, cjkGram: 2, max: int.MaxValue).Where(t => t.Length == 2 && IsCjk(t[0])).Select(t => t + KeyMark));

    private static List<string> Collect(string? text, int cjkGram, int max = MaxTerms)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
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
            if (terms.Count < max && seen.Add(t)) terms.Add(t);
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

    internal static bool IsCjk(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
}
