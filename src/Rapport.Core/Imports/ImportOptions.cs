namespace Rapport.Core.Imports;

/// <summary>Import settings (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>Largest file accepted (a million customer rows is about 150 MB of CSV).</summary>
    public long MaxFileBytes { get; set; } = 1024L * 1024 * 1024;
    /// <summary>Rows committed together: one transaction, one audit entry.</summary>
    public int BatchSize { get; set; } = 2000;
    /// <summary>A run still marked running whose last batch is older than this is taken to have died, and may be resumed.</summary>
    public int StaleAfterSeconds { get; set; } = 120;
    /// <summary>Where uploaded files are kept until their run is undone or deleted; defaults to <c>{DataDirectory}/imports</c>.</summary>
    public string? Directory { get; set; }
}
