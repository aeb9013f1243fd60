namespace Rapport.Core.Privacy.Requests;

/// <summary>Settings section <c>subject-requests</c>: the regime a new request gets by default and the days PIPL
/// requests are due in (the law says "in time"; companies commit to a number, 15 by default as in GB/T 35273).</summary>
public sealed record SubjectRequestSettings(PrivacyRegime DefaultRegime, int PiplDays) : ISettingsSection<SubjectRequestSettings>
{
    public static string Key => "subject-requests";
    public static SubjectRequestSettings Defaults { get; } = new(PrivacyRegime.Gdpr, 15);

    public IEnumerable<FieldError> Validate()
    {
        if (!Enum.IsDefined(DefaultRegime)) yield return new("defaultRegime", "Validation.Invalid");
        if (PiplDays is < 1 or > 90) yield return new("piplDays", "Validation.Range", 1, 90);
    }
}
