namespace Rapport.Core.Data;

/// <summary>The query planner's statistics. SQLite keeps none for a table until ANALYZE runs, and without them it
/// picks among indexes blindly: at 1M deals the pipeline board for one owner walked the whole pipeline's index
/// (1.5 s) instead of that owner's 20,000 deals. PostgreSQL's autovacuum analyses tables by itself, so there this
/// does nothing.</summary>
public static class DatabaseStatistics
{
    /// <summary>What runs on SQLite: a full <c>ANALYZE</c>. A sampled one (<c>analysis_limit</c>, or <c>PRAGMA
    /// optimize</c>, which samples) is wrong for the columns lists filter on: at 1M customers it reported ~1,000 rows
    /// per value of <c>DeletedAt</c> (all of them are one value), and the planner then sorted every customer for each
    /// page of the list.</summary>
    public const string SqliteRefresh = "PRAGMA analysis_limit = 0; ANALYZE;";

    /// <summary>Refreshes SQLite's statistics through the app's connection, which knows the pinyin collation some
    /// indexes use (the <c>sqlite3</c> shell cannot analyse those); returns whether it ran. It reads every index in full
    /// and SQLite holds its write lock meanwhile (minutes on a 12 GB file): it runs at night, not at start.</summary>
    public static async Task<bool> RefreshAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) return false;
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.ExecuteSqlRawAsync(SqliteRefresh, ct);
        return true;
    }
}
