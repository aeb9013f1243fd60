using Rapport.Core.Customers;
using Rapport.Core.Leads;

namespace Rapport.Core.Quality;

/// <summary>Finds candidate duplicate customers, contacts and leads for the review list: fills the blocking keys of rows
/// saved without them, pairs the records within each block in SQL (customers: same email or phone, same normalised
/// name, same name prefix and city; contacts: any same email or phone anywhere, same name within one customer;
/// leads: same email, phone, or company and name), scores each pair, and keeps the list in step: new pairs added, open
/// ones rescored or dropped when they no longer match, dismissed and merged ones left as decided. Records whose
/// processing is restricted (the customer, or the contact's customer) are left out. Runs as the system (every
/// record).</summary>
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
        // A bulk pass over every record: the 30-second default of a request's command would fail it on a large or busy
        // database.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var backfilled = await BackfillCustomersAsync(ct) + await BackfillContactsAsync(ct) + await BackfillLeadsAsync(ct);
        var found = new Dictionary<(DuplicateKind, Guid, Guid), (DuplicateReasons Reasons, string NameA, string NameB)>();
        var max = options.Value.BlockMax;
        foreach (var (kind, sql) in new[] { (DuplicateKind.Customer, CustomersSql(max)), (DuplicateKind.Contact, ContactsSql(max, db.IsPostgres)), (DuplicateKind.Lead, LeadsSql(max)) })
        {
            await foreach (var c in db.Database.SqlQueryRaw<Candidate>(sql).AsAsyncEnumerable().WithCancellation(ct))
            {
                var (a, b) = DuplicatePair.Order(c.A, c.B);
                var key = (kind, a, b);
                var reasons = found.TryGetValue(key, out var seen) ? seen.Reasons : DuplicateReasons.None;
                found[key] = (reasons | (DuplicateReasons)c.Reason, c.NameA, c.NameB);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var known = await db.DuplicatePairs.ToDictionaryAsync(p => (p.Kind, p.AId, p.BId), ct);
        var added = 0;
        foreach (var (key, f) in found)
        {
            var score = DuplicateScore.Of(f.Reasons, MatchKeys.Similarity(f.NameA, f.NameB));
            if (known.Remove(key, out var pair))
            {
                if (pair.Status == DuplicatePairStatus.Open && (pair.Score != score || pair.Reasons != f.Reasons)) pair.Rescore(f.Reasons, score);
                continue;
            }
            var fresh = new DuplicatePair { Kind = key.Item1, AId = key.Item2, BId = key.Item3, FoundAt = now };
            fresh.Rescore(f.Reasons, score);
            db.DuplicatePairs.Add(fresh);
            if (++added % Batch == 0) await db.SaveChangesAsync(ct);
        }
        // Open pairs the scan no longer finds (a phone was corrected, a record deleted) leave the list; decisions stay.
        // Dropped by id, set-based: a pair already gone (its record purged meanwhile) is no error.
        var stale = known.Values.Where(p => p.Status == DuplicatePairStatus.Open).Select(p => p.Id).ToList();
        await db.SaveChangesAsync(ct);
        foreach (var chunk in stale.Chunk(Batch))
            await db.DuplicatePairs.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        await DropOrphansAsync(ct);
        return new DuplicateScanResult(backfilled, found.Count, added, stale.Count);
    }

    /// <summary>Decided pairs whose record is gone for good (a customer purged from the recycle bin, a contact or lead
    /// deleted): nothing can bring them back, so they go. One statement per kind.</summary>
    private async Task DropOrphansAsync(CancellationToken ct)
    {
        var customers = db.Customers.IgnoreQueryFilters();
        var contacts = db.Contacts.IgnoreQueryFilters();
        var leads = db.Leads.IgnoreQueryFilters();
        await db.DuplicatePairs.Where(p => p.Kind == DuplicateKind.Customer
            && (!customers.Any(c => c.Id == p.AId) || !customers.Any(c => c.Id == p.BId))).ExecuteDeleteAsync(ct);
        await db.DuplicatePairs.Where(p => p.Kind == DuplicateKind.Contact
            && (!contacts.Any(c => c.Id == p.AId) || !contacts.Any(c => c.Id == p.BId))).ExecuteDeleteAsync(ct);
        await db.DuplicatePairs.Where(p => p.Kind == DuplicateKind.Lead
            && (!leads.Any(l => l.Id == p.AId) || !leads.Any(l => l.Id == p.BId))).ExecuteDeleteAsync(ct);
    }

    /// <summary>Customers without name keys (written before the keys existed, or around EF): computed here and
    /// written without touching the record's version or stamps.</summary>
    private async Task<int> BackfillCustomersAsync(CancellationToken ct)
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

    /// <summary>Contacts without a name key (a bulk write that bypassed the interceptor), as for customers.</summary>
    private async Task<int> BackfillContactsAsync(CancellationToken ct)
    {
        var done = 0;
        var keyless = new List<Guid>();
        while (true)
        {
            var rows = await db.Contacts.IgnoreQueryFilters().AsNoTracking()
                .Where(c => EF.Property<string?>(c, ContactMatchConfiguration.MatchName) == null && !keyless.Contains(c.Id))
                .OrderBy(c => c.Id).Take(Batch).ToListAsync(ct);
            if (rows.Count == 0) return done;
            foreach (var c in rows)
            {
                var (name, email, phone) = MatchKeyInterceptor.KeysOf(c);
                if (name is null) { keyless.Add(c.Id); continue; }
                done += await db.Contacts.IgnoreQueryFilters().Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => EF.Property<string?>(x, ContactMatchConfiguration.MatchName), name)
                    .SetProperty(x => EF.Property<string?>(x, ContactMatchConfiguration.MatchEmail), email)
                    .SetProperty(x => EF.Property<string?>(x, ContactMatchConfiguration.MatchPhone), phone), ct);
            }
        }
    }

    /// <summary>Leads with a company but no company-and-name key (leads without a company have none by design).</summary>
    private async Task<int> BackfillLeadsAsync(CancellationToken ct)
    {
        var done = 0;
        var keyless = new List<Guid>();
        while (true)
        {
            var rows = await db.Leads.IgnoreQueryFilters().AsNoTracking()
                .Where(l => l.CompanyKey != null && EF.Property<string?>(l, LeadMatchConfiguration.MatchName) == null && !keyless.Contains(l.Id))
                .OrderBy(l => l.Id).Take(Batch).ToListAsync(ct);
            if (rows.Count == 0) return done;
            foreach (var l in rows)
            {
                var key = MatchKeyInterceptor.KeyOf(l);
                if (key is null) { keyless.Add(l.Id); continue; }
                done += await db.Leads.IgnoreQueryFilters().Where(x => x.Id == l.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => EF.Property<string?>(x, LeadMatchConfiguration.MatchName), key), ct);
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
    // blocks no larger than BlockMax, live records only, each pair once (a < b).

    private static string CustomersSql(int max)
    {
        string ByColumn(string column, DuplicateReasons reason) => $"""
            SELECT a."Id" AS "A", b."Id" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "Customers" a JOIN "Customers" b ON b."{column}" = a."{column}" AND a."Id" < b."Id"
            WHERE a."DeletedAt" IS NULL AND b."DeletedAt" IS NULL AND NOT a."ProcessingRestricted" AND NOT b."ProcessingRestricted" AND a."{column}" IN
              (SELECT "{column}" FROM "Customers" WHERE "DeletedAt" IS NULL AND "{column}" IS NOT NULL GROUP BY "{column}" HAVING COUNT(*) <= {max})
            """;
        string ByChannel(ChannelKind kind, DuplicateReasons reason) => $"""
            SELECT x."CustomerId" AS "A", y."CustomerId" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "CustomerChannels" x
              JOIN "CustomerChannels" y ON y."Kind" = x."Kind" AND y."Value" = x."Value" AND x."CustomerId" < y."CustomerId"
              JOIN "Customers" a ON a."Id" = x."CustomerId" JOIN "Customers" b ON b."Id" = y."CustomerId"
            WHERE x."Kind" = '{kind}' AND a."DeletedAt" IS NULL AND b."DeletedAt" IS NULL AND NOT a."ProcessingRestricted" AND NOT b."ProcessingRestricted" AND x."Value" IN
              (SELECT "Value" FROM "CustomerChannels" WHERE "Kind" = '{kind}' GROUP BY "Value" HAVING COUNT(*) <= {max})
            """;
        return string.Join("\nUNION ALL\n",
            ByColumn(CustomerMatchConfiguration.MatchName, DuplicateReasons.Name),
            ByColumn(CustomerMatchConfiguration.MatchBlock, DuplicateReasons.NameAndCity),
            ByChannel(ChannelKind.Email, DuplicateReasons.Email),
            ByChannel(ChannelKind.Phone, DuplicateReasons.Phone));
    }

    // A contact counts while its customer is live and not restricted. Its first email and phone are key columns (an
    // index seek per block); its further ones are read from the lists themselves (json_each on SQLite, unnest on
    // PostgreSQL) and matched against the first ones' index and against each other, so a pair sharing only a second
    // address is found too without a key table kept in step on every save.
    private static string ContactsSql(int max, bool postgres)
    {
        const string Live = """
            JOIN "Customers" ca ON ca."Id" = a."CustomerId" AND ca."DeletedAt" IS NULL AND NOT ca."ProcessingRestricted"
            JOIN "Customers" cb ON cb."Id" = b."CustomerId" AND cb."DeletedAt" IS NULL AND NOT cb."ProcessingRestricted"
            """;
        string ByColumn(string column, DuplicateReasons reason) => $"""
            SELECT a."Id" AS "A", b."Id" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "Contacts" a JOIN "Contacts" b ON b."{column}" = a."{column}" AND a."Id" < b."Id"
            {Live}
            WHERE a."{column}" IN
              (SELECT "{column}" FROM "Contacts" WHERE "{column}" IS NOT NULL GROUP BY "{column}" HAVING COUNT(*) <= {max})
            """;
        // The second and later values of a list column, no longer than its key column (as MatchKeyInterceptor keys the first).
        string Further(string list, int length) => postgres
            ? $"""SELECT c."Id" AS "C", e.v AS "V" FROM "Contacts" c, unnest(c."{list}") WITH ORDINALITY AS e(v, n) WHERE e.n > 1 AND length(e.v) <= {length}"""
            : $"""SELECT c."Id" AS "C", j.value AS "V" FROM "Contacts" c, json_each(c."{list}") j WHERE json_array_length(c."{list}") > 1 AND j.key > 0 AND length(j.value) <= {length}""";
        // Pairs through a further value: against another contact's first value (its key column) and against another's
        // further value; the block is every holder of the value, first or further.
        string ByFurther(string x, string column, DuplicateReasons reason)
        {
            var capped = $"""
                (SELECT "V" FROM (SELECT "{column}" AS "V" FROM "Contacts" WHERE "{column}" IN (SELECT "V" FROM {x}) UNION ALL SELECT "V" FROM {x}) k
                 GROUP BY "V" HAVING COUNT(*) <= {max})
                """;
            return $"""
                SELECT a."Id" AS "A", b."Id" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
                FROM {x} xa JOIN "Contacts" a ON a."Id" = xa."C" JOIN "Contacts" b ON b."{column}" = xa."V" AND b."Id" <> a."Id"
                {Live}
                WHERE xa."V" IN {capped}
                UNION ALL
                SELECT a."Id" AS "A", b."Id" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
                FROM {x} xa JOIN {x} xb ON xb."V" = xa."V" AND xa."C" < xb."C"
                JOIN "Contacts" a ON a."Id" = xa."C" JOIN "Contacts" b ON b."Id" = xb."C"
                {Live}
                WHERE xa."V" IN {capped}
                """;
        }
        const string Key = ContactMatchConfiguration.MatchName;
        var byName = $"""
            SELECT a."Id" AS "A", b."Id" AS "B", {(int)DuplicateReasons.Name} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "Contacts" a JOIN "Contacts" b ON b."CustomerId" = a."CustomerId" AND b."{Key}" = a."{Key}" AND a."Id" < b."Id"
            JOIN (SELECT "CustomerId" AS "K1", "{Key}" AS "K2" FROM "Contacts" WHERE "{Key}" IS NOT NULL
                  GROUP BY "CustomerId", "{Key}" HAVING COUNT(*) <= {max}) g ON g."K1" = a."CustomerId" AND g."K2" = a."{Key}"
            {Live}
            """;
        return $"""
            WITH "FurtherEmails" AS ({Further(nameof(Contact.Emails), ContactMatchConfiguration.EmailMax)}),
                 "FurtherPhones" AS ({Further(nameof(Contact.Phones), ContactMatchConfiguration.PhoneMax)})

            """ + string.Join("\nUNION ALL\n",
            byName,
            ByColumn(ContactMatchConfiguration.MatchEmail, DuplicateReasons.Email),
            ByColumn(ContactMatchConfiguration.MatchPhone, DuplicateReasons.Phone),
            ByFurther("\"FurtherEmails\"", ContactMatchConfiguration.MatchEmail, DuplicateReasons.Email),
            ByFurther("\"FurtherPhones\"", ContactMatchConfiguration.MatchPhone, DuplicateReasons.Phone));
    }

    // Open leads only: a converted lead is final, a disqualified one closed (merging closes the loser that way).
    private static string LeadsSql(int max)
    {
        var open = string.Join(", ", Enum.GetValues<LeadStatus>().Where(LeadRules.IsOpen).Select(s => $"'{s}'"));
        string ByColumn(string column, DuplicateReasons reason) => $"""
            SELECT a."Id" AS "A", b."Id" AS "B", {(int)reason} AS "Reason", a."Name" AS "NameA", b."Name" AS "NameB"
            FROM "Leads" a JOIN "Leads" b ON b."{column}" = a."{column}" AND a."Id" < b."Id"
            WHERE a."Status" IN ({open}) AND b."Status" IN ({open}) AND a."{column}" IN
              (SELECT "{column}" FROM "Leads" WHERE "{column}" IS NOT NULL AND "Status" IN ({open}) GROUP BY "{column}" HAVING COUNT(*) <= {max})
            """;
        return string.Join("\nUNION ALL\n",
            ByColumn(LeadMatchConfiguration.MatchName, DuplicateReasons.CompanyAndName),
            ByColumn(nameof(Lead.Email), DuplicateReasons.Email),
            ByColumn(nameof(Lead.Phone), DuplicateReasons.Phone));
    }
}
