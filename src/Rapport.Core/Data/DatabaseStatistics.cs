namespace Rapport.Core.Data;

/// <summary>The query planner's statistics. SQLite keeps none for a table until ANALYZE runs, and without them it
/// picks among indexes blindly: at 1M deals the pipeline board for one owner walked the whole pipeline's index
/// (1.5 s) instead of that owner's 20,000 deals. PostgreSQL's autovacuum analyses tables by itself, so there this
/// does nothing.</summary>
public static class DatabaseStatistics
{
    /// <summary>Rows ANALYZE reads per index on SQLite: enough for the planner to tell a selective index from a broad
    /// one.</summary>
    public const int SampleRows = 1000;

    /// <summary>What runs on SQLite: every table whose statistics are missing or out of date is analysed.</summary>
    public static readonly string SqliteRefresh = $"PRAGMA analysis_limit = {SampleRows}; PRAGMA optimize = 0x10002;";

    /// <summary>Refreshes SQLite's statistics where they are missing or out of date (<c>PRAGMA optimize</c> over every
    /// table, on the app's connection, which knows the pinyin collation some indexes use); returns whether it ran. A
    /// table analysed for the first time may be read in full (a 12 GB file took minutes), and SQLite holds its write
    /// lock meanwhile: this runs at night, not at start.</summary>
    public static async Task<bool> RefreshAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) return false;
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.ExecuteSqlRawAsync(SqliteRefresh, ct);
        return true;
    }
}
