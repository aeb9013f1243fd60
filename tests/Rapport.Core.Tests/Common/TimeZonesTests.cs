namespace Rapport.Core.Tests.Common;

public sealed class TimeZonesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZones.Find("Asia/Shanghai")!, NewYork = TimeZones.Find("America/New_York")!;

    [Fact]
    public void A_meeting_logged_at_0549_in_shanghai_is_the_previous_evening_in_utc_and_back()
    {
        var utc = TimeZones.ToUtc(new DateTime(2026, 11, 29, 5, 49, 0), Shanghai);

        Assert.Equal(new DateTime(2026, 11, 28, 21, 49, 0, DateTimeKind.Utc), utc);
        Assert.Equal(new DateTime(2026, 11, 29, 5, 49, 0), TimeZones.ToLocal(utc, Shanghai));
    }

    [Fact]
    public void A_time_the_clocks_skip_is_read_after_the_jump_and_a_repeated_one_as_its_first_occurrence()
    {
        // 8 March 2026, 02:30 does not exist in New York (02:00 → 03:00); 1 November 2026, 01:30 happens twice.
        var skipped = TimeZones.ToUtc(new DateTime(2026, 3, 8, 2, 30, 0), NewYork);
        var repeated = TimeZones.ToUtc(new DateTime(2026, 11, 1, 1, 30, 0), NewYork);

        Assert.Equal(new DateTime(2026, 3, 8, 7, 30, 0, DateTimeKind.Utc), skipped); // 03:30 EDT
        Assert.Equal(new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc), repeated); // 01:30 EDT, the first
    }

    [Fact]
    public void Unknown_zones_are_refused_and_the_ends_of_the_calendar_do_not_overflow()
    {
        Assert.Null(TimeZones.Find("Mars/Olympus_Mons"));
        Assert.Null(TimeZones.Find(""));
        Assert.Equal(DateTime.MaxValue, TimeZones.DayEndUtc(DateOnly.MaxValue, NewYork));
        Assert.Equal(DateTime.MinValue.Ticks, TimeZones.DayStartUtc(DateOnly.MinValue, Shanghai).Ticks);
    }

    [Fact]
    public void A_whole_day_in_a_zone_with_daylight_saving_can_be_23_hours_long()
    {
        var day = new DateOnly(2026, 3, 8);

        Assert.Equal(TimeSpan.FromHours(23), TimeZones.DayEndUtc(day, NewYork) - TimeZones.DayStartUtc(day, NewYork));
        Assert.Contains("Asia/Shanghai", TimeZones.All);
    }
}
