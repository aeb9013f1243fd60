using Rapport.Core.ServiceDesk;

namespace Rapport.Core.Tests.ServiceDesk;

/// <summary>Calendars and instants for the business-clock tests.</summary>
internal static class Calendars
{
    public const string NewYork = "America/New_York";
    public const string London = "Europe/London";
    public const string Shanghai = "Asia/Shanghai";

    /// <summary>Monday to Friday, 09:00–18:00 (or the given intervals each weekday) in <paramref name="zone"/>.</summary>
    public static BusinessClock Office(string zone, IEnumerable<BusinessCalendarDay>? days = null, params (int From, int To)[] intervals) =>
        new(zone, Weekdays(intervals.Length > 0 ? intervals : [(9 * 60, 18 * 60)]), days);

    public static BusinessClock AroundTheClock(string zone) => new(zone, BusinessCalendar.AroundTheClock);

    public static IEnumerable<BusinessHours> Weekdays(params (int From, int To)[] intervals) =>
        from d in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
        from i in intervals
        select new BusinessHours(d, i.From, i.To);

    /// <summary>A wall-clock time in <paramref name="zone"/> as a UTC instant (for times the zone shows once).</summary>
    public static DateTime Local(string zone, int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(zone));

    public static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static TimeSpan Hours(double h) => TimeSpan.FromHours(h);
}
