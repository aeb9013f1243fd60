namespace Rapport.Core.Common;

/// <summary>Named counters (customer numbers, round-robin turns): one atomic upsert, the same SQL on both providers,
/// safe under concurrent callers and across app nodes.</summary>
public static class Sequences
{
    public static Task<long> NextAsync(RapportDbContext db, string key, CancellationToken ct) => ReserveAsync(db, key, 1, ct);

    /// <summary>Takes <paramref name="count"/> values at once and returns the last of them (the first is last − count + 1).</summary>
    public static async Task<long> ReserveAsync(RapportDbContext db, string key, long count, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<long>(
            $"INSERT INTO \"NumberSequences\" (\"Key\", \"Value\") VALUES ({key}, {count}) ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = \"NumberSequences\".\"Value\" + {count} RETURNING \"Value\"")
            .ToListAsync(ct);
        return next[0];
    }

    /// <summary><paramref name="count"/> consecutive numbers of a pattern in one statement (an import batch's new records).</summary>
    public static async Task<List<string>> ReserveNumbersAsync(RapportDbContext db, string pattern, DateTime now, int count, CancellationToken ct, string counter = "customer:")
    {
        var (key, format) = NumberPattern.Parse(pattern, now, counter);
        var last = await ReserveAsync(db, key, count, ct);
        return [.. Enumerable.Range(0, count).Select(i => format(last - count + 1 + i))];
    }

    /// <summary>The next document number from a pattern such as <c>Q-{yyyy}-{seq:00000}</c> (see
    /// <see cref="NumberPattern.Parse"/>): one counter per pattern and period, its key prefixed by <paramref name="counter"/>.</summary>
    public static async Task<string> NextNumberAsync(RapportDbContext db, string pattern, DateTime now, CancellationToken ct, string counter = "customer:")
    {
        var (key, format) = NumberPattern.Parse(pattern, now, counter);
        return format(await NextAsync(db, key, ct));
    }
}
