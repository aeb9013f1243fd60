using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Rapport.Core.Data;

/// <summary>
/// Exact keys for the search terms the trigram indexes answer badly (ADR-049), in one B-tree per database:
/// <list type="bullet">
/// <item>every suffix of every run of digits in a row's <c>SearchText</c>, so a digits-only term (a phone fragment
/// from its start, end or middle, a number's digits) is a range seek: "the text contains 7065823" is exactly "some
/// key starts with 7065823", because a match of digits can only lie inside one run. Digit trigrams are few and
/// common, so each has a long posting list;</item>
/// <item>every pair of adjacent characters with one outside ASCII (Chinese bigrams), so a two-character Chinese term is
/// one lookup instead of a <c>LIKE</c> scan (trigram indexes need three characters).</item>
/// </list>
/// Triggers keep the keys in step with the rows on both databases. A key never holds a space; digit keys are
/// <see cref="MinDigits"/> to <see cref="MaxKey"/> ASCII digits, pair keys two characters, so the two never meet.
/// </summary>
public static class SearchKeys
{
    public const int MinDigits = 4;
    public const int MaxKey = 32;
    public const string TableName = "SearchKeys";
    private const string KeyFunction = "rapport_search_keys";
    private static readonly string DigitRun = "[0-9]{" + MinDigits.ToString(CultureInfo.InvariantCulture) + ",}";

    /// <summary>The tables with keys and the number that tells their keys apart.</summary>
    public static readonly IReadOnlyDictionary<string, int> Kinds = new Dictionary<string, int>
    {
        ["Customers"] = 0,
        ["Contacts"] = 1,
    };

    /// <summary>Every distinct key of <paramref name="text"/>: each suffix of at least <see cref="MinDigits"/> digits
    /// of each run of ASCII digits, cut to <see cref="MaxKey"/>; and each pair of adjacent characters (code points)
    /// with one outside ASCII and no space. The PostgreSQL function <c>rapport_search_keys</c> is the same rule in SQL.</summary>
    public static IReadOnlyCollection<string> Keys(string? text)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text)) return keys;
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsAsciiDigit(text[i])) { i++; continue; }
            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            for (var s = i; end - s >= MinDigits; s++)
                keys.Add(text.Substring(s, Math.Min(MaxKey, end - s)));
            i = end;
        }
        Rune? previous = null;
        foreach (var rune in text.EnumerateRunes())
        {
            if (previous is { } p && IsPair(p, rune)) keys.Add(p.ToString() + rune.ToString());
            previous = rune;
        }
        return keys;
    }

    private static bool IsPair(Rune a, Rune b) => (!a.IsAscii || !b.IsAscii) && a.Value != ' ' && b.Value != ' ';

    /// <summary>The normalised term when the keys answer it (4–32 digits, or two characters with one outside ASCII);
    /// otherwise null.</summary>
    public static string? TermOf(string normalized)
    {
        if (normalized.Length is >= MinDigits and <= MaxKey && normalized.All(char.IsAsciiDigit)) return normalized;
        var runes = normalized.EnumerateRunes().ToArray();
        return runes.Length == 2 && IsPair(runes[0], runes[1]) ? normalized : null;
    }

    /// <summary>Registers the key function the SQLite triggers call. Every connection that writes customers or
    /// contacts needs it (the app's connections get it from <see cref="DatabaseSetup"/>).</summary>
    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string>(KeyFunction, t => JsonSerializer.Serialize(Keys(t)), isDeterministic: true);

    /// <summary>A row's keys as SQL rows (<c>value</c>), for the SQLite triggers and rebuild.</summary>
    private static string SqliteKeysOf(string text) => $"SELECT value FROM json_each({KeyFunction}({text}))";

    /// <summary>Idempotent SQLite DDL: the key table and each table's triggers.</summary>
    public static string SqliteDdl =>
        $"CREATE TABLE IF NOT EXISTS \"{TableName}\" (\"Kind\" INTEGER NOT NULL, \"Key\" TEXT NOT NULL, \"OwnerId\" TEXT NOT NULL, " +
        "PRIMARY KEY (\"Kind\", \"Key\", \"OwnerId\")) WITHOUT ROWID;\n" +
        string.Concat(Kinds.Select(k => $"""
            CREATE TRIGGER IF NOT EXISTS {k.Key}_keys_ai AFTER INSERT ON "{k.Key}" BEGIN
              {SqliteInsert(k.Value, "new")}
            END;
            CREATE TRIGGER IF NOT EXISTS {k.Key}_keys_ad AFTER DELETE ON "{k.Key}" BEGIN
              {SqliteDelete(k.Value, "old")}
            END;
            CREATE TRIGGER IF NOT EXISTS {k.Key}_keys_au AFTER UPDATE OF "SearchText" ON "{k.Key}" WHEN old."SearchText" IS NOT new."SearchText" BEGIN
              {SqliteDelete(k.Value, "old")}
              {SqliteInsert(k.Value, "new")}
            END;

            """));

    private static string SqliteInsert(int kind, string row) =>
        $"INSERT OR IGNORE INTO \"{TableName}\" (\"Kind\", \"Key\", \"OwnerId\") SELECT {kind}, value, {row}.\"Id\" FROM json_each({KeyFunction}({row}.\"SearchText\"));";

    private static string SqliteDelete(int kind, string row) =>
        $"DELETE FROM \"{TableName}\" WHERE \"Kind\" = {kind} AND \"OwnerId\" = {row}.\"Id\" AND \"Key\" IN ({SqliteKeysOf($"{row}.\"SearchText\"")});";

    /// <summary>Drops the SQLite triggers (a bulk load runs without them, then <see cref="SqliteRebuild"/>).</summary>
    public static string SqliteDropTriggers =>
        string.Concat(Kinds.Keys.Select(t => $"DROP TRIGGER IF EXISTS {t}_keys_ai; DROP TRIGGER IF EXISTS {t}_keys_ad; DROP TRIGGER IF EXISTS {t}_keys_au;\n"));

    public static string SqliteDrop => SqliteDropTriggers + $"DROP TABLE IF EXISTS \"{TableName}\";\n";

    /// <summary>Fills the keys again from the rows (after a bulk load, or when triggers were found missing).</summary>
    public static string SqliteRebuild =>
        $"DELETE FROM \"{TableName}\";\n" + string.Concat(Kinds.Select(k =>
            $"INSERT OR IGNORE INTO \"{TableName}\" (\"Kind\", \"Key\", \"OwnerId\") SELECT {k.Value}, j.value, t.\"Id\" " +
            $"FROM \"{k.Key}\" AS t, json_each({KeyFunction}(t.\"SearchText\")) AS j ORDER BY 2, 3;\n")); // in key order: appended, not scattered

    /// <summary>The PostgreSQL migration: the key table (byte order, so a range is a prefix), the key function, one
    /// trigger function, each table's triggers, the keys of the rows already there (each row's keys are distinct and
    /// each row has its own id, so nothing conflicts), and then the primary key, built once by sorting rather than
    /// row by row.</summary>
    public static string PostgresDdl =>
        $"""
        CREATE TABLE "{TableName}" ("Kind" smallint NOT NULL, "Key" text COLLATE "C" NOT NULL, "OwnerId" uuid NOT NULL);
        CREATE OR REPLACE FUNCTION rapport_search_keys(t text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
          SELECT left(substr(r[1], i), {MaxKey})
          FROM regexp_matches(coalesce(t, ''), '{DigitRun}', 'g') AS r, generate_series(1, length(r[1]) - {MinDigits - 1}) AS i
          UNION
          SELECT p FROM generate_series(1, length(t) - 1) AS i, substr(t, i, 2) AS p
          WHERE octet_length(p) > 2 AND strpos(p, ' ') = 0
        $f$;
        CREATE OR REPLACE FUNCTION rapport_search_keys_trigger() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            DELETE FROM "{TableName}" WHERE "Kind" = TG_ARGV[0]::smallint AND "OwnerId" = OLD."Id"
              AND "Key" IN (SELECT rapport_search_keys(OLD."SearchText"));
          END IF;
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO "{TableName}" ("Kind", "Key", "OwnerId")
              SELECT TG_ARGV[0]::smallint, k, NEW."Id" FROM rapport_search_keys(NEW."SearchText") AS k ON CONFLICT DO NOTHING;
          END IF;
          RETURN NULL;
        END
        $f$;

        """ + string.Concat(Kinds.Select(k => $"""
            DROP TRIGGER IF EXISTS "{k.Key}_keys_aid" ON "{k.Key}";
            CREATE TRIGGER "{k.Key}_keys_aid" AFTER INSERT OR DELETE ON "{k.Key}" FOR EACH ROW EXECUTE FUNCTION rapport_search_keys_trigger('{k.Value}');
            DROP TRIGGER IF EXISTS "{k.Key}_keys_au" ON "{k.Key}";
            CREATE TRIGGER "{k.Key}_keys_au" AFTER UPDATE OF "SearchText" ON "{k.Key}" FOR EACH ROW
              WHEN (OLD."SearchText" IS DISTINCT FROM NEW."SearchText") EXECUTE FUNCTION rapport_search_keys_trigger('{k.Value}');

            """)) + PostgresFill;

    /// <summary>Every row's keys inserted (the table is empty), then the primary key built once by sorting.</summary>
    private static string PostgresFill =>
        string.Concat(Kinds.Select(k =>
            $"INSERT INTO \"{TableName}\" (\"Kind\", \"Key\", \"OwnerId\") SELECT {k.Value}, k, t.\"Id\" FROM \"{k.Key}\" AS t, rapport_search_keys(t.\"SearchText\") AS k;\n")) +
        $"ALTER TABLE \"{TableName}\" ADD CONSTRAINT \"PK_{TableName}\" PRIMARY KEY (\"Kind\", \"Key\", \"OwnerId\");\n";

    /// <summary>PostgreSQL: the keys read again from the rows, for a bulk load that ran with triggers off
    /// (<c>session_replication_role = replica</c>). Without the primary key meanwhile, so the keys go in unsorted and the
    /// index is built once.</summary>
    public static string PostgresRebuild =>
        $"ALTER TABLE \"{TableName}\" DROP CONSTRAINT IF EXISTS \"PK_{TableName}\";\nTRUNCATE \"{TableName}\";\n" + PostgresFill;

    public static string PostgresDrop =>
        string.Concat(Kinds.Keys.Select(t => $"DROP TRIGGER IF EXISTS \"{t}_keys_aid\" ON \"{t}\"; DROP TRIGGER IF EXISTS \"{t}_keys_au\" ON \"{t}\";\n")) +
        $"DROP FUNCTION IF EXISTS rapport_search_keys_trigger(); DROP FUNCTION IF EXISTS rapport_search_keys(text); DROP TABLE IF EXISTS \"{TableName}\";\n";

    /// <summary>The ids of <paramref name="table"/>'s rows whose text holds a term <see cref="TermOf"/> accepts, as
    /// SQL with parameters {0} and {1} (the range of keys that start with the term: for a pair, the pair itself). The
    /// kind and names come from code.</summary>
    public static string OwnersSql(string table) =>
        $"SELECT \"OwnerId\" FROM \"{TableName}\" WHERE \"Kind\" = {Kinds[table]} AND \"Key\" >= {{0}} AND \"Key\" < {{1}}";

    /// <summary>The range's upper end: every key that starts with the term sorts below it (a digit key goes on with
    /// digits; no key goes on after a pair).</summary>
    public static string UpperOf(string term) => term + "~";

    /// <summary>Re-creates missing SQLite triggers and, if any were missing, rebuilds the keys from the rows (a
    /// migration that rebuilds a table drops its triggers).</summary>
    public static async Task EnsureAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) return;
        var triggers = await db.Database
            .SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_keys_a_'")
            .SingleAsync(ct);
        if (triggers == Kinds.Count * 3) return;
        await db.Database.ExecuteSqlRawAsync(SqliteDdl, ct);
        await db.Database.ExecuteSqlRawAsync(SqliteRebuild, ct);
    }
}
