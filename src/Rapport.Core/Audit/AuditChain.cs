using System.Security.Cryptography;

namespace Rapport.Core.Audit;

/// <summary>What <see cref="AuditChain.VerifyAsync"/> found. <see cref="FirstBrokenSeq"/> is the first entry whose
/// link or content does not check out (null when the broken entry is one not yet in the chain).</summary>
public sealed record AuditVerification(bool Ok, long Checked, long? FirstBrokenSeq, string? Reason, long HeadSeq, long Unchained);

/// <summary>
/// The hash chain over the audit log. Entries are written unchained with the business change; <see cref="ChainPendingAsync"/>
/// then gives them the next sequence numbers and hashes, one chainer at a time (an in-process lock, plus a PostgreSQL
/// advisory lock so several app instances never fork the chain). After chaining, the head is appended to
/// <c>{DataDirectory}/audit/head.log</c>, outside the database.
/// </summary>
public sealed class AuditChain(RapportDbContext db, DatabaseOptions options, TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const int Batch = 500;
    private const long AdvisoryLockKey = 0x5261707061727421; // "Rapport!"
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly SemaphoreSlim Pending = new(0, 1);

    /// <summary>Wakes the background chainer: something was written.</summary>
    public static void Signal()
    {
        if (Pending.CurrentCount == 0)
        {
            try { Pending.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    /// <summary>Waits until <see cref="Signal"/> or the timeout.</summary>
    public static Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => Pending.WaitAsync(timeout, ct);

    public string HeadFile => Path.Combine(options.DataDirectory, "audit", "head.log");

    /// <summary>Chains every unchained entry; returns how many were chained.</summary>
    public async Task<int> ChainPendingAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            var total = 0;
            (long Seq, string Hash) head = default;
            while (true)
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (db.IsPostgres && !await db.Database
                        .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(ct))
                    break; // another instance is chaining right now; it will take these too
                head = await HeadAsync(ct);
                var batch = await db.AuditEntries.Where(e => e.ChainSeq == null).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
                foreach (var e in batch)
                {
                    e.ChainSeq = ++head.Seq;
                    e.PrevHash = head.Hash;
                    e.Hash = head.Hash = ComputeHash(e, e.PrevHash);
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                total += batch.Count;
                if (batch.Count < Batch) break;
            }
            if (total > 0) await AppendHeadAsync(head.Seq, head.Hash!, checkpoint: false, ct);
            return total;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>How much older than the entry sealed before it an entry may be: a write whose transaction commits
    /// late is sealed after newer ones. An entry dated further back was put into the log after the fact.</summary>
    public static readonly TimeSpan LateWriteGrace = TimeSpan.FromMinutes(10);

    /// <summary>Checks the log against itself and against the head file outside the database, and writes nothing.
    /// The walk starts after the newest checkpoint recorded in the head file (checkpoint rows in the database only
    /// count when the file witnesses them), recomputes every hash, compares every head the file recorded, and
    /// reports entries dated before an entry already sealed: inserted after the fact, whether sealed or not.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        // A first pass over the file finds the checkpoints and the newest head; a second, streamed alongside the walk
        // (heads are appended in chain order), compares every head on the way, so memory stays flat however long
        // the file has grown.
        var checkpoints = new List<Witness>();
        long headSeq = 0;
        foreach (var w in ReadHeadFile())
            if (w.Checkpoint) checkpoints.Add(w);
            else headSeq = w.Seq;
        var start = checkpoints.LastOrDefault();
        using var heads = ReadHeadFile().Where(w => !w.Checkpoint && w.Seq > (start?.Seq ?? 0)).GetEnumerator();
        var nextHead = heads.MoveNext() ? heads.Current : null;
        var expected = (start?.Seq ?? 0) + 1;
        var prev = start?.Hash ?? Genesis;
        var unchained = await db.AuditEntries.LongCountAsync(e => e.ChainSeq == null, ct);
        long checkedCount = 0;
        DateTime? sealedAt = null;
        AuditVerification Broken(long? seq, string reason) => new(false, checkedCount, seq, reason, expected - 1, unchained);
        long? rewritten = null;

        while (true)
        {
            var from = expected;
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.ChainSeq >= from)
                .OrderBy(e => e.ChainSeq).Take(Batch).ToListAsync(ct);
            foreach (var e in batch)
            {
                if (e.ChainSeq != expected) return Broken(expected, $"entry {expected} is missing");
                if (e.PrevHash != prev) return Broken(expected, $"entry {expected} does not follow entry {expected - 1} (an entry was inserted, removed or reordered)");
                if (ComputeHash(e, e.PrevHash) != e.Hash) return Broken(expected, $"entry {expected} was changed");
                if (sealedAt is { } before && e.At < before - LateWriteGrace)
                    return Broken(expected, $"entry {expected} is dated before entry {expected - 1} (it was put into the log after the fact)");
                for (; nextHead is not null && nextHead.Seq <= expected; nextHead = heads.MoveNext() ? heads.Current : null)
                    if (nextHead.Seq == expected && nextHead.Hash != e.Hash) rewritten ??= expected;
                sealedAt = sealedAt is { } s && s > e.At ? s : e.At;
                prev = e.Hash!;
                expected++;
                checkedCount++;
            }
            if (batch.Count < Batch) break;
        }

        // A consistent chain can still be a rewritten one: every head the file recorded must still be there.
        if (rewritten is { } r)
            return Broken(r, $"entries up to {r} differ from the head recorded outside the database (the log was rewritten)");
        if (headSeq >= expected) return Broken(expected, $"entries {expected}–{headSeq} recorded in the head file are missing");
        foreach (var c in await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.ChainSeq).ToListAsync(ct))
            if (!checkpoints.Any(w => w.Seq == c.ChainSeq && w.Hash == c.Hash))
                return Broken(c.ChainSeq, $"the checkpoint at entry {c.ChainSeq} is not recorded outside the database");
        if (sealedAt is { } newest)
        {
            var cutoff = newest - LateWriteGrace;
            var late = await db.AuditEntries.AsNoTracking().Where(e => e.ChainSeq == null && e.At < cutoff)
                .OrderBy(e => e.At).Select(e => new { e.Id, e.At }).FirstOrDefaultAsync(ct);
            if (late is not null)
                return Broken(null, string.Create(CultureInfo.InvariantCulture,
                    $"unsealed entry {late.Id} is dated {late.At:yyyy-MM-ddTHH:mm:ssZ}, before entries already sealed (it was put into the log after the fact)"));
        }
        return new AuditVerification(true, checkedCount, null, null, expected - 1, unchained);
    }

    /// <summary>Deletes chained entries older than the cutoff, oldest first, after recording a checkpoint (the last
    /// pruned entry's sequence and hash) in the head file and in the database, so the remaining chain still verifies.</summary>
    public async Task<int> PruneAsync(int retentionDays, CancellationToken ct)
    {
        await ChainPendingAsync(ct);
        // One pruner at a time, like the chainer: two would each record a checkpoint for the same entries.
        await Gate.WaitAsync(ct);
        try
        {
            if (!db.IsPostgres) return await PruneLockedAsync(retentionDays, ct);
            // Across instances a session lock on the chainer's key, held on one open connection, so the deletes can
            // still commit batch by batch.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(ct))
                    return 0; // another instance is chaining or pruning right now
                try
                {
                    return await PruneLockedAsync(retentionDays, ct);
                }
                finally
                {
                    await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<int> PruneLockedAsync(int retentionDays, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-retentionDays);
        var firstKept = await db.AuditEntries.Where(e => e.ChainSeq != null && e.At >= cutoff).MinAsync(e => e.ChainSeq, ct);
        var last = await db.AuditEntries.Where(e => e.ChainSeq != null && e.At < cutoff && (firstKept == null || e.ChainSeq < firstKept))
            .OrderByDescending(e => e.ChainSeq).Select(e => new { e.ChainSeq, e.Hash }).FirstOrDefaultAsync(ct);
        if (last is null) return 0;
        var upTo = last.ChainSeq!.Value;
        var pruned = await db.AuditEntries.CountAsync(e => e.ChainSeq <= upTo, ct);
        // The file is the witness the verifier trusts, so it hears of the checkpoint before anything is deleted.
        await AppendHeadAsync(upTo, last.Hash!, checkpoint: true, ct);
        db.AuditCheckpoints.Add(new AuditCheckpoint { ChainSeq = upTo, Hash = last.Hash!, CreatedAt = clock.GetUtcNow().UtcDateTime, Pruned = pruned });
        await db.SaveChangesAsync(ct);
        // The checkpoint is stored first: a crash half-way leaves rows the verifier already skips.
        while (await db.AuditEntries.Where(e => e.ChainSeq <= upTo).OrderBy(e => e.ChainSeq).Take(5000).ExecuteDeleteAsync(ct) > 0) { }
        return pruned;
    }

    private async Task<(long Seq, string Hash)> HeadAsync(CancellationToken ct)
    {
        var last = await db.AuditEntries.Where(e => e.ChainSeq != null).OrderByDescending(e => e.ChainSeq)
            .Select(e => new { e.ChainSeq, e.Hash }).FirstOrDefaultAsync(ct);
        if (last is not null) return (last.ChainSeq!.Value, last.Hash!);
        var checkpoint = await db.AuditCheckpoints.OrderByDescending(c => c.ChainSeq).Select(c => new { c.ChainSeq, c.Hash }).FirstOrDefaultAsync(ct);
        return checkpoint is null ? (0, Genesis) : (checkpoint.ChainSeq, checkpoint.Hash);
    }

    private const string CheckpointMark = " checkpoint";

    /// <summary>One line of the head file: <c>{time} seq={n} hash={h}</c> after chaining, with <c> checkpoint</c>
    /// appended where pruning starts the chain anew.</summary>
    private sealed record Witness(long Seq, string Hash, bool Checkpoint);

    private async Task AppendHeadAsync(long seq, string hash, bool checkpoint, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HeadFile)!);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} seq={seq} hash={hash}{(checkpoint ? CheckpointMark : "")}\n");
        await File.AppendAllTextAsync(HeadFile, line, ct);
    }

    /// <summary>Every head and checkpoint the file recorded, oldest first, read as it is enumerated.</summary>
    private IEnumerable<Witness> ReadHeadFile()
    {
        if (!File.Exists(HeadFile)) yield break;
        // Open for as long as a verification walks; the chainer must still be able to append meanwhile.
        using var reader = new StreamReader(new FileStream(HeadFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length < 3 || !parts[1].StartsWith("seq=", StringComparison.Ordinal) || !parts[2].StartsWith("hash=", StringComparison.Ordinal)
                || !long.TryParse(parts[1].AsSpan("seq=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) continue;
            yield return new Witness(seq, parts[2]["hash=".Length..], line.EndsWith(CheckpointMark, StringComparison.Ordinal));
        }
    }

    /// <summary>SHA-256 over the previous hash and the entry's canonical content (every column but the hashes,
    /// in a fixed order and format), hex encoded.</summary>
    public static string ComputeHash(AuditEntry e, string? prevHash)
    {
        var content = string.Join('\u001f',
            e.ChainSeq?.ToString(CultureInfo.InvariantCulture), e.Id.ToString("N"),
            e.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            e.UserId?.ToString("N"), e.UserName, e.IpAddress, e.UserAgent, e.Action, e.EntityType, e.EntityId, e.Changes);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prevHash + "\n" + content)));
    }
}
