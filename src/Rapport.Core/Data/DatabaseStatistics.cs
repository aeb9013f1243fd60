using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Rapport.Core.Data;

/// <summary>The query planner's statistics. SQLite keeps none for a table until ANALYZE runs, and without them it
/// picks among indexes blindly: at 1M deals the pipeline board for one owner walked the whole pipeline's index
/// (1.5 s) instead of that owner's 20,000 deals. PostgreSQL's autovacuum analyses tables by itself, so there this
/// does nothing.</summary>
public static class DatabaseStatistics
{
    /// <summary>Full statistics: a sampled ANALYZE (<c>analysis_limit</c>, or <c>PRAGMA optimize</c>, which samples)
    /// is wrong for the columns lists filter on: at 1M customers it reported ~1,000 rows per value of
    /// <c>DeletedAt</c> (all of them are one value), and the planner then sorted every customer for each page of the
    /// list.</summary>
    private const string Unsampled = "PRAGMA analysis_limit = 0;";

    /// <summary>What one refresh analyses, one step each: every index of an ordinary table, and each ordinary table
    /// without an index (its row count). The same statistics a bare <c>ANALYZE</c> writes; virtual tables (FTS5) have
    /// none, their shadow tables are ordinary.</summary>
    private const string Steps = """
        SELECT i."name", i."tbl_name", 1 FROM sqlite_master i JOIN sqlite_master t ON t."type" = 'table' AND t."name" = i."tbl_name"
        WHERE i."type" = 'index' AND t."sql" NOT LIKE 'CREATE VIRTUAL%'
        UNION ALL
        SELECT t."name", t."name", 0 FROM sqlite_master t
        WHERE t."type" = 'table' AND t."name" NOT LIKE 'sqlite\_%' ESCAPE '\' AND t."sql" NOT LIKE 'CREATE VIRTUAL%'
          AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i."type" = 'index' AND i."tbl_name" = t."name")
        """;

    /// <summary>What a refresh did: how many indexes and tables it analysed, of which how many it counted with
    /// reading queries, and its longest step — how long it held the write lock at most, which is how long a save
    /// could have waited for it.</summary>
    public sealed record Run(int Steps, int Counted, TimeSpan Longest, string? LongestStep);

    /// <summary>
    /// Refreshes SQLite's statistics through the app's connection, which knows the pinyin collation some indexes use
    /// (the <c>sqlite3</c> shell cannot analyse those); null on PostgreSQL. SQLite holds its write lock for the whole of
    /// an <c>ANALYZE</c> statement, and at 10M interactions one index takes 40–100 s to read: every save meanwhile
    /// waited the 30 s lock wait out and answered 503. So the figures of an index on plain columns (and of a WITHOUT
    /// ROWID table's primary key: the phone and email digit keys, 40M entries at 1M customers), and the rows of a table
    /// without an index (the full-text index's shadow tables), are counted by reading queries, which take no lock (WAL), and only the finished row of <c>sqlite_stat1</c> is written, in a
    /// transaction of its own that waits in the app's write line (ADR-050) like any save. What those queries cannot
    /// reproduce (an index on expressions, a partial index, the first run, which creates <c>sqlite_stat1</c>) is
    /// analysed by <c>ANALYZE "index"</c> in such a transaction. Afterwards the connection pool is cleared: SQLite
    /// reads the statistics when a connection loads the schema, so pooled connections would keep planning with the
    /// old ones. <paramref name="stepped"/> runs after each step with its name and whether it was counted (tests).
    /// </summary>
    public static async Task<Run?> RefreshAsync(RapportDbContext db, CancellationToken ct, Func<string, bool, Task>? stepped = null)
    {
        if (db.IsPostgres) return null;
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        try
        {
            await db.Database.ExecuteSqlRawAsync(Unsampled, ct);
            var steps = await ReadAsync(connection, Steps, r => (Name: r.GetString(0), Table: r.GetString(1), Index: r.GetInt64(2) == 1), ct);
            var counted = await ReadAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE \"name\" = 'sqlite_stat1'", r => r.GetInt64(0) > 0, ct);
            var longest = (Time: TimeSpan.Zero, Name: (string?)null);
            var read = 0;
            foreach (var (name, table, index) in steps)
            {
                // A WITHOUT ROWID table is its own index (its primary key's B-tree), analysed under the table's name. A
                // table without an index (FTS5's shadow tables: 5 s under the lock for the contacts' at 1M) has its rows
                // counted, the one figure ANALYZE writes for it, under no index name.
                var keyed = index || (await ReadAsync(connection, "SELECT \"wr\" FROM pragma_table_list WHERE \"name\" = $table", r => r.GetInt64(0), ct, table)) is [1];
                var figures = !counted[0] ? null : keyed ? await FiguresAsync(connection, table, name, ct) : await RowsAsync(connection, table, ct);
                if (figures is not null) read++;
                var clock = Stopwatch.StartNew();
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    if (figures is null)
                    {
                        // The name comes from sqlite_master, quoted as an identifier.
                        var analyse = "ANALYZE " + Quote(name);
                        await db.Database.ExecuteSqlRawAsync(analyse, ct);
                    }
                    else
                    {
                        var idx = keyed ? name : null;
                        await db.Database.ExecuteSqlAsync($"DELETE FROM sqlite_stat1 WHERE \"tbl\" = {table} AND \"idx\" IS {idx}", ct);
                        await db.Database.ExecuteSqlAsync($"INSERT INTO sqlite_stat1 (\"tbl\", \"idx\", \"stat\") VALUES ({table}, {idx}, {figures})", ct);
                    }
                    await tx.CommitAsync(ct);
                }
                if (clock.Elapsed > longest.Time) longest = (clock.Elapsed, name);
                if (stepped is not null) await stepped(name, figures is not null);
            }
            SqliteConnection.ClearPool(connection);
            return new Run(steps.Count, read, longest.Time, longest.Name);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The row <c>ANALYZE</c> would write for an index on plain columns, counted by queries that only read: the number
    /// of entries, then for each leading group of key columns the average number of entries per distinct value
    /// (rounded up, NULLs alike, in the index's collations), as SQLite's own analysis computes it. A WITHOUT ROWID
    /// table (<paramref name="index"/> is its name) is counted by its primary key. Null for an index these queries
    /// cannot reproduce (expressions, a WHERE clause) or an empty one.
    /// </summary>
    private static async Task<string?> FiguresAsync(SqliteConnection connection, string table, string index, CancellationToken ct)
    {
        var partial = index == table ? [0L]
            : await ReadAsync(connection, "SELECT \"partial\" FROM pragma_index_list($table) WHERE \"name\" = $index", r => r.GetInt64(0), ct, table, index);
        var columns = await ReadAsync(connection, "SELECT \"cid\", \"name\", \"coll\" FROM pragma_index_xinfo($index) WHERE \"key\" = 1 ORDER BY \"seqno\"",
            r => (Cid: r.GetInt64(0), Name: r.IsDBNull(1) ? null : r.GetString(1), Collation: r.GetString(2)), ct, index: index);
        if (partial is not [0] || columns.Count == 0 || columns.Any(c => c.Cid < 0 || c.Name is null)) return null;
        var key = await ReadAsync(connection, "SELECT \"name\" FROM pragma_table_info($table) WHERE \"pk\" > 0", r => r.GetString(0), ct, table);

        var entries = (await ReadAsync(connection, "SELECT COUNT(*) FROM " + Quote(table), r => r.GetInt64(0), ct))[0];
        if (entries == 0) return null;
        var figures = new List<long> { entries };
        var distinct = 0L;
        for (var n = 1; n <= columns.Count; n++)
        {
            var prefix = columns.Take(n).ToList();
            // Once the group is unique (it holds the primary key, or an earlier group already was), so is every longer one.
            if (distinct < entries && !(key.Count > 0 && key.All(k => prefix.Any(c => c.Name == k))))
            {
                var groups = string.Join(", ", prefix.Select(c => Quote(c.Name!) + " COLLATE " + Quote(c.Collation)));
                var source = index == table ? Quote(table) : Quote(table) + " INDEXED BY " + Quote(index);
                distinct = (await ReadAsync(connection, $"SELECT COUNT(*) FROM (SELECT 1 FROM {source} GROUP BY {groups})", r => r.GetInt64(0), ct))[0];
            }
            else distinct = entries;
            var average = (entries + distinct - 1) / distinct;
            figures.Add(average == 2 && entries * 10 <= distinct * 11 ? 1 : average);
        }
        return string.Join(' ', figures.Select(f => f.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The row <c>ANALYZE</c> writes for a table without an index: its number of rows. Null for an empty
    /// table, for which it writes none.</summary>
    private static async Task<string?> RowsAsync(SqliteConnection connection, string table, CancellationToken ct)
    {
        var rows = (await ReadAsync(connection, "SELECT COUNT(*) FROM " + Quote(table), r => r.GetInt64(0), ct))[0];
        return rows == 0 ? null : rows.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a reading query; the table and index names go in as <c>$table</c> and <c>$index</c> parameters
    /// where the query names them as values (the pragma functions take them so).</summary>
    private static async Task<List<T>> ReadAsync<T>(SqliteConnection connection, string sql, Func<DbDataReader, T> row, CancellationToken ct,
        string? table = null, string? index = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (table is not null) command.Parameters.AddWithValue("$table", table);
        if (index is not null) command.Parameters.AddWithValue("$index", index);
        command.CommandTimeout = (int)DatabaseSetup.MigrationTimeout.TotalSeconds;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        return rows;
    }

    /// <summary>A name from <c>sqlite_master</c> as an identifier.</summary>
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
