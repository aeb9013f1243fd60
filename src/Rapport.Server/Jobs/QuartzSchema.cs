using System.Data.Common;

namespace Rapport.Server.Jobs;

/// <summary>The scheduler's tables (<c>qrtz_*</c>), created by the script Quartz ships for each database. Every
/// statement in it is guarded (<c>CREATE TABLE IF NOT EXISTS</c>, <c>CREATE INDEX IF NOT EXISTS</c>), so running it
/// on every start, and on several nodes at once, creates only what is missing. Not an EF migration: the tables are
/// Quartz's, and follow its version, not our model.</summary>
internal static class QuartzSchema
{
    public const string TablePrefix = "qrtz_";

    public static async Task EnsureAsync(RapportDbContext db, CancellationToken ct)
    {
        var dialect = db.Database.IsNpgsql() ? "postgres" : "sqlite";
        var assembly = typeof(Quartz.IScheduler).Assembly;
        await using var stream = assembly.GetManifestResourceStream($"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql")
            ?? throw new InvalidOperationException($"Quartz {assembly.GetName().Version} ships no schema script for {dialect}.");
        using var reader = new StreamReader(stream);
        // {0} is the table prefix, {1} the same without a schema qualifier (for index names); ours has none.
        var script = (await reader.ReadToEndAsync(ct)).Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var statement in Statements(script))
            {
                await using DbCommand command = connection.CreateCommand();
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The script's statements: pieces between lines reading <c>--;;</c> that hold more than comments.</summary>
    private static IEnumerable<string> Statements(string script) =>
        script.ReplaceLineEndings("\n").Split("\n--;;\n")
            .Where(piece => piece.Split('\n').Any(line => line.Trim() is { Length: > 0 } l && !l.StartsWith("--", StringComparison.Ordinal)));
}
