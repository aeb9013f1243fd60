using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Data;

namespace Rapport.Core.Audit;

/// <summary>What <see cref="AuditChain.VerifyAsync"/> found. <see cref="FirstBrokenSeq"/> is the first entry whose
/// link or content does not check out.</summary>
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
            if (total > 0) await WriteHeadAsync(head, ct);
            return total;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Walks the chain from the last checkpoint, recomputing every hash, then checks the newest entry
    /// against the head recorded outside the database.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        var checkpoint = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.ChainSeq)
            .Select(c => new { c.ChainSeq, c.Hash }).FirstOrDefaultAsync(ct);
        var expected = (checkpoint?.ChainSeq ?? 0) + 1;
        var prev = checkpoint?.Hash ?? Genesis;
        var unchained = await db.AuditEntries.LongCountAsync(e => e.ChainSeq == null, ct);
        long checkedCount = 0;
        AuditVerification Broken(long seq, string reason) => new(false, checkedCount, seq, reason, expected - 1, unchained);

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
                prev = e.Hash!;
                expected++;
                checkedCount++;
            }
            if (batch.Count < Batch) break;
        }

        var (headSeq, headHash) = ReadHead();
        if (headSeq >= expected) return Broken(expected, $"entries {expected}–{headSeq} recorded in the head file are missing");
        if (headSeq > 0)
        {
            var stored = await db.AuditEntries.AsNoTracking().Where(e => e.ChainSeq == headSeq).Select(e => e.Hash).FirstOrDefaultAsync(ct);
            var atCheckpoint = checkpoint is not null && checkpoint.ChainSeq == headSeq ? checkpoint.Hash : null;
            if ((stored ?? atCheckpoint) is { } h && h != headHash)
                return Broken(headSeq, $"entry {headSeq} differs from the head recorded outside the database");
        }
        return new AuditVerification(true, checkedCount, null, null, expected - 1, unchained);
    }

    /// <summary>Deletes chained entries older than the cutoff, oldest first, after storing a checkpoint (the last
    /// pruned entry's sequence and hash) so the remaining chain still verifies.</summary>
    public async Task<int> PruneAsync(int retentionDays, CancellationToken ct)
    {
        await ChainPendingAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-retentionDays);
        var firstKept = await db.AuditEntries.Where(e => e.ChainSeq != null && e.At >= cutoff).MinAsync(e => e.ChainSeq, ct);
        var last = await db.AuditEntries.Where(e => e.ChainSeq != null && e.At < cutoff && (firstKept == null || e.ChainSeq < firstKept))
            .OrderByDescending(e => e.ChainSeq).Select(e => new { e.ChainSeq, e.Hash }).FirstOrDefaultAsync(ct);
        if (last is null) return 0;
        var upTo = last.ChainSeq!.Value;
        var pruned = await db.AuditEntries.CountAsync(e => e.ChainSeq <= upTo, ct);
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

    private async Task WriteHeadAsync((long Seq, string Hash) head, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HeadFile)!);
        var line = string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} seq={head.Seq} hash={head.Hash}\n");
        await File.AppendAllTextAsync(HeadFile, line, ct);
    }

    /// <summary>The last head written to the file, or (0, "") when there is none.</summary>
    private (long Seq, string Hash) ReadHead()
    {
        if (!File.Exists(HeadFile)) return (0, "");
        var last = File.ReadLines(HeadFile).LastOrDefault(l => l.Contains(" seq=", StringComparison.Ordinal));
        if (last is null) return (0, "");
        var parts = last.Split(' ');
        return (long.Parse(parts[1]["seq=".Length..], CultureInfo.InvariantCulture), parts[2]["hash=".Length..]);
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
