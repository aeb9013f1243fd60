namespace Rapport.Core.Reports;

/// <summary>What a report asks: a source (<see cref="ReportSources"/>), up to two row dimensions and one column
/// dimension (a pivot), measures, filters, sort and top N. Every field is a whitelisted name of the source; the
/// query is built from it on the server.</summary>
public sealed record ReportDefinition(
    string Source,
    IReadOnlyList<ReportDimensionRef>? Rows = null,
    ReportDimensionRef? Column = null,
    IReadOnlyList<ReportMeasureRef>? Measures = null,
    IReadOnlyList<ReportFilter>? Filters = null,
    ReportSort? Sort = null,
    int? Top = null);

/// <summary>A dimension of the source; a date dimension is bucketed (by month unless said otherwise).</summary>
public sealed record ReportDimensionRef(string Field, TimeBucket? Bucket = null);

/// <summary>How a date dimension is grouped, in the company's time zone.</summary>
public enum TimeBucket { Day, Week, Month, Quarter, Year }

public enum MeasureFunction { Count, Sum, Avg, Min, Max, DistinctCount }

/// <summary>An aggregate: <c>count</c> needs no field; the others name one of the source's numeric fields.</summary>
public sealed record ReportMeasureRef(MeasureFunction Fn, string? Field = null);

public enum FilterOp { Eq, Ne, In, Gt, Gte, Lt, Lte, Empty, NotEmpty }

/// <summary>A condition on a dimension: <paramref name="Value"/> for the comparisons, <paramref name="Values"/> for
/// <c>in</c>; dates are calendar days (<c>2025-04-01</c>) in the company's time zone.</summary>
public sealed record ReportFilter(string Field, FilterOp Op, string? Value = null, IReadOnlyList<string>? Values = null);

/// <summary>Rows in order of their keys (no <paramref name="Measure"/>) or of a measure's total (its index).</summary>
public sealed record ReportSort(int? Measure = null, bool Descending = false);
