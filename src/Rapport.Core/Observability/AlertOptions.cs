namespace Rapport.Core.Observability;

/// <summary>Alert rule thresholds (section <c>Alerts</c>). A rule with a zero threshold is off.</summary>
public sealed class AlertOptions
{
    /// <summary>How often the rules are evaluated.</summary>
    public int EvaluateSeconds { get; set; } = 60;
    /// <summary>Failed sign-ins for one account, or from one address, within <see cref="FailedSignInMinutes"/> that raise an alert.</summary>
    public int FailedSignIns { get; set; } = 10;
    public int FailedSignInMinutes { get; set; } = 15;
    /// <summary>Share of requests answered with a 5xx over <see cref="ErrorRateMinutes"/>, in percent, once at least
    /// <see cref="ErrorRateMinRequests"/> requests were served.</summary>
    public double ErrorRatePercent { get; set; } = 5;
    public int ErrorRateMinutes { get; set; } = 5;
    public int ErrorRateMinRequests { get; set; } = 20;
    /// <summary>Failed runs in a row of one job.</summary>
    public int JobFailuresInARow { get; set; } = 2;
    /// <summary>Free space on the data directory's disk below this percentage.</summary>
    public double DiskFreePercent { get; set; } = 10;
    /// <summary>The newest backup older than this.</summary>
    public int BackupMaxAgeHours { get; set; } = 26;
    /// <summary>How often the audit chain is verified (a walk over the log since the last checkpoint); 0: never.</summary>
    public int AuditChainCheckMinutes { get; set; } = 60;
}

/// <summary>Event log and metrics settings (section <c>Observability</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>Days the event table keeps entries.</summary>
    public int LogRetentionDays { get; set; } = 90;
    /// <summary>When set, <c>/metrics</c> answers only on this port (a management port kept off the public network)
    /// and needs no token; otherwise it needs a personal access token with <c>metrics.read</c>.</summary>
    public int? MetricsPort { get; set; }
}
