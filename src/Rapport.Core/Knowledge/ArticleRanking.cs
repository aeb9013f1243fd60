namespace Rapport.Core.Knowledge;

/// <summary>
/// BM25F over the few candidates the search index returned (never over the table): each term's occurrences in the
/// title, summary and body, weighted (the title most) and normalised by each field's length against its average,
/// saturated by k1, times the term's inverse document frequency among the candidates.
/// </summary>
public static class ArticleRanking
{
    public sealed record Candidate(Guid Id, string Title, string? Summary, string Body);

    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double TitleWeight = 3.0;
    private const double SummaryWeight = 1.5;
    private const double BodyWeight = 1.0;

    /// <summary>The candidates that match at least one term, best first, with their scores.</summary>
    public static IReadOnlyList<(Candidate Article, double Score)> Rank(IReadOnlyList<Candidate> candidates, IReadOnlyList<string> terms)
    {
        if (candidates.Count == 0 || terms.Count == 0) return [];
        var docs = candidates.Select(c => (c, Title: c.Title.ToLowerInvariant(), Summary: (c.Summary ?? "").ToLowerInvariant(), Body: c.Body.ToLowerInvariant())).ToList();
        var avgTitle = Math.Max(1, docs.Average(d => d.Title.Length));
        var avgSummary = Math.Max(1, docs.Average(d => d.Summary.Length));
        var avgBody = Math.Max(1, docs.Average(d => d.Body.Length));
        var n = docs.Count;
        var df = terms.ToDictionary(t => t, t => docs.Count(d => d.Title.Contains(t, StringComparison.Ordinal)
            || d.Summary.Contains(t, StringComparison.Ordinal) || d.Body.Contains(t, StringComparison.Ordinal)));

        var ranked = new List<(Candidate, double)>();
        foreach (var d in docs)
        {
            var score = 0.0;
            foreach (var t in terms)
            {
                if (df[t] == 0) continue;
                var tf = TitleWeight * Count(d.Title, t) / Norm(d.Title.Length, avgTitle)
                    + SummaryWeight * Count(d.Summary, t) / Norm(d.Summary.Length, avgSummary)
                    + BodyWeight * Count(d.Body, t) / Norm(d.Body.Length, avgBody);
                if (tf <= 0) continue;
                var idf = Math.Log(1 + (n - df[t] + 0.5) / (df[t] + 0.5));
                score += idf * tf * (K1 + 1) / (tf + K1);
            }
            if (score > 0) ranked.Add((d.c, score));
        }
        return ranked.OrderByDescending(r => r.Item2).ThenBy(r => r.Item1.Title, StringComparer.Ordinal).ToList();
    }

    private static double Norm(int length, double average) => 1 - B + B * length / average;

    private static int Count(string text, string term)
    {
        var count = 0;
        for (var i = text.IndexOf(term, StringComparison.Ordinal); i >= 0; i = text.IndexOf(term, i + term.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
