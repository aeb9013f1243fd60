namespace Rapport.Core.Common;

/// <summary>How a service method on one record starts: find the record in the caller's scope (the record-scope query
/// filters apply) or answer 404, then check the caller's permission (403) — in that order, so a record out of scope
/// cannot be told from a missing one — and, before a change, the If-Match version (412). For a record reached through
/// its parent, narrow <c>rows</c> to the parent (<c>db.Contacts.Where(c =&gt; c.CustomerId == customerId)</c>): a child
/// of another parent, or of a parent out of scope, is then not found either.</summary>
public static class ScopedRecord
{
    /// <summary>The record <paramref name="id"/> of <paramref name="rows"/>, untracked, for a read.</summary>
    public static async Task<T> FindToReadAsync<T>(this ICurrentUser user, IQueryable<T> rows, Guid id, string permission, CancellationToken ct)
        where T : class
    {
        var record = await FindAsync(rows.AsNoTracking(), id, ct);
        user.Require(permission);
        return record;
    }

    /// <summary>The record <paramref name="id"/> of <paramref name="rows"/>, tracked, for a change at
    /// <paramref name="expectedVersion"/> (null: any).</summary>
    public static async Task<T> FindToChangeAsync<T>(this ICurrentUser user, IQueryable<T> rows, Guid id, string permission, long? expectedVersion,
        CancellationToken ct) where T : AuditedEntity
    {
        var record = await FindAsync(rows, id, ct);
        user.Require(permission);
        record.ExpectVersion(expectedVersion, typeof(T).Name, id);
        return record;
    }

    // The records users edit are keyed by a Guid named Id (Guid.CreateVersion7, see docs/modules.md).
    private static async Task<T> FindAsync<T>(IQueryable<T> rows, Guid id, CancellationToken ct) where T : class =>
        await rows.FirstOrDefaultAsync(r => EF.Property<Guid>(r, "Id") == id, ct) ?? throw new NotFoundException(typeof(T).Name, id);
}
