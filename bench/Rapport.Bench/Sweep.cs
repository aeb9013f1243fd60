using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Data;
using Rapport.Core.ServiceDesk;

namespace Rapport.Bench;

/// <summary>Times the product's SLA sweep (warnings, breaches, escalations) on the generated cases through the
/// operator verb <c>rapport sla sweep</c>, which reports the sweep's own time, before the app starts (its
/// minute-by-minute job would otherwise sweep first): once over the backlog the generator leaves (every active case
/// past its due time, none stamped yet), then as the job runs in steady state (nothing new to stamp).</summary>
internal static partial class Sweep
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(DatabaseOptions db, bool reused, Func<Task<string>> sweepOnce, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(options, db);
        int open;
        await using (var ctx = new RapportDbContext(options.Options))
        {
            ctx.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            // A reused database was swept by the run that made it: unstamp it, so the backlog is there again.
            if (reused)
                await ctx.Cases.Where(c => c.FirstResponseBreachedAt != null || c.ResolutionBreachedAt != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.FirstResponseBreachedAt, (DateTime?)null).SetProperty(c => c.ResolutionBreachedAt, (DateTime?)null), ct);
            open = await ctx.Cases.CountAsync(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed, ct);
            // The load (or the reset) left a large write-ahead log: fold it into the database now, so the sweep's own
            // commit is not charged with copying it.
            if (db.Provider == DatabaseProvider.Sqlite) await ctx.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }

        var (backlogMs, backlog) = Parse(await sweepOnce());
        var results = new List<Measurement> { Job($"breach sweep, backlog ({open:N0} active, {backlog} stamped)", [backlogMs]) };
        var steady = new List<double>();
        for (var i = 0; i < 5; i++) steady.Add(Parse(await sweepOnce()).Ms);
        results.Add(Job($"breach sweep, steady state ({open:N0} active)", steady));
        return results;
    }

    [GeneratedRegex(@"(\d+) breached.* in ([\d.]+) ms")]
    private static partial Regex Said();

    private static (double Ms, string Breached) Parse(string output)
    {
        var m = Said().Match(output);
        if (!m.Success) throw new InvalidOperationException("rapport sla sweep said: " + output);
        return (double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture));
    }

    private static Measurement Job(string name, IReadOnlyList<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Measurement(name, "job", 1, sorted.Length, 0, At(0.5), At(0.95), At(0.99), 0, null);
    }
}
