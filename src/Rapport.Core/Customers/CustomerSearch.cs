using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Data;

namespace Rapport.Core.Customers;

/// <summary>Text matching over customers and contacts, behind one interface for both providers:
/// SQLite FTS5 trigram tables, PostgreSQL pg_trgm GIN indexes with ILIKE.</summary>
public static partial class CustomerSearch
{
    public const int MaxTermLength = 100;

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

    /// <summary>On SQLite, a term with at least this many index matches counts as broad (see <see cref="CustomersForListAsync"/>).</summary>
    public const int BroadMatches = 2000;

    /// <summary>Customers matching <paramref name="q"/>, streamed from the index: for "the first N matches" (type-ahead).</summary>
    public static IQueryable<Customer> Customers(RapportDbContext db, string q) => Matching(db, db.Customers, "Customers", "customer_fts", q, stream: true);

    public static IQueryable<Contact> Contacts(RapportDbContext db, string q) => Matching(db, db.Contacts, "Contacts", "contact_fts", q, stream: true);

    /// <summary>
    /// Customers matching <paramref name="q"/> for a list that sorts and pages them, and whether the term is broad:
    /// at least <see cref="BroadMatches"/> matches (and no narrow tag filter beside it), when the list leaves out its
    /// count — counting 100k matches would cost more than the page. We ask the index for up to that many matches
    /// first, which takes a couple of milliseconds because the index streams.
    /// PostgreSQL's planner then weighs the trigram index against an ordered scan by itself. SQLite's does not: it
    /// would always collect every index match and sort them, so for a broad term we walk the sort order's index with
    /// a LIKE test instead, which finds a page within a few thousand rows (same matches: the index holds lower-case
    /// trigrams of the same text).
    /// </summary>
    public static async Task<(IQueryable<Customer> Query, bool Broad)> CustomersForListAsync(RapportDbContext db, string q, string? tag, CancellationToken ct)
    {
        var term = NormalizeTerm(q);
        var matching = Matching(db, db.Customers, "Customers", "customer_fts", q, stream: false);
        if (term.Length < 3) return (matching, false);
        var matches = db.IsPostgres
            ? await matching.Take(BroadMatches).CountAsync(ct)
            : (await db.Database.SqlQueryRaw<int>(
                $"SELECT COUNT(*) AS \"Value\" FROM (SELECT rowid FROM customer_fts WHERE customer_fts MATCH {{0}} LIMIT {BroadMatches})",
                SearchIndex.FtsPhrase(term)).ToListAsync(ct))[0];
        var broad = matches >= BroadMatches
                    && (tag is null || await db.CustomerTags.Where(t => t.Name == tag).Take(BroadMatches).CountAsync(ct) >= BroadMatches);
        return broad && !db.IsPostgres
            ? (db.Customers.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\")), true)
            : (matching, broad);
    }

    /// <summary>
    /// The first <paramref name="size"/> rows for a type-ahead. On PostgreSQL, names that start with the term come
    /// first, from a B-tree on <c>lower("Name")</c> that stops at the limit; the trigram (contains) search runs only
    /// for what is left. A GIN index cannot stop early, so a common term (a surname, a frequent prefix) would otherwise
    /// collect every match before the limit. SQLite's FTS join already streams.
    /// </summary>
    public static async Task<List<TResult>> FirstMatchesAsync<T, TResult>(RapportDbContext db, DbSet<T> set, IQueryable<T> contains, string q, int size,
        System.Linq.Expressions.Expression<Func<T, TResult>> project, Func<TResult, Guid> id, CancellationToken ct) where T : class, ISearchable
    {
        if (!db.IsPostgres) return await contains.AsNoTracking().Take(size).Select(project).ToListAsync(ct);
        var prefix = SearchIndex.LikePrefix(q.Trim().ToLowerInvariant());
        // lower(Name) LIKE 'term%' is what the expression index serves (the StringComparison overload would not translate).
#pragma warning disable CA1862
        var first = await set.AsNoTracking().Where(c => EF.Functions.Like(c.Name.ToLower(), prefix, "\\")).Take(size).Select(project).ToListAsync(ct);
#pragma warning restore CA1862
        if (first.Count >= size) return first;
        var seen = first.Select(id).ToList();
        var rest = await contains.AsNoTracking().Where(c => !seen.Contains(c.Id)).Take(size - first.Count).Select(project).ToListAsync(ct);
        return [.. first, .. rest];
    }

    /// <summary>One matcher for every searchable table: <paramref name="table"/> and its FTS5 table <paramref name="fts"/>.
    /// <paramref name="stream"/> drives the query from the index (a LIMIT stops it early; nothing is sorted);
    /// otherwise the index's matches form a set that the rest of the query filters and sorts.</summary>
    private static IQueryable<T> Matching<T>(RapportDbContext db, DbSet<T> set, string table, string fts, string q, bool stream) where T : class, ISearchable
    {
        var term = NormalizeTerm(q);
        if (db.IsPostgres)
            return set.Where(c => EF.Functions.ILike(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        // Trigram FTS needs three characters; shorter terms fall back to a bounded LIKE scan.
        if (term.Length < 3)
            return set.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        // Table names are constants of this class, never user input; the term is a parameter.
        var sql = stream
            ? $"SELECT t.* FROM {fts} JOIN \"{table}\" AS t ON t.rowid = {fts}.rowid WHERE {fts} MATCH {{0}}"
            : $"SELECT * FROM \"{table}\" WHERE rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {{0}})";
        return set.FromSqlRaw(sql, SearchIndex.FtsPhrase(term));
    }
}

/// <summary>A row with a lower-cased <c>SearchText</c> indexed for text search.</summary>
public interface ISearchable
{
    Guid Id { get; }
    string Name { get; }
    string SearchText { get; }
}
