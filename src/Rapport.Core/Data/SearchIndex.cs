using Microsoft.EntityFrameworkCore;

namespace Rapport.Core.Data;

/// <summary>
/// SQLite full-text search tables (FTS5, trigram tokenizer so Chinese and substrings match), kept in step with
/// Customers/Contacts by triggers. PostgreSQL uses pg_trgm GIN indexes declared in the model instead.
/// </summary>
public static class SearchIndex
{
    /// <summary>Idempotent DDL, run by the SQLite migration and again after every migrate, because a migration
    /// that rebuilds a table drops its triggers.</summary>
    public static readonly string SqliteDdl = string.Concat(Ddl("Customers", "customer_fts"), Ddl("Contacts", "contact_fts"));

    public const string SqliteDropDdl = """
        DROP TRIGGER IF EXISTS Customers_fts_ai; DROP TRIGGER IF EXISTS Customers_fts_ad; DROP TRIGGER IF EXISTS Customers_fts_au;
        DROP TRIGGER IF EXISTS Contacts_fts_ai; DROP TRIGGER IF EXISTS Contacts_fts_ad; DROP TRIGGER IF EXISTS Contacts_fts_au;
        DROP TABLE IF EXISTS customer_fts; DROP TABLE IF EXISTS contact_fts;
        """;

    private static string Ddl(string table, string fts) => $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(SearchText, content='{table}', content_rowid='rowid', tokenize='trigram');
        CREATE TRIGGER IF NOT EXISTS {table}_fts_ai AFTER INSERT ON "{table}" BEGIN
          INSERT INTO {fts}(rowid, SearchText) VALUES (new.rowid, new.SearchText);
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_fts_ad AFTER DELETE ON "{table}" BEGIN
          INSERT INTO {fts}({fts}, rowid, SearchText) VALUES ('delete', old.rowid, old.SearchText);
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_fts_au AFTER UPDATE OF SearchText ON "{table}" BEGIN
          INSERT INTO {fts}({fts}, rowid, SearchText) VALUES ('delete', old.rowid, old.SearchText);
          INSERT INTO {fts}(rowid, SearchText) VALUES (new.rowid, new.SearchText);
        END;

        """;

    /// <summary>Re-creates missing triggers and, if any were missing, rebuilds the index from the tables.</summary>
    public static async Task EnsureAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) return;
        var triggers = await db.Database
            .SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_a_'")
            .SingleAsync(ct);
        if (triggers == 6) return;
        await db.Database.ExecuteSqlRawAsync(SqliteDdl, ct);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO customer_fts(customer_fts) VALUES ('rebuild'); INSERT INTO contact_fts(contact_fts) VALUES ('rebuild');", ct);
    }

    /// <summary>Quotes user text as one FTS5 phrase (no operators, no syntax errors). Control characters become
    /// spaces: FTS5 reads its query as a C string, so a NUL would end it inside the quotes.</summary>
    public static string FtsPhrase(string text) => "\"" + Common.SafeText.Blank(text).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A LIKE pattern for "contains", wildcards in the text escaped with backslash.</summary>
    public static string LikeContains(string text) => "%" + LikeEscape(text) + "%";

    /// <summary>A LIKE pattern for "starts with", wildcards in the text escaped with backslash.</summary>
    public static string LikePrefix(string text) => LikeEscape(text) + "%";

    private static string LikeEscape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
