namespace Rapport.Core.Common;

/// <summary>Named counters (customer numbers, round-robin turns): one atomic upsert, the same SQL on both providers,
/// safe under concurrent callers and across app nodes.</summary>
public static class Sequences
{
    public static async Task<long> NextAsync(RapportDbContext db, string key, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<long>(
            $"INSERT INTO \"NumberSequences\" (\"Key\", \"Value\") VALUES ({key}, 1) ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = \"NumberSequences\".\"Value\" + 1 RETURNING \"Value\"")
            .ToListAsync(ct);
        return next[0];
    }

    /// <summary>The next document number from a pattern such as <c>Q-{yyyy}-{seq:00000}</c> (see
    /// <see cref="NumberPattern.Parse"/>): one counter per pattern and period, its key prefixed by <paramref name="counter"/>.</summary>
    public static async Task<string> NextNumberAsync(RapportDbContext db, string pattern, DateTime now, CancellationToken ct, string counter = "customer:")
    {
        var (key, format) = NumberPattern.Parse(pattern, now, counter);
        return format(await NextAsync(db, key, ct));
    }
}
