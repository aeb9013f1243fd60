using Rapport.Core.Reports;

namespace Rapport.Server.Reports;

/// <summary>A result as chart series: a label per row (its keys, and its currency when there is one) and, with a column
/// dimension, a series per column value (first measure), otherwise a series per measure. For the builder's chart, the
/// dashboard tiles and the exported chart images.</summary>
internal static class ReportChart
{
    public sealed record Series(string Name, double[] Values);

    public static string[] Labels(ReportResult result, Func<string, string> label) => result.Rows.Select(r =>
        string.Join(" · ", r.Keys.Select(k => k.Value is null ? label("Ui.ReportNone") : ReportTable.Text(k, label)).Append(r.Currency).OfType<string>())).ToArray();

    public static List<Series> Of(ReportResult result, Func<string, string> label)
    {
        var rows = result.Rows;
        if (result.Columns.Count > 0)
            return result.Columns.Select((c, i) => new Series(c.Value is null ? label("Ui.ReportNone") : ReportTable.Text(c, label),
                rows.Select(r => (double)(r.Cells[i][0] ?? 0)).ToArray())).ToList();
        return result.Measures.Select((m, i) => new Series(ReportTable.Measure(m, label), rows.Select(r => (double)(r.Total[i] ?? 0)).ToArray())).ToList();
    }
}
