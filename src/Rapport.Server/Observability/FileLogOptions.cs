namespace Rapport.Server.Observability;

/// <summary>The JSON-lines log files (section <c>Logging:File</c>).</summary>
public sealed class FileLogOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>The folder; defaults to <c>{DataDirectory}/logs</c>.</summary>
    public string? Path { get; set; }
    /// <summary>A file rolls over at midnight (UTC) and when it reaches this size.</summary>
    public int FileSizeLimitMB { get; set; } = 50;
    /// <summary>Files older than this are deleted.</summary>
    public int RetainedDays { get; set; } = 30;
    /// <summary>At most this many files are kept, whatever their age.</summary>
    public int RetainedFiles { get; set; } = 100;
}
