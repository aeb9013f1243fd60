using System.Linq.Expressions;
using Rapport.Core.Sales;
using P = Rapport.Core.Access.Permissions;

namespace Rapport.Core.Reports;

/// <summary>Aggregate awareness for deals (ADR-045): a report over <c>opportunities</c> that groups and filters only by
/// owner, stage and outcome, filters its creation date by whole calendar days, and counts or sums the amount is
/// answered from <see cref="DealRollup"/> (a few rows per day) rather than from every deal. Days of the period that
/// are whole UTC days come from the rollup; the hours at either end (the company's day rarely starts at midnight UTC)
/// from the deals themselves, through the deals' own source. Anything else is left to the base query (null from
/// <see cref="For"/>). The rollup is record-scoped by its owner exactly as deals are (<see cref="Data.RecordScopes"/>),
/// and the deals' source has no field a reader may have masked, so scope and masking hold on both paths.</summary>
internal sealed class DealRollupQuery
{
    /// <summary>The rollup as a report source, with the deals' field names and key types. <c>owner</c> reads the empty
    /// key as no owner (for filters); groups use the stored key (<c>ownerKey</c>, its index order) and are mapped back.</summary>
    private static readonly ReportSource<DealRollup> Rollup =
        new ReportSource<DealRollup>("opportunities", P.OpportunitiesRead, db => db.DealRollups.Where(r => r.Count > 0))
            .Field("owner", r => r.OwnerKey == Guid.Empty ? null : (Guid?)r.OwnerKey, ReportLabels.Users)
            .Field("ownerKey", r => (Guid?)r.OwnerKey, ReportLabels.Users)
            .Field("stage", r => r.StageId, ReportLabels.Stages)
            .Computed("outcome", x => r => r.Open ? "open" : x.WonStages.Contains(r.StageId) ? "won" : "lost")
            .Money(r => r.Currency, ("amount", r => r.AmountMinor))
            .Number("count", r => r.Count);

    private static readonly string[] Answerable = ["owner", "stage", "outcome"];

    private readonly ReportPlan _deals;
    private readonly ReportPlan _rollup;
    private readonly DateTime? _from;
    private readonly DateTime? _to;

    private DealRollupQuery(ReportPlan deals, ReportPlan rollup, DateTime? from, DateTime? to) =>
        (_deals, _rollup, _from, _to) = (deals, rollup, from, to);

    /// <summary>The rollup's plan for <paramref name="plan"/>, or null when the rollup cannot answer it.</summary>
    public static DealRollupQuery? For(ReportPlan plan)
    {
        if (plan.Source.Name != "opportunities" || plan.Source.RowType != typeof(Opportunity)) return null;
        var rollup = new ReportPlan(Rollup, plan.Context);
        ReportDimension? Grouping(ReportDimension d) =>
            !Answerable.Contains(d.Field) ? null : Rollup.Dimension(d.Field == "owner" ? "ownerKey" : d.Field);
        foreach (var (dimension, _) in plan.Rows)
        {
            if (Grouping(dimension) is not { } d) return null;
            rollup.Rows.Add((d, null));
        }
        if (plan.Column is { } column)
        {
            if (Grouping(column.Dimension) is not { } d) return null;
            rollup.Column = (d, null);
        }
        foreach (var (fn, field) in plan.Measures)
        {
            // A count of deals is the sum of the rows' counts; a sum of amounts the sum of their sums (per currency).
            if (fn == MeasureFunction.Count) rollup.Measures.Add((MeasureFunction.Sum, Rollup.Measure("count")));
            else if (fn == MeasureFunction.Sum && field?.Field == "amount") rollup.Measures.Add((MeasureFunction.Sum, Rollup.Measure("amount")));
            else return null;
        }
        DateTime? from = null, to = null;
        foreach (var (filter, dimension) in plan.Filters)
        {
            if (dimension.Field == "createdAt")
            {
                if (!Narrow(filter, plan.Context.Zone, ref from, ref to)) return null;
                continue;
            }
            if (!Answerable.Contains(dimension.Field)) return null;
            rollup.Filters.Add((filter, Rollup.Dimension(dimension.Field)!));
        }
        if (from is { } f && f.TimeOfDay != TimeSpan.Zero && DateOnly.FromDateTime(f) == DateOnly.MaxValue) return null;
        return new DealRollupQuery(plan, rollup, from, to);
    }

    /// <summary>Narrows [<paramref name="from"/>, <paramref name="to"/>) by a filter on the creation date as the deals'
    /// query reads it (a calendar day of the company's zone runs from its start to the next day's); false for a filter
    /// that is no such interval (<c>ne</c>, <c>in</c>, empty).</summary>
    private static bool Narrow(ReportFilter filter, TimeZoneInfo zone, ref DateTime? from, ref DateTime? to)
    {
        if (filter.Op is not (FilterOp.Eq or FilterOp.Gt or FilterOp.Gte or FilterOp.Lt or FilterOp.Lte)
            || !DateOnly.TryParseExact(filter.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return false;
        var (start, end) = (TimeZones.DayStartUtc(day, zone), TimeZones.DayEndUtc(day, zone));
        DateTime? lo = filter.Op switch { FilterOp.Eq or FilterOp.Gte => start, FilterOp.Gt => end, _ => null };
        DateTime? hi = filter.Op switch { FilterOp.Eq or FilterOp.Lte => end, FilterOp.Lt => start, _ => null };
        if (lo is { } l && (from is null || l > from)) from = l;
        if (hi is { } h && (to is null || h < to)) to = h;
        return true;
    }

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The first whole UTC day of the period and the day after its last (null: unbounded).</summary>
    private (DateOnly? First, DateOnly? End) Days() =>
        (_from is { } f ? (f.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(f) : DateOnly.FromDateTime(f).AddDays(1)) : null,
         _to is { } t ? DateOnly.FromDateTime(t) : null);

    /// <summary>The rollup's grouped query (what <see cref="ReportQuery.Sql"/> shows).</summary>
    public IQueryable<GroupRow> RollupQuery(RapportDbContext db)
    {
        var (first, end) = Days();
        Expression<Func<DealRollup, bool>>? days = (first, end) switch
        {
            ({ } a, { } b) => r => r.Day >= a && r.Day < b,
            ({ } a, null) => r => r.Day >= a,
            (null, { } b) => r => r.Day < b,
            _ => null,
        };
        return ReportQuery.Grouped(db, _rollup, ReportQuery.All(_rollup), days);
    }

    /// <summary>The groups, as the deals' query would give them: the rollup's whole days plus the deals of the hours at
    /// either end, added up per key.</summary>
    public async Task<List<GroupRow>> CellsAsync(RapportDbContext db, int take, CancellationToken ct)
    {
        var (first, end) = Days();
        var edges = new List<(DateTime From, DateTime To)>();
        List<GroupRow> cells;
        if (first is { } a && end is { } b && a >= b)
        {
            // No whole day inside the period: it is all an edge.
            cells = [];
            if (_from < _to) edges.Add((_from!.Value, _to!.Value));
        }
        else
        {
            cells = await RollupQuery(db).Take(take).ToListAsync(ct);
            var owners = _rollup.Rows.Select((r, i) => (r.Dimension.Field, i)).Where(x => x.Field == "ownerKey").Select(x => x.i).ToList();
            if (_rollup.Column?.Dimension.Field == "ownerKey") owners.Add(_rollup.Rows.Count);
            foreach (var cell in cells)
                foreach (var i in owners.Where(i => cell.Key(i) is Guid g && g == Guid.Empty))
                    cell.SetKey(i, null);
            if (_from is { } f && first is { } a2 && f < Start(a2)) edges.Add((f, Start(a2)));
            if (_to is { } t && end is { } b2 && Start(b2) < t) edges.Add((Start(b2), t));
        }
        if (edges.Count == 0) return cells;
        var (x1, y1) = edges[0];
        var (x2, y2) = edges[^1];
        Expression<Func<Opportunity, bool>> hours = edges.Count == 1
            ? o => o.CreatedAt >= x1 && o.CreatedAt < y1
            : o => (o.CreatedAt >= x1 && o.CreatedAt < y1) || (o.CreatedAt >= x2 && o.CreatedAt < y2);
        cells.AddRange(await ReportQuery.Grouped(db, _deals, ReportQuery.All(_deals), hours).Take(take).ToListAsync(ct));
        return ReportQuery.Rollup(_deals, cells, rows: true, column: true);
    }
}
