using Rapport.Core.Customers;

namespace Rapport.Core.Quality;

/// <summary>Finds candidate duplicate customers for the review list: fills the name keys of customers saved without
/// them, pairs customers within each block (same email or phone, same normalised name, same name prefix and city) in
/// SQL, scores each pair, and keeps the list in step: new pairs added, open ones rescored or dropped when they no
/// longer match, dismissed and merged ones left as decided. Runs as the system (every customer).</summary>
public sealed class DuplicateScan(RapportDbContext db, TimeProvider clock, IOptions<QualityOptions> options)
{
    private const int Batch = 500;

    /// <summary>One scan at a time in this process: a scan started by hand while the nightly one runs waits for it, so
    /// the two never add or drop the same pairs.</summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<DuplicateScanResult> RunAsync(CancellationToken ct)
    {
        await OneAtATime.WaitAsync(ct);
        try { return await ScanAsync(ct); }
        finally { OneAtATime.Release(); }
    }

    private async Task<DuplicateScanResult> ScanAsync(CancellationToken ct)
    {
        // A bulk pass over every customer: the 30-second default of a request's command would fail it on a large or
        // busy database.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var backfilled = await BackfillAsync(ct);
        var found = new Dictionary<(Guid, Guid), (DuplicateReasons Reasons, string NameA, string NameB)>();
        await foreach (var c in db.Database.SqlQueryRaw<Candidate>(CandidatesSql(options.Value.BlockMax)).AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = DuplicatePair.Order(c.A, c.B);
            var reasons = found.TryGetValue(key, out var seen) ? seen.Reasons : DuplicateReasons.None;
            found[key] = (reasons | (DuplicateReasons)c.Reason, c.NameA, c.NameB);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var known = await db.DuplicatePairs.ToDictionaryAsync(p => (p.CustomerAId, p.CustomerBId), ct);
        var added = 0;
        foreach (var (key, f) in found)
        {
            var score = DuplicateScore.Of(f.Reasons, MatchKeys.Similarity(f.NameA, f.NameB));
            if (known.Remove(key, out var pair))
            {
                if (pair.Status == DuplicatePairStatus.Open && (pair.Score != score || pair.Reasons != f.Reasons)) pair.Rescore(f.Reasons, score);
                continue;
            }
            var fresh = new DuplicatePair { CustomerAId = key.Item1, CustomerBId = key.Item2, FoundAt = now };
            fresh.Rescore(f.Reasons, score);
            db.DuplicatePairs.Add(fresh);
            if (++added % Batch == 0) await db.SaveChangesAsync(ct);
        }
        // Open pairs the scan no longer finds (a phone was corrected, a customer deleted) leave the list; decisions stay.
        // Dropped by id, set-based: a pair already gone (its customer purged meanwhile) is no error.
        var stale = known.Values.Where(p => p.Status == DuplicatePairStatus.Open).Select(p => p.Id).ToList();
        await db.SaveChangesAsync(ct);
        foreach (var chunk in stale.Chunk(Batch))
            await db.DuplicatePairs.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        return new DuplicateScanResult(backfilled, found.Count, added, stale.Count);
    }

    /// <summary>Customers without name keys (written before the keys existed, or around EF): computed here and
    /// written without touching the record's version or stamps.</summary>
    private async Task<int> BackfillAsync(CancellationToken ct)
    {
        var done = 0;
        // Names with nothing left to match on ("!!!") keep no key; remembered so the loop moves past them.
        var keyless = new List<Guid>();
        while (true)
        {
            var rows = await db.Customers.IgnoreQueryFilters().AsNoTracking()
                .Where(c => EF.Property<string?>(c, CustomerMatchConfiguration.MatchName) == null && !keyless.Contains(c.Id))
                .OrderBy(c => c.Id).Take(Batch).ToListAsync(ct);
            if (rows.Count == 0) return done;
            foreach (var c in rows)
            {
                var (name, block) = MatchKeyInterceptor.KeysOf(c);
                if (name is null) { keyless.Add(c.Id); continue; }
                done += await db.Customers.IgnoreQueryFilters().Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => EF.Property<string?>(x, CustomerMatchConfiguration.MatchName), name)
                    .SetProperty(x => EF.Property<string?>(x, CustomerMatchConfiguration.MatchBlock), block), ct);
            }
        }
    }

    private sealed class Candidate
    {
        public Guid A { get; init; }
        public Guid B { get; init; }
        public int Reason { get; init; }
        public string NameA { get; init; } = "";
        public string NameB { get; init; } = "";
    }

    // Plain SQL that reads the same on SQLite and PostgreSQL: each block is a self-join on an indexed key, limited to
    // blocks no larger than BlockMax, live customers only, each pair once (a < b).
    private static string CandidatesSql(int max)
    {
        string ByColumn(string column, DuplicateReasons reason) => $"""
            SELECT a."Id" AS "A", b."Id" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "Customers" a JOIN "Customers" b ON b."{column}" = a."{column}" AND a."Id" < b."Id"
            WHERE a."DeletedAt" IS NULL AND b."DeletedAt" IS NULL AND a."{column}" IN
              (SELECT "{column}" FROM "Customers" WHERE "DeletedAt" IS NULL AND "{column}" IS NOT NULL GROUP BY "{column}" HAVING COUNT(*) <= {max})
            """;
        string ByChannel(ChannelKind kind, DuplicateReasons reason) => $"""
            SELECT x."CustomerId" AS "A", y."CustomerId" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "CustomerChannels" x
              JOIN "CustomerChannels" y ON y."Kind" = x."Kind" AND y."Value" = x."Value" AND x."CustomerId" < y."CustomerId"
              JOIN "Customers" a ON a."Id" = x."CustomerId" JOIN "Customers" b ON b."Id" = y."CustomerId"
            WHERE x."Kind" = '{kind}' AND a."DeletedAt" IS NULL AND b."DeletedAt" IS NULL AND x."Value" IN
              (SELECT "Value" FROM "CustomerChannels" WHERE "Kind" = '{kind}' GROUP BY "Value" HAVING COUNT(*) <= {max})
            """;
        return string.Join("\nUNION ALL\n",
            ByColumn(CustomerMatchConfiguration.MatchName, DuplicateReasons.Name),
            ByColumn(CustomerMatchConfiguration.MatchBlock, DuplicateReasons.NameAndCity),
            ByChannel(ChannelKind.Email, DuplicateReasons.Email),
            ByChannel(ChannelKind.Phone, DuplicateReasons.Phone));
    }
}
