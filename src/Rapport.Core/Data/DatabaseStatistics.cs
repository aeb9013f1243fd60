using System.Diagnostics;

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
        SELECT i."name" AS "Value" FROM sqlite_master i JOIN sqlite_master t ON t."type" = 'table' AND t."name" = i."tbl_name"
        WHERE i."type" = 'index' AND t."sql" NOT LIKE 'CREATE VIRTUAL%'
        UNION ALL
        SELECT t."name" FROM sqlite_master t
        WHERE t."type" = 'table' AND t."name" NOT LIKE 'sqlite\_%' ESCAPE '\' AND t."sql" NOT LIKE 'CREATE VIRTUAL%'
          AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i."type" = 'index' AND i."tbl_name" = t."name")
        """;

    /// <summary>What a refresh did: how many indexes and tables it analysed, and its longest step — how long a write
    /// could have waited for it.</summary>
    public sealed record Run(int Steps, TimeSpan Longest, string? LongestStep);

    /// <summary>
    /// Refreshes SQLite's statistics through the app's connection, which knows the pinyin collation some indexes use
    /// (the <c>sqlite3</c> shell cannot analyse those); null on PostgreSQL. SQLite holds its write lock for the whole of
    /// an <c>ANALYZE</c> statement, and a bare one reads every index of the file: at 1M customers the app could save
    /// nothing for minutes (every write answered 503 after the 30 s lock wait). So each index is analysed in a
    /// transaction of its own that waits in the app's write line (ADR-050) like any save: writes take turns with the
    /// steps, and wait at most one step. <paramref name="stepped"/> runs after each step (tests).
    /// </summary>
    public static async Task<Run?> RefreshAsync(RapportDbContext db, CancellationToken ct, Func<string, Task>? stepped = null)
    {
        if (db.IsPostgres) return null;
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync(Unsampled, ct);
            var steps = await db.Database.SqlQueryRaw<string>(Steps).ToListAsync(ct);
            var longest = (Time: TimeSpan.Zero, Name: (string?)null);
            foreach (var name in steps)
            {
                var clock = Stopwatch.StartNew();
                // The name comes from sqlite_master, quoted as an identifier.
                var analyse = "ANALYZE \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await db.Database.ExecuteSqlRawAsync(analyse, ct);
                    await tx.CommitAsync(ct);
                }
                if (clock.Elapsed > longest.Time) longest = (clock.Elapsed, name);
                if (stepped is not null) await stepped(name);
            }
            return new Run(steps.Count, longest.Time, longest.Name);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
