using System.Linq.Expressions;
using System.Text.Json;
using Rapport.Core.Customers;
using Rapport.Core.Sales;

namespace Rapport.Core.Quality;

/// <summary>The data-quality figures and the lists behind them, within the caller's scope. Every figure is one
/// aggregate in the database (COUNT, or OFFSET into an ordered column for the quartiles): nothing is loaded to count.
/// Callers who see every customer and deal read the latest <see cref="QualitySnapshot"/> (taken nightly, or on
/// <see cref="RefreshAsync"/>); a scoped caller's figures are counted live over their own, smaller, slice.</summary>
public sealed class QualityService(RapportDbContext db, ICurrentUser user, TimeProvider clock, IOptions<QualityOptions> options)
{
    // What a stored phone (E.164) and email look like; the forms normalise both, so misses come from imports and
    // older data.
    private const string EmailShape = "%_@_%._%";

    public async Task<QualityOverview> OverviewAsync(CancellationToken ct)
    {
        user.Require(Permissions.QualityRead);
        if (!SeesEverything) return await CountAsync(ct);
        var latest = await db.QualitySnapshots.AsNoTracking().OrderByDescending(s => s.TakenAt).FirstOrDefaultAsync(ct);
        return latest is null ? await SnapshotAsync(ct)
            : JsonSerializer.Deserialize<QualityOverview>(latest.Overview, Json)! with { TakenAt = latest.TakenAt };
    }

    /// <summary>Counts the figures now; for a caller who sees everything, they become the snapshot others read.</summary>
    public async Task<QualityOverview> RefreshAsync(CancellationToken ct)
    {
        user.Require(Permissions.QualityRead);
        return SeesEverything ? await SnapshotAsync(ct) : await CountAsync(ct);
    }

    /// <summary>Takes a snapshot over every record (the nightly job runs as the system, which sees everything) and keeps
    /// only it.</summary>
    public async Task<QualityOverview> SnapshotAsync(CancellationToken ct)
    {
        if (!SeesEverything) throw new ForbiddenException("quality.snapshot");
        // Whole milliseconds: what both databases store, so the page shows the same time the refresh answered.
        var now = clock.GetUtcNow().UtcDateTime;
        var overview = await CountAsync(ct) with { TakenAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)) };
        db.QualitySnapshots.Add(new QualitySnapshot { TakenAt = overview.TakenAt!.Value, Overview = JsonSerializer.Serialize(overview with { TakenAt = null }, Json) });
        await db.SaveChangesAsync(ct);
        await db.QualitySnapshots.Where(s => s.TakenAt < overview.TakenAt).ExecuteDeleteAsync(ct);
        return overview;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private bool SeesEverything =>
        user.ScopeFor(ScopedEntities.Customers) == RecordScope.All && user.ScopeFor(ScopedEntities.Opportunities) == RecordScope.All;

    private async Task<QualityOverview> CountAsync(CancellationToken ct)
    {
        var total = await db.Customers.CountAsync(ct);
        var figures = new List<QualityFigure>();
        foreach (var issue in Enum.GetValues<QualityIssue>().Where(i => i != QualityIssue.AmountOutlier))
            figures.Add(new(issue, await CustomersWith(issue).CountAsync(ct), total));
        var fences = await FencesAsync(ct);
        figures.Add(new(QualityIssue.AmountOutlier, fences.Sum(f => f.Count), await db.Opportunities.CountAsync(ct)));
        return new QualityOverview(total, figures, fences, options.Value.UntouchedMonths);
    }

    /// <summary>The records behind one figure, newest first, one keyset page at a time.</summary>
    public async Task<Page<QualityRecord>> ListAsync(QualityIssue issue, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.QualityRead);
        var size = Keyset.ClampPageSize(limit);
        List<QualityRecord> rows;
        if (issue == QualityIssue.AmountOutlier)
        {
            var deals = Outliers(await FencesAsync(ct));
            rows = (await Keyset.Seek(deals, o => o.CreatedAt, o => o.Id, true, cursor, size)
                    .Select(o => new { o.Id, o.Name, o.Currency, o.AmountMinor, o.CreatedAt }).ToListAsync(ct))
                .Select(o => new QualityRecord(o.Id, "opportunity", o.Name, null,
                    $"{o.Currency} {Currency.FromMinor(o.AmountMinor, o.Currency).ToString(CultureInfo.InvariantCulture)}", o.CreatedAt))
                .ToList();
        }
        else
        {
            rows = await Keyset.Seek(CustomersWith(issue), c => c.CreatedAt, c => c.Id, true, cursor, size)
                .Select(c => new QualityRecord(c.Id, "customer", c.Name, c.Number, null, c.CreatedAt))
                .ToListAsync(ct);
        }
        var (items, next) = Keyset.Cut(rows, size, r => r.CreatedAt, r => r.Id);
        return new Page<QualityRecord>(items, next);
    }

    private IQueryable<Customer> CustomersWith(QualityIssue issue)
    {
        var q = db.Customers.AsNoTracking();
        var untouched = clock.GetUtcNow().UtcDateTime.AddMonths(-options.Value.UntouchedMonths);
        return issue switch
        {
            QualityIssue.MissingEmail => q.Where(c => !c.Channels.Any(x => x.Kind == ChannelKind.Email)),
            QualityIssue.MissingPhone => q.Where(c => !c.Channels.Any(x => x.Kind == ChannelKind.Phone)),
            QualityIssue.MissingIndustry => q.Where(c => c.Industry == null || c.Industry == ""),
            QualityIssue.MissingSource => q.Where(c => c.Source == null || c.Source == ""),
            QualityIssue.MissingAddress => q.Where(c => !c.Addresses.Any()),
            QualityIssue.MissingOwner => q.Where(c => c.OwnerId == null),
            QualityIssue.InvalidPhone => q.Where(c => c.Channels.Any(x => x.Kind == ChannelKind.Phone && !EF.Functions.Like(x.Value, "+%"))),
            QualityIssue.InvalidEmail => q.Where(c => c.Channels.Any(x => x.Kind == ChannelKind.Email && !EF.Functions.Like(x.Value, EmailShape))),
            QualityIssue.Untouched => q.Where(c => c.UpdatedAt < untouched),
            _ => throw RapportValidationException.For("issue", "Validation.Invalid"),
        };
    }

    /// <summary>Per currency, the deals' first and third quartiles (by OFFSET into the ordered amounts, in SQL) and how
    /// many deals lie above Q3 + 3·IQR. Currencies with fewer than four deals have no fence.</summary>
    private async Task<List<AmountFence>> FencesAsync(CancellationToken ct)
    {
        var deals = db.Opportunities.AsNoTracking();
        var counts = await deals.GroupBy(o => o.Currency).Select(g => new { Currency = g.Key, N = g.Count() }).ToListAsync(ct);
        var fences = new List<AmountFence>();
        foreach (var c in counts.Where(c => c.N >= 4).OrderBy(c => c.Currency, StringComparer.Ordinal))
        {
            var ordered = deals.Where(o => o.Currency == c.Currency).OrderBy(o => o.AmountMinor).Select(o => o.AmountMinor);
            var q1 = await ordered.Skip((c.N - 1) / 4).FirstAsync(ct);
            var q3 = await ordered.Skip(3 * (c.N - 1) / 4).FirstAsync(ct);
            var above = q3 + 3 * (q3 - q1);
            var n = await deals.CountAsync(o => o.Currency == c.Currency && o.AmountMinor > above, ct);
            fences.Add(new AmountFence(c.Currency, Currency.FromMinor(q1, c.Currency), Currency.FromMinor(q3, c.Currency),
                Currency.FromMinor(above, c.Currency), n));
        }
        return fences;
    }

    private IQueryable<Opportunity> Outliers(List<AmountFence> fences)
    {
        Expression<Func<Opportunity, bool>> none = o => false;
        var q = db.Opportunities.AsNoTracking();
        if (fences.Count == 0) return q.Where(none);
        var param = Expression.Parameter(typeof(Opportunity), "o");
        Expression? any = null;
        foreach (var f in fences)
        {
            var above = Currency.ToMinor(f.Above, f.Currency);
            var one = Expression.AndAlso(
                Expression.Equal(Expression.Property(param, nameof(Opportunity.Currency)), Expression.Constant(f.Currency)),
                Expression.GreaterThan(Expression.Property(param, nameof(Opportunity.AmountMinor)), Expression.Constant(above)));
            any = any is null ? one : Expression.OrElse(any, one);
        }
        return q.Where(Expression.Lambda<Func<Opportunity, bool>>(any!, param));
    }
}
