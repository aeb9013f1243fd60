namespace Rapport.Server.Components.Common;

/// <summary>Times as the reader sees and types them: stored in UTC, shown and entered in the reader's time zone (their
/// own, else the company's), written as their culture writes them. One per circuit, set when it starts
/// (<c>Routes</c>) and when the reader picks another zone.</summary>
public sealed class ReaderTime
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Switches to the zone named <paramref name="id"/> (an unknown id leaves the zone as it is).</summary>
    public void Use(string? id)
    {
        if (TimeZones.Find(id) is { } zone) Zone = zone;
    }

    /// <summary>Date and short time, e.g. <c>2026/11/29 5:49</c> in Chinese.</summary>
    public string DateTime(DateTime utc) => ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>The reader's calendar date of an instant.</summary>
    public string Date(DateTime utc) => ToLocal(utc).ToString("d", CultureInfo.CurrentCulture);

    public DateTime ToLocal(DateTime utc) => TimeZones.ToLocal(utc, Zone);

    /// <summary>The UTC instant of a wall-clock time the reader typed.</summary>
    public DateTime ToUtc(DateTime local) => TimeZones.ToUtc(local, Zone);

    /// <summary>The reader's date today.</summary>
    public DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime));
}
