using System.Linq.Expressions;
using Rapport.Core.Sales;
using P = Rapport.Core.Access.Permissions;

namespace Rapport.Core.Reports;

/// <summary>Aggregate awareness for deals (ADR-045): a report over <c>opportunities</c> that groups and filters only by
/// owner, stage and outcome, filters its creation date by whole calendar days, and counts or sums the amount is
/// answered from <see cref="DealRollup"/> rather than from every deal. The period [from, to) is moved to the nearest
/// UTC midnights; the whole UTC months inside come from the month rows, the days left over from the day rows, and the
/// hours between each true end and its midnight from the deals themselves, through the deals' own source — added
/// when the midnight is inside the period, taken away when it is outside. A report without a period reads the month
/// rows only. Anything else is left to the base query (null from <see cref="For"/>). The rollup is record-scoped by its
/// owner as deals are (<see cref="Data.RecordScopes"/>); but a deal is also read through its customer, whose own scope
/// applies to that join, so the rollup answers only callers whose scope holds every customer (a rep who owns a deal on
/// a colleague's customer does not see it in lists, and must not in totals). The deals' source has no field a reader
/// may have masked, so scope and masking hold on both paths.</summary>
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
    public static DealRollupQuery? For(ReportPlan plan, RapportDbContext db)
    {
        if (!db.ReachesAllCustomers) return null;
        // One measure slot is kept for the hidden count that tells an empty group from a group summing to zero.
        if (plan.Source.Name != "opportunities" || plan.Source.RowType != typeof(Opportunity) || plan.Measures.Count >= ReportQuery.MaxMeasures) return null;
        var rollup = new ReportPlan(Rollup, plan.Context);
        var deals = new ReportPlan(plan.Source, plan.Context);
        ReportDimension? Grouping(ReportDimension d) =>
            !Answerable.Contains(d.Field) ? null : Rollup.Dimension(d.Field == "owner" ? "ownerKey" : d.Field);
        foreach (var (dimension, bucket) in plan.Rows)
        {
            if (Grouping(dimension) is not { } d) return null;
            rollup.Rows.Add((d, null));
            deals.Rows.Add((dimension, bucket));
        }
        if (plan.Column is { } column)
        {
            if (Grouping(column.Dimension) is not { } d) return null;
            rollup.Column = (d, null);
            deals.Column = column;
        }
        foreach (var (fn, field) in plan.Measures)
        {
            // A count of deals is the sum of the rows' counts; a sum of amounts the sum of their sums (per currency).
            if (fn == MeasureFunction.Count) rollup.Measures.Add((MeasureFunction.Sum, Rollup.Measure("count")));
            else if (fn == MeasureFunction.Sum && field?.Field == "amount") rollup.Measures.Add((MeasureFunction.Sum, Rollup.Measure("amount")));
            else return null;
            deals.Measures.Add((fn, field));
        }
        rollup.Measures.Add((MeasureFunction.Sum, Rollup.Measure("count")));
        deals.Measures.Add((MeasureFunction.Count, null));
        DateTime? from = null, to = null;
        foreach (var (filter, dimension) in plan.Filters)
        {
            // The period becomes [from, to); the deals' query reads only the hours named by CellsAsync, not the period
            // (the hours it takes away lie outside it).
            if (dimension.Field == "createdAt")
            {
                if (!Narrow(filter, plan.Context.Zone, ref from, ref to)) return null;
                continue;
            }
            if (!Answerable.Contains(dimension.Field)) return null;
            rollup.Filters.Add((filter, Rollup.Dimension(dimension.Field)!));
            deals.Filters.Add((filter, dimension));
        }
        // The nearest midnights and their next months must be days a DateOnly can name (a period ending in 9999 is left
        // to the deals).
        var last = DateTime.MaxValue.AddYears(-1);
        if ((from is { } f && f > last) || (to is { } t && t > last)) return null;
        // A period that ends before it starts holds no deal: the base query answers it (with nothing), not the edge hours.
        if (from is { } a && to is { } b && a >= b) return null;
        return new DealRollupQuery(deals, rollup, from, to);
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

    /// <summary>The UTC midnight nearest to <paramref name="at"/> (noon goes forward).</summary>
    private static DateOnly Nearest(DateTime at) => DateOnly.FromDateTime(at.TimeOfDay.TotalHours >= 12 ? at.AddDays(1) : at);

    private static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Which rollup rows make the period rounded to midnights: month rows for [months from, months to), day
    /// rows for the days on either side inside [days from, days to); a null end is open.</summary>
    private (DateOnly? DaysFrom, DateOnly? MonthsFrom, DateOnly? MonthsTo, DateOnly? DaysTo) Rows()
    {
        DateOnly? lo = _from is { } f ? Nearest(f) : null, hi = _to is { } t ? Nearest(t) : null;
        if (lo is { } a && hi is { } b && a >= b) return (a, a, a, a);
        // The first whole month at or after lo, and the start of the month holding hi.
        DateOnly? monthsFrom = lo is { } l ? (l.Day == 1 ? l : MonthOf(l).AddMonths(1)) : null;
        DateOnly? monthsTo = hi is { } h ? MonthOf(h) : null;
        if (monthsFrom is { } mf && monthsTo is { } mt && mf >= mt) return (lo, hi, hi, hi);
        return (lo, monthsFrom, monthsTo, hi);
    }

    /// <summary>The rollup's grouped query (what <see cref="ReportQuery.Sql"/> shows).</summary>
    public IQueryable<GroupRow> RollupQuery(RapportDbContext db)
    {
        var (daysFrom, monthsFrom, monthsTo, daysTo) = Rows();
        var (df, mf, mt, dt) = (daysFrom ?? DateOnly.MinValue, monthsFrom ?? DateOnly.MinValue, monthsTo ?? DateOnly.MaxValue, daysTo ?? DateOnly.MaxValue);
        Expression<Func<DealRollup, bool>> rows = daysFrom is null && daysTo is null
            ? r => r.Grain == RollupGrain.Month
            // Three ranges of one index (grain, day), so SQLite scans each rather than every day row.
            : r => (r.Grain == RollupGrain.Month && r.Day >= mf && r.Day < mt)
                || (r.Grain == RollupGrain.Day && r.Day >= df && r.Day < mf)
                || (r.Grain == RollupGrain.Day && r.Day >= mt && r.Day < dt);
        return ReportQuery.Grouped(db, _rollup, ReportQuery.All(_rollup), rows);
    }

    /// <summary>The groups, as the deals' query would give them: the rollup's months and days plus (or minus) the deals
    /// between each end of the period and its nearest midnight, added up per key; groups left without deals dropped.</summary>
    public async Task<List<GroupRow>> CellsAsync(RapportDbContext db, int take, CancellationToken ct)
    {
        var cells = await RollupQuery(db).Take(take).ToListAsync(ct);
        var owners = _rollup.Rows.Select((r, i) => (r.Dimension.Field, i)).Where(x => x.Field == "ownerKey").Select(x => x.i).ToList();
        if (_rollup.Column?.Dimension.Field == "ownerKey") owners.Add(_rollup.Rows.Count);
        foreach (var cell in cells)
            foreach (var i in owners.Where(i => cell.Key(i) is Guid g && g == Guid.Empty))
                cell.SetKey(i, null);

        var (added, taken) = (new List<(DateTime From, DateTime To)>(), new List<(DateTime From, DateTime To)>());
        if (_from is { } f && Start(Nearest(f)) is var lo && lo != f) (lo > f ? added : taken).Add(lo > f ? (f, lo) : (lo, f));
        if (_to is { } t && Start(Nearest(t)) is var hi && hi != t) (hi < t ? added : taken).Add(hi < t ? (hi, t) : (t, hi));
        if (added.Count + taken.Count == 0) return cells;
        foreach (var (hours, sign) in new[] { (added, 1.0), (taken, -1.0) }.Where(x => x.Item1.Count > 0))
        {
            var (x1, y1) = hours[0];
            var (x2, y2) = hours[^1];
            Expression<Func<Opportunity, bool>> between = hours.Count == 1
                ? o => o.CreatedAt >= x1 && o.CreatedAt < y1
                : o => (o.CreatedAt >= x1 && o.CreatedAt < y1) || (o.CreatedAt >= x2 && o.CreatedAt < y2);
            foreach (var row in await ReportQuery.Grouped(db, _deals, ReportQuery.All(_deals), between).Take(take).ToListAsync(ct))
            {
                for (var i = 0; i < _deals.Measures.Count; i++) row.SetMeasure(i, row.Measure(i) * sign);
                cells.Add(row);
            }
        }
        var count = _deals.Measures.Count - 1;
        return ReportQuery.Rollup(_deals, cells, rows: true, column: true).Where(c => c.Measure(count) > 0).ToList();
    }
}
