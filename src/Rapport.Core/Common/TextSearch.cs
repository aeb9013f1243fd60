using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace Rapport.Core.Common;

/// <summary>A row with a lower-cased <c>SearchText</c> indexed for text search (see <see cref="TextSearch"/>).</summary>
public interface ISearchable
{
    Guid Id { get; }
    string Name { get; }
    string SearchText { get; }
}

/// <summary>
/// The free-text filter of every list, behind one interface for both providers: SQLite FTS5 trigram tables
/// (<see cref="SearchIndex"/>), PostgreSQL pg_trgm GIN indexes with LIKE. A module gets it by implementing
/// <see cref="ISearchable"/>, adding its table to <see cref="SearchIndex.Tables"/> and a trigram index on
/// <c>SearchText</c> to its configuration.
/// </summary>
public static partial class TextSearch
{
    public const int MaxTermLength = 100;

    /// <summary>On SQLite, a term with at least this many index matches counts as broad (see <see cref="ForListAsync"/>).</summary>
    public const int BroadMatches = 2000;

    /// <summary>How many search keys per row the broad test reads (a row can hold several keys in a term's range).</summary>
    private const int KeysPerRow = 8;

    /// <summary>Rejects a term longer than <see cref="MaxTermLength"/> (field <c>q</c>).</summary>
    public static string CheckTerm(string q)
    {
        if (q.Length > MaxTermLength)
            throw RapportValidationException.For("q", "Validation.TooLong", MaxTermLength);
        return q;
    }

    /// <summary>What the indexes hold: lower-case text; a phone-looking term is reduced to its digits.</summary>
    public static string NormalizeTerm(string q)
    {
        var t = q.Trim().ToLowerInvariant();
        if (PhoneLike().IsMatch(t) && t.Count(char.IsAsciiDigit) >= 3)
            t = new string(t.Where(char.IsAsciiDigit).ToArray());
        return t;
    }

    [GeneratedRegex(@"^[\d\s\-+().]+$")]
    private static partial Regex PhoneLike();

    /// <summary>Rows matching <paramref name="q"/>, streamed from the index: for "the first N matches" (type-ahead).</summary>
    public static IQueryable<T> Streamed<T>(RapportDbContext db, DbSet<T> set, string q) where T : class, ISearchable =>
        Matching(db, set, q, stream: true);

    /// <summary>Rows matching <paramref name="q"/> as a set that the rest of the query filters, sorts and pages
    /// (record scope and query filters still apply).</summary>
    public static IQueryable<T> Matching<T>(RapportDbContext db, DbSet<T> set, string q) where T : class, ISearchable =>
        Matching(db, set, q, stream: false);

    /// <summary>Most terms <see cref="MatchingAny"/> looks up at once.</summary>
    public const int MaxAnyTerms = 32;

    /// <summary>
    /// Rows matching any of <paramref name="terms"/> (ranked retrieval: the caller scores the candidates). Only terms
    /// of three characters or more are looked up, since both indexes are of trigrams and a shorter term could only be
    /// found by scanning; no such term means no rows. SQLite asks its FTS5 table once (<c>"a" OR "b"</c>);
    /// PostgreSQL ORs LIKE tests, each served by the trigram index (a bitmap OR). With <paramref name="best"/>,
    /// SQLite keeps only that many index matches, the best by FTS5's own BM25 rank, so a common term cannot flood
    /// the candidates (PostgreSQL has no such rank on a trigram index; the caller's limit applies).
    /// </summary>
    public static IQueryable<T> MatchingAny<T>(RapportDbContext db, DbSet<T> set, IEnumerable<string> terms, int? best = null) where T : class, ISearchable
    {
        var usable = terms.Select(NormalizeTerm).Where(t => t.Length is >= 3 and <= MaxTermLength).Distinct(StringComparer.Ordinal).Take(MaxAnyTerms).ToList();
        if (usable.Count == 0) return set.Where(_ => false);
        if (db.IsPostgres)
        {
            var row = Expression.Parameter(typeof(T), "c");
            var text = Expression.Property(row, nameof(ISearchable.SearchText));
            var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
                [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
            var any = usable.Select(t => (Expression)Expression.Call(like, Expression.Constant(EF.Functions), text,
                    Expression.Constant(SearchIndex.LikeContains(t)), Expression.Constant("\\")))
                .Aggregate(Expression.OrElse);
            return set.Where(Expression.Lambda<Func<T, bool>>(any, row));
        }
        var fts = FtsTable<T>(db);
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        // Table names come from the model and SearchIndex.Tables, never from user input; the query is a parameter.
        var sql = $"SELECT * FROM \"{table}\" WHERE rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {{0}} ORDER BY rank LIMIT {{1}})";
        return set.FromSqlRaw(sql, string.Join(" OR ", usable.Select(SearchIndex.FtsPhrase)), best ?? -1);
    }

    /// <summary>
    /// Rows matching <paramref name="q"/> for a list that sorts and pages them, and whether the term is broad:
    /// at least <see cref="BroadMatches"/> matches (and <paramref name="narrowed"/>, the list's other narrow filter,
    /// does not say otherwise), when the list may leave out its count — counting 100k matches would cost more than
    /// the page. We ask the index for up to that many matches first, which takes a couple of milliseconds because
    /// the index streams.
    /// PostgreSQL's planner then weighs the trigram index against an ordered scan by itself. SQLite's does not: it
    /// would always collect every index match and sort them, so for a broad term we walk the sort order's index with
    /// a LIKE test instead, which finds a page within a few thousand rows (same matches: the index holds lower-case
    /// trigrams of the same text).
    /// </summary>
    public static async Task<(IQueryable<T> Query, bool Broad)> ForListAsync<T>(RapportDbContext db, DbSet<T> set, string q,
        Func<CancellationToken, Task<bool>>? narrowed, CancellationToken ct) where T : class, ISearchable
    {
        var term = NormalizeTerm(CheckTerm(q));
        var matching = Matching(db, set, q, stream: false);
        var keyed = KeysTable<T>(db, term);
        if (term.Length < 3 && keyed is null) return (matching, false);
        var fts = FtsTable<T>(db);
        // Table names come from SearchIndex.Tables and SearchKeys.Kinds, never from user input; the term is a parameter.
        var count = keyed is not null
            ? $"SELECT COUNT(DISTINCT \"OwnerId\") AS \"Value\" FROM ({SearchKeys.OwnersSql(keyed)} LIMIT {BroadMatches * KeysPerRow}) AS d"
            : $"SELECT COUNT(*) AS \"Value\" FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH {{0}} LIMIT {BroadMatches})";
        object[] parameters = keyed is not null ? [term, SearchKeys.UpperOf(term)] : [SearchIndex.FtsPhrase(term)];
        var matches = db.IsPostgres && keyed is null
            ? await matching.Take(BroadMatches).CountAsync(ct)
            : (await db.Database.SqlQueryRaw<int>(count, parameters).ToListAsync(ct))[0];
        var broad = matches >= BroadMatches && (narrowed is null || !await narrowed(ct));
        return broad && !db.IsPostgres
            ? (set.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\")), true)
            : (matching, broad);
    }

    /// <summary>
    /// The first <paramref name="size"/> rows for a type-ahead. On PostgreSQL, names that start with the term come
    /// first, from a B-tree on <c>lower("Name")</c> that stops at the limit; the trigram (contains) search runs only
    /// for what is left. A GIN index cannot stop early, so a common term (a surname, a frequent prefix) would otherwise
    /// collect every match before the limit. SQLite's FTS join already streams.
    /// </summary>
    public static async Task<List<TResult>> FirstMatchesAsync<T, TResult>(RapportDbContext db, DbSet<T> set, IQueryable<T> contains, string q, int size,
        Expression<Func<T, TResult>> project, Func<TResult, Guid> id, CancellationToken ct) where T : class, ISearchable
    {
        if (!db.IsPostgres) return await DistinctFirstAsync(contains, size, project, id, ct);
        var prefix = SearchIndex.LikePrefix(q.Trim().ToLowerInvariant());
        // lower(Name) LIKE 'term%' is what the expression index serves (the StringComparison overload would not translate).
        // ToLower() here is SQL lower() in the database, not .NET's culture (CA1304/CA1311 do not apply).
#pragma warning disable CA1862, CA1304, CA1311
        var first = await set.AsNoTracking().Where(c => EF.Functions.Like(c.Name.ToLower(), prefix, "\\")).Take(size).Select(project).ToListAsync(ct);
#pragma warning restore CA1862, CA1304, CA1311
        if (first.Count >= size) return first;
        var seen = first.Select(id).ToList();
        var rest = await DistinctFirstAsync(contains.Where(c => !seen.Contains(c.Id)), size - first.Count, project, id, ct);
        return [.. first, .. rest];
    }

    /// <summary>The first <paramref name="want"/> distinct rows of a streamed match. The search keys can meet one row
    /// several times (a phone 13988888888 has five keys starting with 8888, see Matching), so ask for more rows until
    /// enough distinct ones came back or the matches ran out.</summary>
    private static async Task<List<TResult>> DistinctFirstAsync<T, TResult>(IQueryable<T> matches, int want,
        Expression<Func<T, TResult>> project, Func<TResult, Guid> id, CancellationToken ct) where T : class
    {
        for (var take = want * 2; ; take *= 4)
        {
            var rows = await matches.AsNoTracking().Take(take).Select(project).ToListAsync(ct);
            var distinct = rows.DistinctBy(id).Take(want).ToList();
            if (distinct.Count >= want || rows.Count < take || take >= MaxStreamed) return distinct;
        }
    }

    /// <summary>The most rows a type-ahead reads to find its distinct matches.</summary>
    private const int MaxStreamed = 4096;

    /// <summary>One matcher for every searchable table and its FTS5 table.
    /// <paramref name="stream"/> drives the query from the index (a LIMIT stops it early; nothing is sorted);
    /// otherwise the index's matches form a set that the rest of the query filters and sorts.</summary>
    private static IQueryable<T> Matching<T>(RapportDbContext db, DbSet<T> set, string q, bool stream) where T : class, ISearchable
    {
        var term = NormalizeTerm(CheckTerm(q));
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        if (KeysTable<T>(db, term) is not null)
        {
            // A digits-only or two-character Chinese term is a range of the search keys (SearchKeys): the same rows
            // as the trigram or LIKE match, found by a B-tree seek. Streamed, the keys drive the join (a row can
            // come once per key it has in the range: callers take each row once); as a set, the ids are a semi-join.
            var owners = SearchKeys.OwnersSql(table);
            var keySql = stream
                ? $"SELECT t.* FROM ({owners}) AS d JOIN \"{table}\" AS t ON t.\"Id\" = d.\"OwnerId\""
                : $"SELECT * FROM \"{table}\" WHERE \"Id\" IN ({owners})";
            return set.FromSqlRaw(keySql, term, SearchKeys.UpperOf(term));
        }
        // PostgreSQL: LIKE, served by the trigram index. The text and the term are both lower-cased (ISearchable), so
        // LIKE finds what ILIKE would, and testing a row costs a quarter as much: ILIKE lower-cases each row's whole text.
        // SQLite: FTS5's trigrams need three characters; shorter terms fall back to a bounded LIKE scan.
        if (db.IsPostgres || term.Length < 3)
            return set.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        var fts = SearchIndex.FtsTableOf(table);
        // Table names come from the model and SearchIndex.Tables, never from user input; the term is a parameter.
        var sql = stream
            ? $"SELECT t.* FROM {fts} JOIN \"{table}\" AS t ON t.rowid = {fts}.rowid WHERE {fts} MATCH {{0}}"
            : $"SELECT * FROM \"{table}\" WHERE rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {{0}})";
        return set.FromSqlRaw(sql, SearchIndex.FtsPhrase(term));
    }

    /// <summary>The table's name when it has search keys and the normalised term is one they answer; otherwise null.</summary>
    private static string? KeysTable<T>(RapportDbContext db, string term) where T : class
    {
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        return SearchKeys.TermOf(term) is not null && SearchKeys.Kinds.ContainsKey(table) ? table : null;
    }

    private static string FtsTable<T>(RapportDbContext db) where T : class =>
        SearchIndex.FtsTableOf(db.Model.FindEntityType(typeof(T))!.GetTableName()!);
}
