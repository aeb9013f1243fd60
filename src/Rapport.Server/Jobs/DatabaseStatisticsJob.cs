namespace Rapport.Server.Jobs;

/// <summary>Once a night: refreshes SQLite's query-planner statistics in full (ADR-051), an index at a time, counted
/// by reading queries where it can, so that writes take turns with it. Nothing to do on PostgreSQL.</summary>
internal sealed class DatabaseStatisticsJob(RapportDbContext db, ILogger<DatabaseStatisticsJob> log) : ScopedJob<DatabaseStatisticsJob, DatabaseStatistics.Run?>
{
    protected override Task<DatabaseStatistics.Run?> RunAsync(CancellationToken ct) => DatabaseStatistics.RefreshAsync(db, ct);

    protected override void Log(DatabaseStatistics.Run? run)
    {
        if (run is not null)
            log.LogInformation("Analysed {Steps} indexes and tables ({Counted} indexes counted without the write lock); the longest step ({Step}) held the write lock for {Ms:F0} ms",
                run.Steps, run.Counted, run.LongestStep, run.Longest.TotalMilliseconds);
    }
}
