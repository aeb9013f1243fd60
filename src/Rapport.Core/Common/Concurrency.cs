using Microsoft.EntityFrameworkCore;
using Rapport.Core.Data;

namespace Rapport.Core.Common;

/// <summary>Optimistic concurrency for records with a version: a save that finds the row changed underneath answers
/// with <see cref="ConcurrencyConflictException"/> (HTTP 412) carrying the version now stored.</summary>
public static class Concurrency
{
    public static async Task SaveAsync(RapportDbContext db, string entity, Guid id, Func<CancellationToken, Task<long>> currentVersion, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(entity, id, await currentVersion(ct));
        }
    }
}
