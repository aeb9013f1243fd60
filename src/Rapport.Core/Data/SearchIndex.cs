namespace Rapport.Core.Data;

/// <summary>
/// SQLite full-text search tables (FTS5, trigram tokenizer so Chinese and substrings match), kept in step with
/// the searchable tables by triggers. PostgreSQL uses pg_trgm GIN indexes declared in the model instead.
/// </summary>
public static class SearchIndex
{
    /// <summary>A table searched through <see cref="Common.TextSearch"/>, its FTS5 table, and the columns whose
    /// update changes <c>SearchText</c> (itself, unless the database computes it from others).</summary>
    public sealed record Table(string Name, string Fts, params string[] UpdatedBy);

    /// <summary>Every searchable table: a new one is one line here (and its migration runs <see cref="DdlFor"/>).</summary>
    public static readonly IReadOnlyList<Table> Tables =
    [
        new("Customers", "customer_fts", "SearchText"),
        new("Contacts", "contact_fts", "SearchText"),
        new("Leads", "lead_fts", "SearchText"),
        new("Opportunities", "opportunity_fts", "Name"),
        new("Products", "product_fts", "Sku", "Name"),
        new("Articles", "article_fts", "SearchText"),
        new("Cases", "case_fts", "SearchText"),
    ];

    public static string FtsTableOf(string table) =>
        Tables.FirstOrDefault(t => t.Name == table)?.Fts
        ?? throw new InvalidOperationException($"Table {table} has no search index: add it to SearchIndex.Tables.");

    /// <summary>Idempotent DDL of the tables the Initial migration indexed.</summary>
    public static readonly string SqliteDdl = DdlFor("Customers", "Contacts");

    public const string SqliteDropDdl = """
        DROP TRIGGER IF EXISTS Customers_fts_ai; DROP TRIGGER IF EXISTS Customers_fts_ad; DROP TRIGGER IF EXISTS Customers_fts_au;
        DROP TRIGGER IF EXISTS Contacts_fts_ai; DROP TRIGGER IF EXISTS Contacts_fts_ad; DROP TRIGGER IF EXISTS Contacts_fts_au;
        DROP TABLE IF EXISTS customer_fts; DROP TABLE IF EXISTS contact_fts;
        """;

    /// <summary>Idempotent DDL for the named tables' FTS tables and triggers: run by the migration that adds a table
    /// (then <see cref="RebuildFor"/>), and again after every migrate, because a migration that rebuilds a table
    /// drops its triggers.</summary>
    public static string DdlFor(params string[] tables) =>
        string.Concat(tables.Select(t => Ddl(Tables.Single(x => x.Name == t))));

    /// <summary>Drops what <see cref="DdlFor"/> created.</summary>
    public static string DropDdlFor(params string[] tables) =>
        string.Concat(tables.Select(t => Tables.Single(x => x.Name == t)).Select(t => $"""
            DROP TRIGGER IF EXISTS {t.Name}_fts_ai; DROP TRIGGER IF EXISTS {t.Name}_fts_ad; DROP TRIGGER IF EXISTS {t.Name}_fts_au;
            DROP TABLE IF EXISTS {t.Fts};

            """));

    /// <summary>Fills the named tables' FTS tables from their rows.</summary>
    public static string RebuildFor(params string[] tables) =>
        string.Concat(tables.Select(t => Tables.Single(x => x.Name == t).Fts).Select(f => $"INSERT INTO {f}({f}) VALUES ('rebuild');\n"));

    private static string Ddl(Table t) => $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {t.Fts} USING fts5(SearchText, content='{t.Name}', content_rowid='rowid', tokenize='trigram');
        CREATE TRIGGER IF NOT EXISTS {t.Name}_fts_ai AFTER INSERT ON "{t.Name}" BEGIN
          INSERT INTO {t.Fts}(rowid, SearchText) VALUES (new.rowid, new.SearchText);
        END;
        CREATE TRIGGER IF NOT EXISTS {t.Name}_fts_ad AFTER DELETE ON "{t.Name}" BEGIN
          INSERT INTO {t.Fts}({t.Fts}, rowid, SearchText) VALUES ('delete', old.rowid, old.SearchText);
        END;
        CREATE TRIGGER IF NOT EXISTS {t.Name}_fts_au AFTER UPDATE OF {string.Join(", ", t.UpdatedBy.Select(c => $"\"{c}\""))} ON "{t.Name}" BEGIN
          INSERT INTO {t.Fts}({t.Fts}, rowid, SearchText) VALUES ('delete', old.rowid, old.SearchText);
          INSERT INTO {t.Fts}(rowid, SearchText) VALUES (new.rowid, new.SearchText);
        END;

        """;

    /// <summary>Re-creates missing triggers and, if any were missing, rebuilds the index from the tables.</summary>
    public static async Task EnsureAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) return;
        await SearchKeys.EnsureAsync(db, ct);
        var triggers = await db.Database
            .SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_a_'")
            .SingleAsync(ct);
        if (triggers == Tables.Count * 3) return;
        var all = Tables.Select(t => t.Name).ToArray();
        await db.Database.ExecuteSqlRawAsync(DdlFor(all), ct);
        await db.Database.ExecuteSqlRawAsync(RebuildFor(all), ct);
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
