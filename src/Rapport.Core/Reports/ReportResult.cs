namespace Rapport.Core.Reports;

/// <summary>A report's figures: the row dimensions' heads, the column dimension's values, and per row (and per
/// currency when a measure is money) one cell of measures per column plus the row's total.</summary>
public sealed record ReportResult(
    string Source,
    IReadOnlyList<ReportHead> Dimensions,
    ReportHead? Column,
    IReadOnlyList<ReportHead> Measures,
    IReadOnlyList<ReportKey> Columns,
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<ReportRow> Totals,
    bool Truncated);

/// <summary>A dimension or measure: its field (<c>sum(amount)</c> for a measure) and its label's string key.</summary>
public sealed record ReportHead(string Field, string LabelKey, bool Money = false);

/// <summary>One value of a dimension: the raw key (an enum name, an id, <c>2025-04</c>; null for none) and what a
/// reader sees.</summary>
/// <param name="LabelKey">For an enum value, the resource key of its name in the reader's language (<c>Enum.ValueTier.Medium</c>).</param>
public sealed record ReportKey(string? Value, string Label, string? LabelKey = null);

/// <summary>A row of the result (a totals row has no keys): <paramref name="Cells"/> holds one array of measure
/// values per column value (empty without a column dimension), <paramref name="Total"/> the values over all columns.</summary>
public sealed record ReportRow(IReadOnlyList<ReportKey> Keys, string? Currency, IReadOnlyList<decimal?[]> Cells, decimal?[] Total);
