namespace Rapport.Core.Quality;

/// <summary>The duplicate review list (pairs whose two customers are both in the caller's scope, best score first),
/// "not a duplicate" dismissals, and running the scan on demand.</summary>
public sealed class DuplicateService(RapportDbContext db, ICurrentUser user, TimeProvider clock, DuplicateScan scan)
{
    public async Task<Page<DuplicatePairItem>> ListAsync(string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.QualityRead);
        var size = Keyset.ClampPageSize(limit);
        var source = Visible().Where(p => p.Status == DuplicatePairStatus.Open);
        var rows = await Keyset.Seek(source, p => p.Score, p => p.Id, true, cursor, size)
            .Select(p => new
            {
                p.Id, p.Score, p.Reasons,
                A = db.Customers.Where(c => c.Id == p.CustomerAId).Select(c => new DuplicateSide(c.Id, c.Number, c.Name, c.OwnerId, c.CreatedAt)).First(),
                B = db.Customers.Where(c => c.Id == p.CustomerBId).Select(c => new DuplicateSide(c.Id, c.Number, c.Name, c.OwnerId, c.CreatedAt)).First(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new DuplicatePairItem(r.Id, r.Score, DuplicateScore.Names(r.Reasons), r.A, r.B)).ToList();
        var (page, next) = Keyset.Cut(items, size, i => i.Score, i => i.Id);
        if (cursor is not null) return new Page<DuplicatePairItem>(page, next);
        if (next is null) return new Page<DuplicatePairItem>(page, null, page.Count);
        var (total, capped) = await Keyset.CappedCountAsync(source, ct);
        return new Page<DuplicatePairItem>(page, next, total, capped);
    }

    /// <summary>"Not a duplicate": the pair leaves the list and later scans leave it out.</summary>
    public async Task DismissAsync(Guid id, CancellationToken ct)
    {
        var pair = await Visible().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("DuplicatePair", id);
        user.Require(Permissions.QualityMerge);
        pair.Dismiss(clock.GetUtcNow().UtcDateTime, user.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Runs the scan now (it also runs on a schedule).</summary>
    public async Task<DuplicateScanResult> ScanAsync(CancellationToken ct)
    {
        user.Require(Permissions.QualityMerge);
        return await scan.RunAsync(ct);
    }

    // Both customers in the caller's scope (and not deleted): the customers' own query filters decide.
    private IQueryable<DuplicatePair> Visible() => db.DuplicatePairs
        .Where(p => db.Customers.Any(c => c.Id == p.CustomerAId) && db.Customers.Any(c => c.Id == p.CustomerBId));
}
