using System.Data.Common;
using Rapport.Core.Data;

namespace Rapport.Bench;

/// <summary>One deal per customer for the report scenario, made by SQL from the generated customers once the app has
/// seeded the default pipeline: stages spread evenly (won and lost ones closed), one in seven in USD, amounts 100 to
/// 100,000, nine in ten with an expected close date.</summary>
internal static class Deals
{
    public static async Task EnsureAsync(DbConnection conn, DatabaseOptions db, CancellationToken ct)
    {
        var pg = db.Provider == DatabaseProvider.Postgres;
        if (Convert.ToInt64(await ScalarAsync(conn, "SELECT COUNT(*) FROM \"Opportunities\"", ct), System.Globalization.CultureInfo.InvariantCulture) > 0) return;
        var stages = new List<(Guid Id, Guid Pipeline, string Kind)>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT \"Id\", \"PipelineId\", \"Kind\" FROM \"PipelineStages\" ORDER BY \"PipelineId\", \"Order\"";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) stages.Add((r.GetFieldValue<Guid>(0), r.GetFieldValue<Guid>(1), r.GetString(2)));
        }
        stages = stages.Where(s => s.Pipeline == stages[0].Pipeline).ToList();
        string Lit(Guid g) => pg ? $"'{g}'::uuid" : $"'{g.ToString().ToUpperInvariant()}'";
        var n = pg ? "CAST(right(c.\"Number\", 7) AS INTEGER)" : "CAST(substr(c.\"Number\", -7) AS INTEGER)";
        var stage = "CASE " + n + " % " + stages.Count + string.Concat(stages.Select((s, i) => $" WHEN {i} THEN {Lit(s.Id)}")) + " END";
        // Nine deals in ten expect to close 30 to 209 days after they were opened; the tenth has no date.
        var days = $"30 + {n} % 180";
        var closeDate = pg ? $"(c.\"CreatedAt\" + ({days}) * interval '1 day')::date" : $"date(substr(c.\"CreatedAt\", 1, 10), '+' || ({days}) || ' days')";
        closeDate = $"CASE WHEN {n} % 10 = 0 THEN NULL ELSE {closeDate} END";
        // On PostgreSQL the rollup's row trigger (ADR-045) would run a million times inside one statement and exhaust the
        // lock table: the deals go in with triggers off for this session, and the rollup is then rebuilt from them, as
        // `rapport reports rebuild-rollup` does.
        if (pg) await ExecAsync(conn, "SET session_replication_role = replica", ct);
        await ExecAsync(conn, $"""
            INSERT INTO "Opportunities" ("Id","Name","CustomerId","OwnerId","PipelineId","StageId","AmountMinor","Currency","Probability","ForecastCategory",
                "ExpectedCloseDate","StageEnteredAt","CreatedAt","UpdatedAt","Version")
            SELECT c."Id", 'Deal ' || c."Number", c."Id", c."OwnerId", {Lit(stages[0].Pipeline)}, {stage}, ({n} % 1000 + 1) * 10000,
                CASE WHEN {n} % 7 = 0 THEN 'USD' ELSE 'CNY' END, 50, 'Pipeline', {closeDate}, c."CreatedAt", c."CreatedAt", c."CreatedAt", 1
            FROM "Customers" c
            """, ct);
        var closed = string.Join(",", stages.Where(s => s.Kind != "Open").Select(s => Lit(s.Id)));
        if (closed.Length > 0) await ExecAsync(conn, $"UPDATE \"Opportunities\" SET \"ClosedAt\" = \"CreatedAt\" WHERE \"StageId\" IN ({closed})", ct);
        // The generator analyses what it makes; these deals come after it (ADR-051).
        if (!pg)
        {
            await ExecAsync(conn, "ANALYZE \"Opportunities\"", ct);
            return;
        }
        await ExecAsync(conn, "SET session_replication_role = DEFAULT", ct);
        await ExecAsync(conn, "BEGIN;\n" + Rapport.Core.Reports.DealRollupSchema.Rebuild(postgres: true) + "COMMIT;", ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task ExecAsync(DbConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
