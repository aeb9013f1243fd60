namespace Rapport.Server.Reports;

/// <summary>Settings of list exports (<c>Exports</c> section).</summary>
public sealed class ExportOptions
{
    /// <summary>A list longer than this is exported in the background (with progress and a download link) instead of
    /// straight into the response.</summary>
    public int JobThreshold { get; set; } = ExportRuns.JobThreshold;
}
