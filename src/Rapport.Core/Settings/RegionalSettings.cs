namespace Rapport.Core.Settings;

/// <summary>The company's regional settings (section <c>regional</c>): the time zone of documents and schedules, and
/// of every user who has not chosen one of their own.</summary>
public sealed record RegionalSettings(string TimeZone) : ISettingsSection<RegionalSettings>
{
    public static string Key => "regional";

    /// <summary>Until an administrator says otherwise, the zone of the machine the server runs on.</summary>
    public static RegionalSettings Defaults { get; } = new(TimeZones.Find(TimeZoneInfo.Local.Id)?.Id ?? "UTC");

    public IEnumerable<FieldError> Validate()
    {
        if (TimeZones.Find(TimeZone) is null) yield return new("timeZone", "Validation.TimeZone");
    }
}
