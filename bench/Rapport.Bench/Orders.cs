using System.Data.Common;
using Rapport.Core.Data;

namespace Rapport.Bench;

/// <summary>Orders for the classification scenario, made by SQL from the generated customers: two in three customers
/// have bought once and one in two a second time (about 1.17 orders per customer), one order in seventeen cancelled,
/// totals 10 to 5,000 in the company currency (CNY), placed when the customer was created and, for the second order,
/// when it was last updated.</summary>
internal static class Orders
{
    public static async Task<long> EnsureAsync(DbConnection conn, DatabaseOptions db, CancellationToken ct)
    {
        var pg = db.Provider == DatabaseProvider.Postgres;
        // Both steps done before: keep them; one done (a run stopped in between): start again.
        if (Convert.ToInt64(await ScalarAsync(conn, "SELECT COUNT(*) FROM (SELECT 1 FROM \"Orders\" WHERE \"Number\" LIKE 'SO-%-2' LIMIT 1) x", ct), System.Globalization.CultureInfo.InvariantCulture) > 0)
            return Convert.ToInt64(await ScalarAsync(conn, "SELECT COUNT(*) FROM \"Orders\"", ct), System.Globalization.CultureInfo.InvariantCulture);
        await ExecAsync(conn, "DELETE FROM \"Orders\" WHERE \"Number\" LIKE 'SO-%'", ct);
        var n = pg ? "CAST(right(c.\"Number\", 7) AS INTEGER)" : "CAST(substr(c.\"Number\", -7) AS INTEGER)";
        // A second id per customer: the customer's id with its first eight hex digits (a v7 id's time) set to f's.
        var newId = pg ? "('ffffffff' || substr(c.\"Id\"::text, 9))::uuid" : "'FFFFFFFF' || substr(c.\"Id\", 9)";
        string Insert(string id, string suffix, string when, string filter) => $"""
            INSERT INTO "Orders" ("Id","Number","CustomerId","OwnerId","Currency","Status","SubtotalMinor","TaxMinor","TotalMinor","InvoicedMinor","CreatedAt")
            SELECT {id}, 'SO-' || c."Number" || '{suffix}', c."Id", c."OwnerId", 'CNY',
                CASE WHEN {n} % 17 = 0 THEN 'Cancelled' ELSE 'Fulfilled' END,
                ({n} % 500 + 1) * 1000, 0, ({n} % 500 + 1) * 1000, 0, {when}
            FROM "Customers" c WHERE {filter}
            """;
        await ExecAsync(conn, Insert("c.\"Id\"", "-1", "c.\"CreatedAt\"", $"{n} % 3 <> 0"), ct);
        await ExecAsync(conn, Insert(newId, "-2", "c.\"UpdatedAt\"", $"{n} % 2 = 0"), ct);
        return Convert.ToInt64(await ScalarAsync(conn, "SELECT COUNT(*) FROM \"Orders\"", ct), System.Globalization.CultureInfo.InvariantCulture);
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
        cmd.CommandTimeout = 1800;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
