using Rapport.Core.Reports;

namespace Rapport.Core.Common;

/// <summary>The use cases every shared definition has the same way (reports, dashboards, analysis documents,
/// segments): who the caller is, what they see (their own and what is shared with them), and creating, changing and
/// deleting under the manage permission with the owner's and editors' rights (see <see cref="Sharing"/>).
/// <paramref name="area"/> names the refusals ("{area}.edit", "{area}.share", "{area}.delete").</summary>
public sealed class SharedDefinitions<TItem, TShare>(RapportDbContext db, ICurrentUser user, string area, string readPermission, string managePermission)
    where TItem : SharedDefinition<TShare> where TShare : ShareGrant
{
    public Task<Sharer> MeAsync(CancellationToken ct) => Sharing.WhoAsync(db, user, ct, readPermission);

    /// <summary>The caller's own definitions and those shared with them.</summary>
    public IQueryable<TItem> Visible(Sharer me)
    {
        var (id, reaching) = (me.Id, Sharing.Reaching<TShare>(me));
        return db.Set<TItem>().Where(d => d.OwnerId == id || d.Shares.AsQueryable().Any(reaching));
    }

    /// <summary>One visible definition with its grants, untracked (404 otherwise).</summary>
    public Task<TItem> FindAsync(Sharer me, Guid id, CancellationToken ct) => WithSharesAsync(Visible(me).AsNoTracking(), id, ct);

    /// <summary>Saves the definition <paramref name="make"/> builds for the caller, shared with the checked
    /// <paramref name="shares"/>.</summary>
    public async Task<(TItem Item, Sharer Me)> CreateAsync(Func<Sharer, Task<TItem>> make, IReadOnlyList<ReportShareDto>? shares, CancellationToken ct)
    {
        user.Require(managePermission);
        var me = await MeAsync(ct);
        var item = await make(me);
        item.ShareWith(await Sharing.CheckAsync(db, shares, ct));
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return (item, me);
    }

    /// <summary>Changes a definition the caller owns or may edit, at the version they read; only the owner changes whom
    /// it is shared with.</summary>
    public async Task<(TItem Item, Sharer Me)> UpdateAsync(Guid id, long? expectedVersion, Func<TItem, Task> change, IReadOnlyList<ReportShareDto>? shares,
        CancellationToken ct)
    {
        user.Require(managePermission);
        var me = await MeAsync(ct);
        var item = await LoadedAsync(me, id, ct);
        Sharing.MayEdit(me, item, expectedVersion, area);
        await change(item);
        await Sharing.ReshareAsync(db, me, item, shares, area, ct);
        await db.SaveChangesAsync(ct);
        return (item, me);
    }

    /// <summary>Deletes a definition; only its owner may.</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(managePermission);
        var me = await MeAsync(ct);
        await Sharing.DeleteAsync(db, me, await LoadedAsync(me, id, ct), expectedVersion, area, ct);
    }

    private Task<TItem> LoadedAsync(Sharer me, Guid id, CancellationToken ct) => WithSharesAsync(Visible(me), id, ct);

    private static async Task<TItem> WithSharesAsync(IQueryable<TItem> visible, Guid id, CancellationToken ct) =>
        await visible.Include(d => d.Shares).FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException(typeof(TItem).Name, id);
}
