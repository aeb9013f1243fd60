namespace Rapport.Core.Data;

/// <summary>The query planner's statistics. SQLite keeps none for a table until ANALYZE runs, and without them it
/// picks among indexes blindly: at 1M deals the pipeline board for one owner walked the whole pipeline's index
/// (1.5 s) instead of that owner's 20,000 deals. PostgreSQL's autovacuum analyses tables by itself, so there this
/// does nothing.</summary>
public static class DatabaseStatistics
{
    /// <summary>Rows ANALYZE reads per index on SQLite: enough for the planner to tell a selective index from a broad
    /// one, and quick however large the file (an exact ANALYZE reads every row of every index).</summary>
    public const int SampleRows = 1000;

    /// <summary>Refreshes SQLite's statistics (on the app's connection, which knows the pinyin collation some indexes
    /// use); returns whether it ran.</summary>
    public static async Task<bool> RefreshAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) return false;
        await db.Database.ExecuteSqlRawAsync($"PRAGMA analysis_limit = {SampleRows}; ANALYZE;", ct);
        return true;
    }
}
