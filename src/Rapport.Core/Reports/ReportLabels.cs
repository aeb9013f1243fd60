namespace Rapport.Core.Reports;

/// <summary>Names for dimensions that hold ids: looked up once per result for the ids it shows (read through the
/// DbContext, so a customer outside the reader's scope shows no name).</summary>
public static class ReportLabels
{
    public delegate Task<Dictionary<Guid, string>> Lookup(RapportDbContext db, Guid[] ids, CancellationToken ct);

    public static readonly Lookup Users = (db, ids, ct) =>
        db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.UserName ?? "", ct);

    public static readonly Lookup Teams = (db, ids, ct) =>
        db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

    public static readonly Lookup Customers = (db, ids, ct) =>
        db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    public static readonly Lookup Stages = async (db, ids, ct) =>
        (await db.PipelineStages.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct)).ToDictionary(s => s.Id, s => s.Label);

    public static readonly Lookup CaseCategories = async (db, ids, ct) =>
        (await db.CaseCategories.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.NameZh }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => Common.Bilingual.Pick(c.Name, c.NameZh));
}
