using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text.Json;

namespace Rapport.Core.Reports;

/// <summary>A checked <see cref="ReportDefinition"/>: every name resolved against its source's whitelist. Built only
/// by <see cref="ReportQuery.Plan"/>, so nothing the client sent reaches the query but whitelisted expressions and
/// parsed constants.</summary>
public sealed class ReportPlan
{
    internal ReportPlan(ReportSource source, ReportContext context) => (Source, Context) = (source, context);

    public ReportSource Source { get; }
    public ReportContext Context { get; }
    internal List<(ReportDimension Dimension, TimeBucket? Bucket)> Rows { get; } = [];
    internal (ReportDimension Dimension, TimeBucket? Bucket)? Column { get; set; }
    internal List<(MeasureFunction Fn, ReportMeasureField? Field)> Measures { get; } = [];
    internal List<(ReportFilter Filter, ReportDimension Dimension)> Filters { get; } = [];
    internal ReportSort? Sort { get; set; }
    internal int? Top { get; set; }

    /// <summary>A money measure groups by currency too: minor units of different currencies never add up.</summary>
    internal bool ByCurrency => Measures.Any(m => m.Field?.Money == true && m.Fn != MeasureFunction.DistinctCount) && Source.Currency is not null;
}

/// <summary>Builds a report's query as LINQ the database runs (<c>Where</c>, <c>GroupBy</c> and aggregates, so rows
/// are grouped in the database and only groups come back), and shapes the groups into a pivot.</summary>
public static class ReportQuery
{
    public const int MaxRows = 2, MaxMeasures = 8, MaxFilters = 20, MaxTop = 1000, MaxValues = 100;

    /// <summary>Most groups one query returns; a result with more is cut and says so.</summary>
    public const int MaxGroups = 5000;

    /// <summary>Resolves every name in <paramref name="definition"/> against the source's whitelist, or throws a 400
    /// naming each field that is not on it. <paramref name="hidden"/> says which sensitive fields the reader may not
    /// see: those are neither dimensions nor filters for them.</summary>
    public static ReportPlan Plan(ReportDefinition definition, ReportContext context, Func<string, bool> hidden)
    {
        var source = ReportSources.Find(definition.Source)
            ?? throw RapportValidationException.For("source", "Report.UnknownSource", definition.Source ?? "");
        var plan = new ReportPlan(source, context);
        var errors = new List<FieldError>();

        ReportDimension? Dimension(string path, ReportDimensionRef? r)
        {
            if (r is null || string.IsNullOrWhiteSpace(r.Field)) { errors.Add(new(path + ".field", "Validation.Required")); return null; }
            var d = source.Dimension(r.Field);
            if (d is null) { errors.Add(new(path + ".field", "Report.UnknownField", r.Field)); return null; }
            if (d.Sensitive is { } s && hidden(s)) { errors.Add(new(path + ".field", "Report.FieldMasked", r.Field)); return null; }
            if (r.Bucket is not null && d.Kind != DimensionKind.Date) { errors.Add(new(path + ".bucket", "Report.BucketNotDate", r.Field)); return null; }
            return d;
        }

        var rows = definition.Rows ?? [];
        if (rows.Count > MaxRows) errors.Add(new("rows", "Report.TooManyRows", MaxRows));
        for (var i = 0; i < rows.Count && i < MaxRows; i++)
            if (Dimension($"rows[{i}]", rows[i]) is { } d) plan.Rows.Add((d, d.Kind == DimensionKind.Date ? rows[i].Bucket ?? TimeBucket.Month : null));
        if (definition.Column is { } column && Dimension("column", column) is { } cd)
            plan.Column = (cd, cd.Kind == DimensionKind.Date ? column.Bucket ?? TimeBucket.Month : null);

        var measures = definition.Measures is { Count: > 0 } m ? m : [new ReportMeasureRef(MeasureFunction.Count)];
        if (measures.Count > MaxMeasures) errors.Add(new("measures", "Report.TooManyMeasures", MaxMeasures));
        for (var i = 0; i < measures.Count && i < MaxMeasures; i++)
        {
            if (measures[i] is not { } measure) { errors.Add(new($"measures[{i}]", "Validation.Required")); continue; }
            var (fn, field) = (measure.Fn, measure.Field);
            if (!Enum.IsDefined(fn)) { errors.Add(new($"measures[{i}].fn", "Validation.Invalid")); continue; }
            if (fn == MeasureFunction.Count) { plan.Measures.Add((fn, null)); continue; }
            if (string.IsNullOrWhiteSpace(field)) { errors.Add(new($"measures[{i}].field", "Validation.Required")); continue; }
            if (source.Measure(field) is { } f) plan.Measures.Add((fn, f));
            else errors.Add(new($"measures[{i}].field", "Report.UnknownField", field));
        }

        var filters = definition.Filters ?? [];
        if (filters.Count > MaxFilters) errors.Add(new("filters", "Report.TooManyFilters", MaxFilters));
        for (var i = 0; i < filters.Count && i < MaxFilters; i++)
        {
            var f = filters[i];
            var d = f is null || string.IsNullOrWhiteSpace(f.Field) ? null : source.Dimension(f.Field);
            if (d is null) { errors.Add(new($"filters[{i}].field", "Report.UnknownField", f?.Field ?? "")); continue; }
            if (d.Sensitive is { } s && hidden(s)) { errors.Add(new($"filters[{i}].field", "Report.FieldMasked", f!.Field)); continue; }
            var p = Expression.Parameter(source.RowType, "r");
            try { _ = FilterBody(f!, d, context, p); plan.Filters.Add((f!, d)); }
            catch (RapportValidationException e) { errors.AddRange(e.Errors.Select(x => x with { Field = $"filters[{i}].{x.Field}" })); }
        }

        if (definition.Sort is { Measure: { } sm } && (sm < 0 || sm >= measures.Count)) errors.Add(new("sort.measure", "Report.UnknownMeasure", sm));
        if (definition.Top is { } top && (top < 1 || top > MaxTop)) errors.Add(new("top", "Report.Top", MaxTop));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        plan.Sort = definition.Sort;
        plan.Top = definition.Top;
        return plan;
    }

    /// <summary>The SQL of the report's main query, as the database receives it (for tests and the operator's eye): the
    /// rollup's when it answers the report (<paramref name="rollup"/>, ADR-045), else the query over the source's rows.</summary>
    public static string Sql(RapportDbContext db, ReportPlan plan, bool rollup = true) =>
        (rollup && DealRollupQuery.For(plan, db) is { } fast ? fast.RollupQuery(db) : Grouped(db, plan, All(plan))).ToQueryString();

    /// <summary>Runs the plan: the pivot's cells, its row totals, column totals and grand totals, each grouped in the database.</summary>
    public static Task<ReportResult> RunAsync(RapportDbContext db, ReportPlan plan, CancellationToken ct) => RunAsync(db, plan, rollup: true, ct);

    /// <summary>Runs the plan; with <paramref name="rollup"/> its cells come from a rollup table when one answers it
    /// (<see cref="DealRollupQuery"/>), else (and always without) from the source's rows.</summary>
    public static async Task<ReportResult> RunAsync(RapportDbContext db, ReportPlan plan, bool rollup, CancellationToken ct)
    {
        var fast = rollup ? DealRollupQuery.For(plan, db) : null;
        var cells = fast is not null
            ? await fast.CellsAsync(db, MaxGroups + 1, ct)
            : await Grouped(db, plan, All(plan)).Take(MaxGroups + 1).ToListAsync(ct);
        var truncated = cells.Count > MaxGroups;
        if (truncated) cells.RemoveAt(MaxGroups);
        var hasColumn = plan.Column is not null;
        // Counts, sums, minima and maxima of the groups are those of their rows: the totals are rolled up from the
        // cells the database grouped. Averages and distinct counts are not, so those totals are grouped again.
        var additive = !truncated && plan.Measures.All(m => m.Fn is MeasureFunction.Count or MeasureFunction.Sum or MeasureFunction.Min or MeasureFunction.Max);
        async Task<List<GroupRow>> TotalsAsync(bool rows, bool column) => additive
            ? Rollup(plan, cells, rows, column)
            : await Grouped(db, plan, Keys(plan, rows, column)).Take(MaxGroups).ToListAsync(ct);
        var rowsOnly = hasColumn ? await TotalsAsync(rows: true, column: false) : cells;
        var columnsOnly = hasColumn ? await TotalsAsync(rows: false, column: true) : [];
        var grand = await TotalsAsync(rows: false, column: false);
        return await new Shaper(plan).ShapeAsync(db, cells, rowsOnly, columnsOnly, grand, truncated, ct);
    }

    /// <summary>The cells grouped again by a part of their key (the rows, the column, or neither; the currency always).</summary>
    internal static List<GroupRow> Rollup(ReportPlan plan, List<GroupRow> cells, bool rows, bool column)
    {
        var r = plan.Rows.Count;
        var at = new List<int>();
        if (rows) at.AddRange(Enumerable.Range(0, r));
        if (column && plan.Column is not null) at.Add(r);
        if (plan.ByCurrency) at.Add(r + (plan.Column is null ? 0 : 1));
        return cells.GroupBy(c => string.Join('\u001f', at.Select(i => c.Key(i) is { } k ? k.GetType().Name + ":" + k : "\0")), StringComparer.Ordinal)
            .Select(g =>
            {
                var row = new GroupRow();
                for (var j = 0; j < at.Count; j++) row.SetKey(j, g.First().Key(at[j]));
                for (var i = 0; i < plan.Measures.Count; i++)
                {
                    var values = g.Select(c => c.Measure(i)).OfType<double>().ToList();
                    row.SetMeasure(i, values.Count == 0 ? null : plan.Measures[i].Fn switch
                    {
                        MeasureFunction.Min => values.Min(),
                        MeasureFunction.Max => values.Max(),
                        _ => values.Sum(),
                    });
                }
                return row;
            }).ToList();
    }

    internal static List<KeyPart> All(ReportPlan plan) => Keys(plan, rows: true, column: true);

    /// <summary>One part of a group key: a row or column dimension, or the currency.</summary>
    internal sealed record KeyPart(ReportDimension? Dimension, TimeBucket? Bucket, bool IsColumn = false)
    {
        public bool IsCurrency => Dimension is null;
    }

    private static List<KeyPart> Keys(ReportPlan plan, bool rows, bool column)
    {
        var keys = new List<KeyPart>();
        if (rows) keys.AddRange(plan.Rows.Select(r => new KeyPart(r.Dimension, r.Bucket)));
        if (column && plan.Column is { } c) keys.Add(new KeyPart(c.Dimension, c.Bucket, IsColumn: true));
        if (plan.ByCurrency) keys.Add(new KeyPart(null, null));
        return keys;
    }

    /// <summary>filter → GroupBy(keys) → Select(aggregates), as one IQueryable EF translates (it refuses, rather than
    /// running on the client, any part it cannot).
    /// <paramref name="where"/> narrows the rows first (a lambda over the source's row type).</summary>
    internal static IQueryable<GroupRow> Grouped(RapportDbContext db, ReportPlan plan, List<KeyPart> keys, LambdaExpression? where = null)
    {
        var root = plan.Source.Root(db);
        var t = plan.Source.RowType;
        var p = Expression.Parameter(t, "r");
        var query = root.Expression;
        if (where is not null)
            query = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [t], query, Expression.Quote(where));
        foreach (var (filter, dimension) in plan.Filters)
            query = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [t], query,
                Expression.Quote(Expression.Lambda(FilterBody(filter, dimension, plan.Context, p), p)));

        var keyExpressions = keys.Select(k => k.IsCurrency ? Bind(plan.Source.Currency!, p) : KeyOf(k.Dimension!, k.Bucket, plan.Context, p)).ToList();
        Expression keyBody;
        Type keyType;
        if (keyExpressions.Count == 0) (keyBody, keyType) = (Expression.Constant(1), typeof(int));
        else
        {
            keyType = GroupKeys[keyExpressions.Count - 1].MakeGenericType([.. keyExpressions.Select(k => k.Type)]);
            keyBody = Expression.MemberInit(Expression.New(keyType),
                keyExpressions.Select((k, i) => Expression.Bind(keyType.GetProperty("K" + i)!, k)));
        }
        query = Expression.Call(typeof(Queryable), nameof(Queryable.GroupBy), [t, keyType], query, Expression.Quote(Expression.Lambda(keyBody, p)));

        var groupType = typeof(IGrouping<,>).MakeGenericType(keyType, t);
        var g = Expression.Parameter(groupType, "g");
        var bindings = new List<MemberBinding>();
        for (var i = 0; i < keyExpressions.Count; i++)
            bindings.Add(Expression.Bind(typeof(GroupRow).GetProperty("K" + i)!,
                Expression.Convert(Expression.Property(Expression.Property(g, "Key"), "K" + i), typeof(object))));
        for (var i = 0; i < plan.Measures.Count; i++)
            bindings.Add(Expression.Bind(typeof(GroupRow).GetProperty("M" + i)!, Aggregate(plan.Measures[i], g, t, plan.Context)));
        var select = Expression.Lambda(Expression.MemberInit(Expression.New(typeof(GroupRow)), bindings), g);
        query = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [groupType, typeof(GroupRow)], query, Expression.Quote(select));
        return root.Provider.CreateQuery<GroupRow>(query);
    }

    private static readonly Type[] GroupKeys = [typeof(GroupKey<>), typeof(GroupKey<,>), typeof(GroupKey<,,>), typeof(GroupKey<,,,>)];

    private static Expression Aggregate((MeasureFunction Fn, ReportMeasureField? Field) measure, ParameterExpression g, Type t, ReportContext context)
    {
        if (measure.Fn == MeasureFunction.Count)
            return Expression.Convert(Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [t], g), typeof(double?));
        var x = Expression.Parameter(t, "x");
        var value = Expression.Lambda(Expression.Convert(Bind(measure.Field!.Selector(context), x), typeof(double?)), x);
        return measure.Fn switch
        {
            MeasureFunction.Sum => Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [t], g, value),
            MeasureFunction.Avg => Expression.Call(typeof(Enumerable), nameof(Enumerable.Average), [t], g, value),
            MeasureFunction.Min => Expression.Call(typeof(Enumerable), nameof(Enumerable.Min), [t], g, value),
            MeasureFunction.Max => Expression.Call(typeof(Enumerable), nameof(Enumerable.Max), [t], g, value),
            _ => Expression.Convert(Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(double?)],
                Expression.Call(typeof(Enumerable), nameof(Enumerable.Distinct), [typeof(double?)],
                    Expression.Call(typeof(Enumerable), nameof(Enumerable.Select), [t, typeof(double?)], g, value))), typeof(double?)),
        };
    }

    /// <summary>The selector's body over <paramref name="p"/>.</summary>
    private static Expression Bind(LambdaExpression selector, ParameterExpression p) =>
        new Rebind(selector.Parameters[0], p).Visit(selector.Body);

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    // ---- keys: a dimension's value, a date's bucket in the company's time zone ----

    internal static Expression KeyOf(ReportDimension dimension, TimeBucket? bucket, ReportContext context, ParameterExpression p)
    {
        var body = Bind(dimension.Selector(context), p);
        return dimension.Kind == DimensionKind.Date ? DateKey(body, bucket ?? TimeBucket.Month, context.Zone) : body;
    }

    /// <summary>An int naming the bucket (<c>202504</c> for April 2025, <c>20252</c> for its quarter, <c>20250331</c>
    /// for the week starting that Monday), or null for no date. An instant is moved to the company's wall clock first:
    /// by the zone's UTC offset, piecewise between its transitions (constants, so the database needs no time-zone data).</summary>
    internal static Expression DateKey(Expression body, TimeBucket bucket, TimeZoneInfo zone)
    {
        var nullable = Nullable.GetUnderlyingType(body.Type) is not null;
        var v = nullable ? Expression.Property(body, "Value") : body;
        Expression local = v;
        if (v.Type == typeof(DateTime) && Offsets(zone) is var offsets && !(offsets.Count == 1 && offsets[0].Minutes == 0))
            local = Expression.Call(v, nameof(DateTime.AddMinutes), null, Expression.Convert(OffsetAt(v, offsets, 0, offsets.Count), typeof(double)));
        var key = Bucket(local, bucket);
        var result = Expression.Convert(key, typeof(int?));
        return nullable ? Expression.Condition(Expression.Equal(body, Expression.Constant(null, body.Type)), Expression.Constant(null, typeof(int?)), result) : result;
    }

    private static Expression Bucket(Expression local, TimeBucket bucket)
    {
        Expression Part(Expression d, string name) => Expression.Property(d, name);
        Expression Int(int i) => Expression.Constant(i);
        Expression YearMonthDay(Expression d) => Expression.Add(Expression.Add(Expression.Multiply(Part(d, "Year"), Int(10000)),
            Expression.Multiply(Part(d, "Month"), Int(100))), Part(d, "Day"));
        switch (bucket)
        {
            case TimeBucket.Year: return Part(local, "Year");
            case TimeBucket.Quarter:
                return Expression.Add(Expression.Multiply(Part(local, "Year"), Int(10)), Expression.Divide(Expression.Add(Part(local, "Month"), Int(2)), Int(3)));
            case TimeBucket.Month: return Expression.Add(Expression.Multiply(Part(local, "Year"), Int(100)), Part(local, "Month"));
            case TimeBucket.Day: return YearMonthDay(local);
            default:
                // The Monday the week starts on: back (dayOfWeek + 6) % 7 days.
                var back = Expression.Negate(Expression.Modulo(Expression.Add(Expression.Convert(Part(local, "DayOfWeek"), typeof(int)), Int(6)), Int(7)));
                var monday = local.Type == typeof(DateTime)
                    ? Expression.Call(Part(local, "Date"), nameof(DateTime.AddDays), null, Expression.Convert(back, typeof(double)))
                    : Expression.Call(local, nameof(DateOnly.AddDays), null, back);
                return YearMonthDay(monday);
        }
    }

    /// <summary>The zone's offset (minutes) in force from each instant on, 2000 to ten years ahead: one entry for a zone
    /// without daylight saving time.</summary>
    internal static IReadOnlyList<(DateTime From, int Minutes)> Offsets(TimeZoneInfo zone) => OffsetCache.GetOrAdd(zone.Id, _ =>
    {
        var list = new List<(DateTime From, int Minutes)>();
        var at = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(DateTime.UtcNow.Year + 10, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int Minutes(DateTime u) => (int)zone.GetUtcOffset(u).TotalMinutes;
        list.Add((DateTime.MinValue, Minutes(at)));
        for (var day = at; day < end; day = day.AddDays(1))
        {
            var next = day.AddDays(1);
            if (Minutes(next) == Minutes(day)) continue;
            // The change happened within the day: find its minute.
            var (lo, hi) = (0, 24 * 60);
            while (hi - lo > 1) { var mid = (lo + hi) / 2; if (Minutes(day.AddMinutes(mid)) == Minutes(day)) lo = mid; else hi = mid; }
            list.Add((DateTime.SpecifyKind(day.AddMinutes(hi), DateTimeKind.Utc), Minutes(next)));
        }
        return list;
    });

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(DateTime From, int Minutes)>> OffsetCache = new();

    /// <summary>A balanced CASE over the transitions in [lo, hi): a few comparisons deep whatever the zone.</summary>
    private static Expression OffsetAt(Expression instant, IReadOnlyList<(DateTime From, int Minutes)> offsets, int lo, int hi)
    {
        if (hi - lo == 1) return Expression.Constant(offsets[lo].Minutes);
        var mid = (lo + hi) / 2;
        return Expression.Condition(Expression.LessThan(instant, Expression.Constant(offsets[mid].From)),
            OffsetAt(instant, offsets, lo, mid), OffsetAt(instant, offsets, mid, hi));
    }

    // ---- filters ----

    private static readonly FilterOp[] Ordering = [FilterOp.Gt, FilterOp.Gte, FilterOp.Lt, FilterOp.Lte];

    internal static Expression FilterBody(ReportFilter filter, ReportDimension dimension, ReportContext context, ParameterExpression p)
    {
        var field = Bind(dimension.Selector(context), p);
        var type = field.Type;
        var u = Nullable.GetUnderlyingType(type) ?? type;
        var canBeNull = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        if (filter.Op is FilterOp.Empty or FilterOp.NotEmpty)
        {
            if (!canBeNull) return Expression.Constant(filter.Op == FilterOp.NotEmpty);
            var isNull = Expression.Equal(field, Expression.Constant(null, type));
            return filter.Op == FilterOp.Empty ? isNull : Expression.Not(isNull);
        }
        if (Ordering.Contains(filter.Op) && dimension.Kind is not (DimensionKind.Date or DimensionKind.Number))
            throw RapportValidationException.For("op", "Report.BadOperator", filter.Op.ToString());
        if (filter.Op == FilterOp.In)
        {
            var values = filter.Values ?? [];
            if (values.Count is 0 or > MaxValues) throw RapportValidationException.For("values", "Report.Values", MaxValues);
            return values.Select(v => Compare(FilterOp.Eq, field, u, v, context.Zone, "values")).Aggregate(Expression.OrElse);
        }
        return Compare(filter.Op, field, u, filter.Value, context.Zone, "value");
    }

    private static Expression Compare(FilterOp op, Expression field, Type u, string? raw, TimeZoneInfo zone, string path)
    {
        var value = Parse(raw, u) ?? throw RapportValidationException.For(path, "Report.BadValue", raw ?? "");
        if (u == typeof(DateTime))
        {
            // An instant compared with a calendar day of the company's zone: the day runs from its start to the next one's.
            var day = (DateOnly)value;
            Expression At(DateTime utc) => Expression.Constant(utc, field.Type);
            var (start, end) = (At(Common.TimeZones.DayStartUtc(day, zone)), At(Common.TimeZones.DayEndUtc(day, zone)));
            return op switch
            {
                FilterOp.Eq => Expression.AndAlso(Expression.GreaterThanOrEqual(field, start), Expression.LessThan(field, end)),
                FilterOp.Ne => Expression.OrElse(Expression.LessThan(field, start), Expression.GreaterThanOrEqual(field, end)),
                FilterOp.Gt => Expression.GreaterThanOrEqual(field, end),
                FilterOp.Gte => Expression.GreaterThanOrEqual(field, start),
                FilterOp.Lt => Expression.LessThan(field, start),
                _ => Expression.LessThan(field, end),
            };
        }
        var constant = Expression.Constant(value, field.Type);
        return op switch
        {
            FilterOp.Eq => Expression.Equal(field, constant),
            FilterOp.Ne => Expression.NotEqual(field, constant),
            FilterOp.Gt => Expression.GreaterThan(field, constant),
            FilterOp.Gte => Expression.GreaterThanOrEqual(field, constant),
            FilterOp.Lt => Expression.LessThan(field, constant),
            _ => Expression.LessThanOrEqual(field, constant),
        };
    }

    /// <summary>A filter's text as a value of the field's type (a DateTime field takes a calendar day), or null.</summary>
    private static object? Parse(string? raw, Type u)
    {
        if (raw is null) return null;
        var inv = CultureInfo.InvariantCulture;
        if (u == typeof(string)) return raw;
        if (u.IsEnum) return Enum.TryParse(u, raw, ignoreCase: true, out var e) && Enum.IsDefined(u, e!) && !raw.Any(char.IsDigit) ? e : null;
        if (u == typeof(Guid)) return Guid.TryParse(raw, out var g) ? g : null;
        if (u == typeof(bool)) return bool.TryParse(raw, out var b) ? b : null;
        if (u == typeof(DateOnly) || u == typeof(DateTime))
            return DateOnly.TryParseExact(raw, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d) ? (u == typeof(DateOnly) ? d : d) : null;
        if (!decimal.TryParse(raw, NumberStyles.Number, inv, out var n)) return null;
        try { return Convert.ChangeType(n, u, inv); }
        catch (OverflowException) { return null; }
    }

    // ---- shaping the groups into a pivot ----

    private sealed class Shaper(ReportPlan plan)
    {
        private readonly Dictionary<ReportDimension, Dictionary<Guid, string>> _names = [];

        public async Task<ReportResult> ShapeAsync(RapportDbContext db, List<GroupRow> cells, List<GroupRow> rowTotals, List<GroupRow> columnTotals,
            List<GroupRow> grand, bool truncated, CancellationToken ct)
        {
            await LoadNamesAsync(db, cells, ct);
            var rowCount = plan.Rows.Count;
            var hasColumn = plan.Column is not null;
            var currencyAt = rowCount + (hasColumn ? 1 : 0);
            string? Currency(GroupRow r, int at) => plan.ByCurrency ? r.Key(at) as string : null;

            var columns = hasColumn
                ? cells.Select(c => c.Key(rowCount)).Distinct().Order(RawOrder.Instance).ToList()
                : [];
            var columnKeys = columns.Select(c => Key(plan.Column!.Value.Dimension, plan.Column!.Value.Bucket, c)).ToList();
            var columnIndex = columnKeys.Select((k, i) => (k.Value ?? "\0null", i)).ToDictionary(x => x.Item1, x => x.i);
            int ColumnOf(object? raw) => columnIndex[Key(plan.Column!.Value.Dimension, plan.Column!.Value.Bucket, raw).Value ?? "\0null"];

            var rows = new Dictionary<string, (object?[] Raw, ReportRow Row)>();
            foreach (var total in rowTotals)
            {
                var raw = Enumerable.Range(0, rowCount).Select(total.Key).ToArray();
                var currency = Currency(total, rowCount);
                var keys = raw.Select((r, i) => Key(plan.Rows[i].Dimension, plan.Rows[i].Bucket, r)).ToList();
                var cellsOf = Enumerable.Range(0, columns.Count).Select(_ => new decimal?[plan.Measures.Count]).ToList();
                rows[RowId(keys, currency)] = (raw, new ReportRow(keys, currency, cellsOf, Values(total, currency)));
            }
            if (hasColumn)
                foreach (var cell in cells)
                {
                    var keys = Enumerable.Range(0, rowCount).Select(i => Key(plan.Rows[i].Dimension, plan.Rows[i].Bucket, cell.Key(i))).ToList();
                    var currency = Currency(cell, currencyAt);
                    if (rows.TryGetValue(RowId(keys, currency), out var row))
                        ((List<decimal?[]>)row.Row.Cells)[ColumnOf(cell.Key(rowCount))] = Values(cell, currency);
                }

            IEnumerable<(object?[] Raw, ReportRow Row)> ordered = rows.Values;
            if (plan.Sort?.Measure is { } m)
                ordered = plan.Sort.Descending ? ordered.OrderByDescending(r => r.Row.Total[m]) : ordered.OrderBy(r => r.Row.Total[m]);
            else
            {
                var byKeys = ordered.OrderBy(r => r.Raw, RawRowOrder.Instance).ThenBy(r => r.Row.Currency, StringComparer.Ordinal);
                ordered = plan.Sort?.Descending == true ? byKeys.Reverse() : byKeys;
            }
            var shown = (plan.Top is { } top ? ordered.Take(top) : ordered).Select(r => r.Row).ToList();

            var totals = grand.Select(gr =>
            {
                var currency = Currency(gr, 0);
                var cellsOf = columns.Select(_ => new decimal?[plan.Measures.Count]).ToList();
                foreach (var c in columnTotals.Where(c => Currency(c, 1) == currency)) cellsOf[ColumnOf(c.Key(0))] = Values(c, currency);
                return new ReportRow([], currency, cellsOf, Values(gr, currency));
            }).OrderBy(t => t.Currency, StringComparer.Ordinal).ToList();

            return new ReportResult(plan.Source.Name,
                plan.Rows.Select(r => new ReportHead(r.Dimension.Field, r.Dimension.LabelKey)).ToList(),
                plan.Column is { } col ? new ReportHead(col.Dimension.Field, col.Dimension.LabelKey) : null,
                plan.Measures.Select(x => new ReportHead(MeasureName(x.Fn, x.Field), x.Field?.LabelKey ?? "Report.Field.count",
                    x.Field?.Money == true && x.Fn != MeasureFunction.DistinctCount)).ToList(),
                columnKeys, shown, totals, truncated || (plan.Top is { } t2 && rows.Count > t2));
        }

        private static string RowId(IEnumerable<ReportKey> keys, string? currency) =>
            string.Join('\u001f', keys.Select(k => k.Value ?? "\0null").Append(currency ?? ""));

        private decimal?[] Values(GroupRow row, string? currency) =>
            plan.Measures.Select((m, i) => Value(m.Fn, m.Field, row.Measure(i), currency)).ToArray();

        private static decimal? Value(MeasureFunction fn, ReportMeasureField? field, double? raw, string? currency)
        {
            if (raw is not { } v) return null;
            if (fn is MeasureFunction.Count or MeasureFunction.DistinctCount) return (decimal)v;
            if (field?.Money == true && currency is not null)
                return fn == MeasureFunction.Avg
                    ? Common.Currency.Round(Common.Currency.FromMinor(1, currency) * (decimal)v, currency)
                    : Common.Currency.FromMinor((long)Math.Round(v, MidpointRounding.AwayFromZero), currency);
            return Math.Round((decimal)v, 4, MidpointRounding.AwayFromZero);
        }

        private async Task LoadNamesAsync(RapportDbContext db, List<GroupRow> cells, CancellationToken ct)
        {
            var parts = plan.Rows.Select((r, i) => (r.Dimension, i)).ToList();
            if (plan.Column is { } c) parts.Add((c.Dimension, plan.Rows.Count));
            foreach (var (dimension, at) in parts.Where(x => x.Dimension.Labels is not null))
            {
                var ids = cells.Select(r => r.Key(at)).OfType<Guid>().Distinct().ToArray();
                _names[dimension] = ids.Length == 0 ? [] : await dimension.Labels!(db, ids, ct);
            }
        }

        private ReportKey Key(ReportDimension dimension, TimeBucket? bucket, object? raw)
        {
            if (raw is null) return new ReportKey(null, "—");
            var value = raw switch
            {
                int i when dimension.Kind == DimensionKind.Date => BucketText(i, bucket ?? TimeBucket.Month),
                Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => raw.ToString() ?? "",
            };
            var label = raw is Guid g ? (_names.GetValueOrDefault(dimension)?.GetValueOrDefault(g) ?? "?") : value;
            return new ReportKey(value, label, raw is Enum en ? $"Enum.{en.GetType().Name}.{en}" : null);
        }
    }

    /// <summary>The text of a date bucket's key: <c>2025</c>, <c>2025-Q2</c>, <c>2025-04</c>, <c>2025-04-01</c> (a week by its Monday).</summary>
    public static string BucketText(int key, TimeBucket bucket) => bucket switch
    {
        TimeBucket.Year => key.ToString(CultureInfo.InvariantCulture),
        TimeBucket.Quarter => string.Create(CultureInfo.InvariantCulture, $"{key / 10}-Q{key % 10}"),
        TimeBucket.Month => string.Create(CultureInfo.InvariantCulture, $"{key / 100}-{key % 100:00}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{key / 10000}-{key / 100 % 100:00}-{key % 100:00}"),
    };

    public static string MeasureName(MeasureFunction fn, ReportMeasureField? field) =>
        field is null ? "count" : $"{JsonNamingPolicy.CamelCase.ConvertName(fn.ToString())}({field.Field})";

    private sealed class RawOrder : IComparer<object?>
    {
        public static readonly RawOrder Instance = new();
        public int Compare(object? x, object? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            (string a, string b) => string.CompareOrdinal(a, b),
            (IComparable a, _) when x.GetType() == y.GetType() => a.CompareTo(y),
            _ => string.CompareOrdinal(x.ToString(), y.ToString()),
        };
    }

    private sealed class RawRowOrder : IComparer<object?[]>
    {
        public static readonly RawRowOrder Instance = new();
        public int Compare(object?[]? x, object?[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
                if (RawOrder.Instance.Compare(x[i], y[i]) is var c and not 0) return c;
            return 0;
        }
    }
}

/// <summary>One group as the database returns it: its keys and up to eight aggregates.</summary>
public sealed class GroupRow
{
    public object? K0 { get; set; }
    public object? K1 { get; set; }
    public object? K2 { get; set; }
    public object? K3 { get; set; }
    public double? M0 { get; set; }
    public double? M1 { get; set; }
    public double? M2 { get; set; }
    public double? M3 { get; set; }
    public double? M4 { get; set; }
    public double? M5 { get; set; }
    public double? M6 { get; set; }
    public double? M7 { get; set; }

    internal object? Key(int i) => i switch { 0 => K0, 1 => K1, 2 => K2, _ => K3 };
    internal double? Measure(int i) => i switch { 0 => M0, 1 => M1, 2 => M2, 3 => M3, 4 => M4, 5 => M5, 6 => M6, _ => M7 };

    internal void SetKey(int i, object? value)
    {
        switch (i) { case 0: K0 = value; break; case 1: K1 = value; break; case 2: K2 = value; break; default: K3 = value; break; }
    }

    internal void SetMeasure(int i, double? value)
    {
        switch (i)
        {
            case 0: M0 = value; break;
            case 1: M1 = value; break;
            case 2: M2 = value; break;
            case 3: M3 = value; break;
            case 4: M4 = value; break;
            case 5: M5 = value; break;
            case 6: M6 = value; break;
            default: M7 = value; break;
        }
    }
}

#pragma warning disable CA1812 // instantiated through expression trees
internal sealed class GroupKey<T0> { public T0 K0 { get; set; } = default!; }
internal sealed class GroupKey<T0, T1> { public T0 K0 { get; set; } = default!; public T1 K1 { get; set; } = default!; }
internal sealed class GroupKey<T0, T1, T2> { public T0 K0 { get; set; } = default!; public T1 K1 { get; set; } = default!; public T2 K2 { get; set; } = default!; }
internal sealed class GroupKey<T0, T1, T2, T3>
{
    public T0 K0 { get; set; } = default!; public T1 K1 { get; set; } = default!; public T2 K2 { get; set; } = default!; public T3 K3 { get; set; } = default!;
}
#pragma warning restore CA1812
