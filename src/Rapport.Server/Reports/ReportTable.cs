using Rapport.Core.Reports;

namespace Rapport.Server.Reports;

/// <summary>A result as a flat table: the row dimensions, the currency, then a column per column value and measure and
/// the totals; the last rows are the grand totals. For CSV export.</summary>
internal static class ReportTable
{
    /// <summary>A group's key as the reader reads it: an enum value by its name in their language (when the resources
    /// have one), anything else as the query labelled it.</summary>
    public static string Text(ReportKey key, Func<string, string> label) =>
        key.LabelKey is { } k && label(k) is var text && text != k ? text : key.Label;

    public static (string[] Header, List<string?[]> Rows) Flatten(ReportResult result, Func<string, string> label)
    {
        var measures = result.Measures.Select(m => Measure(m, label)).ToList();
        var header = result.Dimensions.Select(d => label(d.LabelKey))
            .Append(label("Report.Currency"))
            .Concat(result.Columns.SelectMany(c => measures.Select(m => $"{Text(c, label)} · {m}")))
            .Concat(measures.Select(m => $"{label("Report.Total")} · {m}"))
            .ToArray();
        var rows = result.Rows.Concat(result.Totals).Select(r => (r.Keys.Count > 0 ? r.Keys.Select(k => (string?)Text(k, label)) : result.Dimensions.Select((_, i) => i == 0 ? label("Report.Total") : null))
            .Append(r.Currency)
            .Concat(r.Cells.SelectMany(c => c.Select(Number)))
            .Concat(r.Total.Select(Number))
            .ToArray()).ToList();
        return (header, rows);
    }

    public static string Measure(ReportHead m, Func<string, string> label) =>
        m.Field == "count" ? label("Report.Field.count") : $"{label("Report.Fn." + m.Field[..m.Field.IndexOf('(', StringComparison.Ordinal)])} {label(m.LabelKey)}";

    private static string? Number(decimal? v) => v?.ToString(CultureInfo.InvariantCulture);
}
