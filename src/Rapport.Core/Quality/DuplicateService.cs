namespace Rapport.Core.Quality;

/// <summary>The duplicate review list (pairs whose two records are both in the caller's scope, best score first; all
/// kinds or one), "not a duplicate" dismissals, and running the scan on demand.</summary>
public sealed class DuplicateService(RapportDbContext db, ICurrentUser user, TimeProvider clock, DuplicateScan scan)
{
    public async Task<Page<DuplicatePairItem>> ListAsync(DuplicateKind? kind, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.QualityRead);
        if (kind is { } given && !Enum.IsDefined(given)) throw RapportValidationException.For("kind", "Validation.Invalid");
        var size = Keyset.ClampPageSize(limit);
        var source = Visible().Where(p => p.Status == DuplicatePairStatus.Open);
        if (kind is { } only) source = source.Where(p => p.Kind == only);
        var rows = await Keyset.Seek(source, p => p.Score, p => p.Id, true, cursor, size)
            .Select(p => new Row(p.Id, p.Kind, p.Score, p.Reasons, p.AId, p.BId)).ToListAsync(ct);
        var (page, next) = Keyset.Cut(rows, size, r => r.Score, r => r.Id);
        var sides = await SidesAsync(page, ct);
        // A record deleted between the two reads leaves its pair off this page.
        var items = page.Where(r => sides.ContainsKey(r.A) && sides.ContainsKey(r.B))
            .Select(r => new DuplicatePairItem(r.Id, r.Score, DuplicateScore.Names(r.Reasons), sides[r.A], sides[r.B], r.Kind)).ToList();
        if (cursor is not null) return new Page<DuplicatePairItem>(items, next);
        if (next is null) return new Page<DuplicatePairItem>(items, null, items.Count);
        var (total, capped) = await Keyset.CappedCountAsync(source, ct);
        return new Page<DuplicatePairItem>(items, next, total, capped);
    }

    private sealed record Row(Guid Id, DuplicateKind Kind, int Score, DuplicateReasons Reasons, Guid A, Guid B);

    /// <summary>The records of a page's pairs, one query per kind.</summary>
    private async Task<Dictionary<Guid, DuplicateSide>> SidesAsync(IReadOnlyList<Row> page, CancellationToken ct)
    {
        List<Guid> Of(DuplicateKind kind) => [.. page.Where(r => r.Kind == kind).SelectMany(r => new[] { r.A, r.B }).Distinct()];
        var customers = Of(DuplicateKind.Customer);
        var contacts = Of(DuplicateKind.Contact);
        var leads = Of(DuplicateKind.Lead);
        var sides = new List<DuplicateSide>();
        if (customers.Count > 0)
            sides.AddRange(await db.Customers.AsNoTracking().Where(c => customers.Contains(c.Id))
                .Select(c => new DuplicateSide(c.Id, c.Number, c.Name, c.OwnerId, c.CreatedAt, null, null)).ToListAsync(ct));
        if (contacts.Count > 0)
            sides.AddRange(await db.Contacts.AsNoTracking().Where(c => contacts.Contains(c.Id))
                .Select(c => new DuplicateSide(c.Id, c.Customer!.Number, c.Name, c.Customer.OwnerId, c.CreatedAt, c.CustomerId, c.Customer.Name)).ToListAsync(ct));
        if (leads.Count > 0)
            sides.AddRange(await db.Leads.AsNoTracking().Where(l => leads.Contains(l.Id))
                .Select(l => new DuplicateSide(l.Id, "", l.Name, l.OwnerId, l.CreatedAt, null, l.Company)).ToListAsync(ct));
        return sides.ToDictionary(s => s.Id);
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

    // Both records in the caller's scope (and not deleted): the records' own query filters decide. Contact pairs need
    // customers.read and lead pairs leads.read besides.
    private IQueryable<DuplicatePair> Visible()
    {
        var contacts = user.HasPermission(Permissions.CustomersRead);
        var leads = user.HasPermission(Permissions.LeadsRead);
        return db.DuplicatePairs.Where(p =>
            (p.Kind == DuplicateKind.Customer && db.Customers.Any(c => c.Id == p.AId) && db.Customers.Any(c => c.Id == p.BId))
            || (contacts && p.Kind == DuplicateKind.Contact && db.Contacts.Any(c => c.Id == p.AId) && db.Contacts.Any(c => c.Id == p.BId))
            || (leads && p.Kind == DuplicateKind.Lead && db.Leads.Any(l => l.Id == p.AId) && db.Leads.Any(l => l.Id == p.BId)));
    }
}
