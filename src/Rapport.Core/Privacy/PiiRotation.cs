using Rapport.Core.Audit;

namespace Rapport.Core.Privacy;

public sealed record RotationStatus(string PrimaryKeyId, long Remaining);

/// <summary>Re-encrypts customers whose personal data is still under an older key, in small batches. Progress is
/// the data itself (rows whose key id is not the primary one), so an interrupted run simply resumes.</summary>
public sealed class PiiRotation(RapportDbContext db, PiiProtector pii, AuditTrail audit, TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <summary>Makes a new primary key; returns its id. Re-encryption follows in the background.</summary>
    public async Task<string> RotateAsync(CancellationToken ct)
    {
        var id = pii.Ring.Rotate(clock.GetUtcNow().UtcDateTime);
        await audit.RecordAsync(AuditActions.PiiKeyRotated, "pii-key", id, null, ct);
        return id;
    }

    public async Task<RotationStatus> StatusAsync(CancellationToken ct)
    {
        var primary = pii.Ring.PrimaryKeyId;
        // Operator path: deleted customers in the recycle bin are re-encrypted too, whoever owns them.
        var remaining = await db.Customers.IgnoreQueryFilters().LongCountAsync(c => c.PiiKeyId != null && c.PiiKeyId != primary, ct);
        return new RotationStatus(primary, remaining);
    }

    /// <summary>Re-encrypts up to <paramref name="size"/> customers; returns how many.</summary>
    public async Task<int> ReencryptBatchAsync(int size, CancellationToken ct)
    {
        var primary = pii.Ring.PrimaryKeyId;
        var rows = await db.Customers.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.PiiKeyId != null && c.PiiKeyId != primary).OrderBy(c => c.Id).Take(size)
            .Select(c => new { c.Id, c.PiiKeyId, c.NationalIdCipher, c.BankAccountCipher, c.DateOfBirthCipher })
            .ToListAsync(ct);
        foreach (var r in rows)
        {
            var nationalId = pii.Protect(pii.Unprotect(r.NationalIdCipher));
            var bank = pii.Protect(pii.Unprotect(r.BankAccountCipher));
            var dob = pii.Protect(pii.Unprotect(r.DateOfBirthCipher));
            // Guarded by the old key id, so a concurrent edit (which re-encrypts with the primary key) is never overwritten.
            await db.Customers.IgnoreQueryFilters().Where(c => c.Id == r.Id && c.PiiKeyId == r.PiiKeyId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.NationalIdCipher, nationalId)
                    .SetProperty(c => c.BankAccountCipher, bank)
                    .SetProperty(c => c.DateOfBirthCipher, dob)
                    .SetProperty(c => c.PiiKeyId, primary), ct);
        }
        return rows.Count;
    }

    /// <summary>Runs batches until nothing is left on an old key; returns how many customers were re-encrypted.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        for (int n; (n = await ReencryptBatchAsync(BatchSize, ct)) > 0;) total += n;
        if (total > 0) await audit.RecordAsync(AuditActions.PiiReencrypted, "pii-key", pii.Ring.PrimaryKeyId, new { customers = total }, ct);
        return total;
    }
}
