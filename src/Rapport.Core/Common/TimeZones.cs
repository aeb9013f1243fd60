namespace Rapport.Core.Common;

/// <summary>IANA time zones (<c>Asia/Shanghai</c>, <c>Europe/London</c>): validation, and conversion between the
/// UTC the database stores and the wall-clock time a reader sees or types.</summary>
public static class TimeZones
{
    /// <summary>Longest zone id stored (the longest IANA id is about 32 characters).</summary>
    public const int IdMax = 64;

    /// <summary>The zone for <paramref name="id"/> in its IANA spelling, or null when it is not a zone this system knows.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > IdMax) return null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone)) return null;
        // Windows ids ("China Standard Time") are accepted on the way in and stored as IANA ids.
        return zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? zone : TimeZoneInfo.FindSystemTimeZoneById(iana);
    }

    /// <summary>The zone for <paramref name="id"/>, or UTC when it is missing or unknown.</summary>
    public static TimeZoneInfo FindOrUtc(string? id) => Find(id) ?? TimeZoneInfo.Utc;

    /// <summary>The wall-clock time in <paramref name="zone"/> of a stored UTC instant.</summary>
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The UTC instant of a wall-clock time typed in <paramref name="zone"/>. A time the clocks skip (spring
    /// forward) is read as the same time after the jump; a time they repeat (fall back) as its first occurrence.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            var gap = zone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= wall && r.DateEnd >= wall)?.DaylightDelta ?? TimeSpan.FromHours(1);
            wall = wall.Add(gap.Duration());
        }
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        // At the ends of the calendar the instant is clamped rather than overflowing.
        var ticks = Math.Clamp(wall.Ticks - offset.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>The instant a calendar day starts in <paramref name="zone"/>.</summary>
    public static DateTime DayStartUtc(DateOnly day, TimeZoneInfo zone) => ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The instant the day after <paramref name="day"/> starts: the end of a "to" date that includes the whole day.</summary>
    public static DateTime DayEndUtc(DateOnly day, TimeZoneInfo zone) =>
        day == DateOnly.MaxValue ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : DayStartUtc(day.AddDays(1), zone);

    /// <summary>Every zone a person may pick, by IANA id.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal)];
}
