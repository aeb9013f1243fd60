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

    public static IQueryable<Customer> Customers(RapportDbContext db, string q) => Matching(db, db.Customers, "Customers", "customer_fts", q);

    public static IQueryable<Contact> Contacts(RapportDbContext db, string q) => Matching(db, db.Contacts, "Contacts", "contact_fts", q);

    /// <summary>One matcher for every searchable table: <paramref name="table"/> and its FTS5 table <paramref name="fts"/>.</summary>
    private static IQueryable<T> Matching<T>(RapportDbContext db, DbSet<T> set, string table, string fts, string q) where T : class, ISearchable
    {
        var term = NormalizeTerm(q);
        if (db.IsPostgres)
            return set.Where(c => EF.Functions.ILike(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        // Trigram FTS needs three characters; shorter terms fall back to a bounded LIKE scan.
        if (term.Length < 3)
            return set.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        // Table names are constants of this class, never user input; the term is a parameter.
        var sql = $"SELECT * FROM \"{table}\" WHERE rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {{0}})";
        return set.FromSqlRaw(sql, SearchIndex.FtsPhrase(term));
    }
}

/// <summary>A row with a lower-cased <c>SearchText</c> indexed for text search.</summary>
public interface ISearchable
{
    string SearchText { get; }
}
