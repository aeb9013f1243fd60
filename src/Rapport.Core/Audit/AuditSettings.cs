namespace Rapport.Core.Audit;

/// <summary>Audit trail settings (section <c>audit</c>).</summary>
public sealed record AuditSettings(int RetentionDays) : ISettingsSection<AuditSettings>
{
    /// <summary>The retention floor of the audit trail (issue 16: audit 180 days minimum).</summary>
    public const int MinDays = 180;
    public const int MaxDays = 3650;

    public static string Key => "audit";
    public static AuditSettings Defaults { get; } = new(180);

    public IEnumerable<FieldError> Validate()
    {
        if (RetentionDays is < MinDays or > MaxDays) yield return new("retentionDays", "Validation.Range", MinDays, MaxDays);
    }
}
