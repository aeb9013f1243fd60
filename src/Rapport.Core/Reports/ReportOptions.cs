namespace Rapport.Core.Reports;

/// <summary>Settings section <c>Reports</c>: how long one report may run before it is stopped.</summary>
public sealed class ReportOptions
{
    public int TimeoutSeconds { get; set; } = 30;
}
