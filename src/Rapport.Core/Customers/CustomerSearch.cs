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

    public static IQueryable<Customer> Customers(RapportDbContext db, string q)
    {
        var term = NormalizeTerm(q);
        if (db.IsPostgres)
            return db.Customers.Where(c => EF.Functions.ILike(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        // Trigram FTS needs three characters; shorter terms fall back to a bounded LIKE scan.
        if (term.Length < 3)
            return db.Customers.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        var phrase = SearchIndex.FtsPhrase(term);
        return db.Customers.FromSql(
            $"SELECT * FROM \"Customers\" WHERE rowid IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH {phrase})");
    }

    public static IQueryable<Contact> Contacts(RapportDbContext db, string q)
    {
        var term = NormalizeTerm(q);
        if (db.IsPostgres)
            return db.Contacts.Where(c => EF.Functions.ILike(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        if (term.Length < 3)
            return db.Contacts.Where(c => EF.Functions.Like(c.SearchText, SearchIndex.LikeContains(term), "\\"));
        var phrase = SearchIndex.FtsPhrase(term);
        return db.Contacts.FromSql(
            $"SELECT * FROM \"Contacts\" WHERE rowid IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH {phrase})");
    }
}
