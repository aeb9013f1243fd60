namespace Rapport.Server.Jobs;

/// <summary>Once a night: refreshes SQLite's query-planner statistics with a full ANALYZE (ADR-051), so plans follow
/// the data as it grows. Nothing to do on PostgreSQL.</summary>
internal sealed class DatabaseStatisticsJob(RapportDbContext db) : ScopedJob<DatabaseStatisticsJob, bool>
{
    protected override Task<bool> RunAsync(CancellationToken ct) => DatabaseStatistics.RefreshAsync(db, ct);
}
