namespace Rapport.Core.Retention;

/// <summary>One retention policy: whether the nightly job applies it, and after how long (in the policy's unit) a
/// record goes.</summary>
public sealed record RetentionRule(bool Enabled, int After);

/// <summary>Retention policies per data class (section <c>retention</c>). Each age has a floor, so a slip of the
/// keyboard cannot wipe a year of work. The audit trail's retention is the <c>audit</c> section (at least
/// <see cref="Audit.AuditSettings.MinDays"/> days), applied by the audit-prune job; see ADR-032.</summary>
public sealed record RetentionSettings(
    RetentionRule? Leads, RetentionRule? Interactions, RetentionRule? Cases, RetentionRule? Mail, RetentionRule? Imports)
    : ISettingsSection<RetentionSettings>
{
    public static string Key => "retention";

    public static RetentionSettings Defaults { get; } =
        new(new(false, 24), new(false, 5), new(false, 5), new(false, 90), new(false, 30));

    /// <summary>Each policy's name, unit, floor and ceiling.</summary>
    public static readonly IReadOnlyList<RetentionLimit> Limits =
    [
        new(RetentionPolicies.Leads, RetentionUnit.Months, 6, 600),
        new(RetentionPolicies.Interactions, RetentionUnit.Years, 1, 100),
        new(RetentionPolicies.Cases, RetentionUnit.Years, 1, 100),
        new(RetentionPolicies.Mail, RetentionUnit.Days, 7, 36500),
        new(RetentionPolicies.Imports, RetentionUnit.Days, 7, 36500),
    ];

    /// <summary>The rule of a policy by name (null for the audit policy, which lives in its own section).</summary>
    public RetentionRule? RuleOf(string policy) => policy switch
    {
        RetentionPolicies.Leads => Leads,
        RetentionPolicies.Interactions => Interactions,
        RetentionPolicies.Cases => Cases,
        RetentionPolicies.Mail => Mail,
        RetentionPolicies.Imports => Imports,
        _ => null,
    };

    public IEnumerable<FieldError> Validate()
    {
        foreach (var limit in Limits)
        {
            var rule = RuleOf(limit.Policy);
            if (rule is null) yield return new(limit.Policy, "Validation.Required");
            else if (rule.After < limit.Min) yield return new(limit.Policy + ".after", "Retention.BelowMinimum", limit.Min, limit.Unit.ToString().ToLowerInvariant());
            else if (rule.After > limit.Max) yield return new(limit.Policy + ".after", "Validation.Range", limit.Min, limit.Max);
        }
    }
}

public enum RetentionUnit { Days, Months, Years }

/// <summary>A policy's unit and the ages it accepts.</summary>
public sealed record RetentionLimit(string Policy, RetentionUnit Unit, int Min, int Max)
{
    /// <summary>The moment before which a record is old enough to go.</summary>
    public DateTime Cutoff(DateTime now, int after) => Unit switch
    {
        RetentionUnit.Months => now.AddMonths(-after),
        RetentionUnit.Years => now.AddYears(-after),
        _ => now.AddDays(-after),
    };
}

/// <summary>The names of the retention policies (API paths, audit entries, run history).</summary>
public static class RetentionPolicies
{
    public const string Leads = "leads";
    public const string Interactions = "interactions";
    public const string Cases = "cases";
    public const string Mail = "mail";
    public const string Imports = "imports";
    public const string Audit = "audit";

    public static readonly IReadOnlyList<string> All = [Leads, Interactions, Cases, Mail, Imports, Audit];
}
