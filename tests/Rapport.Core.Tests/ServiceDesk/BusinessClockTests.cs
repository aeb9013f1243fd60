using Rapport.Core.ServiceDesk;
using static Rapport.Core.Tests.ServiceDesk.Calendars;

namespace Rapport.Core.Tests.ServiceDesk;

/// <summary>Business-hours arithmetic: only time inside the calendar counts. 2026-11-30 is a Monday.</summary>
public sealed class BusinessClockTests
{
    [Fact]
    public void A_target_running_past_closing_time_continues_the_next_morning()
    {
        var clock = Office(Shanghai);

        var due = clock.AddBusinessTime(Local(Shanghai, 2026, 11, 30, 17), Hours(2));

        Assert.Equal(Local(Shanghai, 2026, 12, 1, 10), due);
    }

    [Fact]
    public void A_target_that_runs_out_at_closing_time_is_due_at_closing_time()
    {
        var due = Office(Shanghai).AddBusinessTime(Local(Shanghai, 2026, 11, 30, 17), Hours(1));

        Assert.Equal(Local(Shanghai, 2026, 11, 30, 18), due);
    }

    [Fact]
    public void A_case_opened_before_hours_starts_counting_at_opening_time()
    {
        var due = Office(Shanghai).AddBusinessTime(Local(Shanghai, 2026, 11, 30, 6, 30), Hours(1));

        Assert.Equal(Local(Shanghai, 2026, 11, 30, 10), due);
    }

    [Fact]
    public void Weekends_do_not_count()
    {
        var clock = Office(Shanghai);
        var friday = Local(Shanghai, 2026, 11, 27, 17);

        Assert.Equal(Local(Shanghai, 2026, 11, 30, 10), clock.AddBusinessTime(friday, Hours(2)));
        Assert.Equal(Hours(2), clock.BusinessTimeBetween(friday, Local(Shanghai, 2026, 11, 30, 10)));
        Assert.Equal(Hours(-2), clock.BusinessTimeBetween(Local(Shanghai, 2026, 11, 30, 10), friday));
        Assert.Equal(TimeSpan.Zero, clock.BusinessTimeBetween(Local(Shanghai, 2026, 11, 28, 9), Local(Shanghai, 2026, 11, 29, 23)));
    }

    [Fact]
    public void A_lunch_break_does_not_count()
    {
        var clock = Office(Shanghai, null, (9 * 60, 12 * 60), (13 * 60, 18 * 60));

        Assert.Equal(Local(Shanghai, 2026, 11, 30, 14), clock.AddBusinessTime(Local(Shanghai, 2026, 11, 30, 11), Hours(2)));
        Assert.Equal(Hours(8), clock.BusinessTimeBetween(Local(Shanghai, 2026, 11, 30, 0), Local(Shanghai, 2026, 12, 1, 0)));
    }

    [Fact]
    public void Holidays_do_not_count()
    {
        // China's National Day week, Thursday 1 October to Wednesday 7 October 2026.
        var golden = Enumerable.Range(1, 7).Select(d => new BusinessCalendarDay(new DateOnly(2026, 10, d), "国庆节"));
        var clock = Office(Shanghai, golden);

        Assert.Equal(Local(Shanghai, 2026, 10, 8, 10), clock.AddBusinessTime(Local(Shanghai, 2026, 9, 30, 17), Hours(2)));
    }

    [Fact]
    public void A_make_up_working_day_on_a_saturday_counts_like_a_weekday()
    {
        var days = new[] { new BusinessCalendarDay(new DateOnly(2026, 10, 10), "国庆调休", IsWorkingDay: true) };
        var clock = Office(Shanghai, days, (9 * 60, 12 * 60), (13 * 60, 18 * 60));

        Assert.Equal(Local(Shanghai, 2026, 10, 10, 10), clock.AddBusinessTime(Local(Shanghai, 2026, 10, 9, 17), Hours(2)));
        Assert.Equal(Hours(8), clock.BusinessTimeBetween(Local(Shanghai, 2026, 10, 10, 0), Local(Shanghai, 2026, 10, 11, 0)));
    }

    [Fact]
    public void Shanghai_has_no_daylight_saving_so_every_day_is_24_hours()
    {
        var clock = AroundTheClock(Shanghai);

        Assert.Equal(Utc(2026, 11, 30, 1), Local(Shanghai, 2026, 11, 30, 9));
        foreach (var (m, d) in new[] { (3, 8), (3, 29), (10, 25), (11, 1) })
            Assert.Equal(Hours(24), clock.BusinessTimeBetween(Local(Shanghai, 2026, m, d, 0), Local(Shanghai, 2026, m, d + 1, 0)));
    }

    [Fact]
    public void New_York_days_that_change_the_clocks_have_23_and_25_hours()
    {
        var clock = AroundTheClock(NewYork);

        // Spring forward on Sunday 8 March 2026 (midnight EST is 05:00Z, the next midnight EDT 04:00Z).
        Assert.Equal(Hours(23), clock.BusinessTimeBetween(Utc(2026, 3, 8, 5), Utc(2026, 3, 9, 4)));
        // Fall back on Sunday 1 November 2026.
        Assert.Equal(Hours(25), clock.BusinessTimeBetween(Utc(2026, 11, 1, 4), Utc(2026, 11, 2, 5)));
        Assert.Equal(Utc(2026, 3, 9, 4), clock.AddBusinessTime(Utc(2026, 3, 8, 5), Hours(23)));
    }

    [Fact]
    public void New_York_office_hours_follow_the_wall_clock_across_both_transitions()
    {
        var clock = Office(NewYork);

        // Friday 17:00 EST + 2h → Monday 10:00 EDT.
        Assert.Equal(Utc(2026, 3, 9, 14), clock.AddBusinessTime(Utc(2026, 3, 6, 22), Hours(2)));
        // Friday 17:00 EDT + 2h → Monday 10:00 EST.
        Assert.Equal(Utc(2026, 11, 2, 15), clock.AddBusinessTime(Utc(2026, 10, 30, 21), Hours(2)));
    }

    [Fact]
    public void Hours_across_the_skipped_and_the_repeated_hour_count_the_real_time()
    {
        // A night shift 01:00–04:00 on Sundays only.
        var clock = new BusinessClock(NewYork, [new BusinessHours(DayOfWeek.Sunday, 60, 240)]);

        // 02:00–03:00 never happens on 8 March: two real hours.
        Assert.Equal(Hours(2), clock.BusinessTimeBetween(Utc(2026, 3, 8, 0), Utc(2026, 3, 8, 12)));
        // 01:00–02:00 happens twice on 1 November: four real hours, from the first 01:00 (EDT, 05:00Z).
        Assert.Equal(Hours(4), clock.BusinessTimeBetween(Utc(2026, 11, 1, 0), Utc(2026, 11, 1, 12)));
        Assert.Equal(Utc(2026, 11, 1, 5, 30), clock.AddBusinessTime(Utc(2026, 11, 1, 0), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void A_working_hour_that_the_clocks_skip_starts_at_the_jump()
    {
        // Work from 02:30 on Sundays: on 8 March 2026 the clock jumps from 02:00 EST to 03:00 EDT (07:00Z).
        var clock = new BusinessClock(NewYork, [new BusinessHours(DayOfWeek.Sunday, 150, 240)]);

        Assert.Equal(Utc(2026, 3, 8, 7, 30), clock.AddBusinessTime(Utc(2026, 3, 8, 0), TimeSpan.FromMinutes(30)));
        Assert.Equal(Hours(1), clock.BusinessTimeBetween(Utc(2026, 3, 8, 0), Utc(2026, 3, 8, 12)));
    }

    [Fact]
    public void London_office_hours_follow_british_summer_time()
    {
        var clock = Office(London);

        // Friday 17:00 GMT + 2h → Monday 10:00 BST (09:00Z); Friday 17:00 BST + 2h → Monday 10:00 GMT.
        Assert.Equal(Utc(2026, 3, 30, 9), clock.AddBusinessTime(Utc(2026, 3, 27, 17), Hours(2)));
        Assert.Equal(Utc(2026, 10, 26, 10), clock.AddBusinessTime(Utc(2026, 10, 23, 16), Hours(2)));
        Assert.Equal(Hours(23), AroundTheClock(London).BusinessTimeBetween(Utc(2026, 3, 29, 0), Utc(2026, 3, 29, 23)));
        Assert.Equal(Hours(25), AroundTheClock(London).BusinessTimeBetween(Utc(2026, 10, 24, 23), Utc(2026, 10, 26, 0)));
    }

    [Fact]
    public void Zero_time_is_due_at_once_even_at_night()
    {
        var night = Local(Shanghai, 2026, 11, 28, 3);

        Assert.Equal(night, Office(Shanghai).AddBusinessTime(night, TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, Office(Shanghai).BusinessTimeBetween(night, night));
    }

    [Fact]
    public void A_negative_duration_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Office(Shanghai).AddBusinessTime(Utc(2026, 1, 1, 0), TimeSpan.FromMinutes(-1)));

    [Fact]
    public void Huge_durations_take_whole_days_at_a_time()
    {
        var start = Local(Shanghai, 2026, 11, 30, 9);
        var clock = Office(Shanghai);

        // 45 hours a week: 100,000 business hours are 2,222 weeks and 10 hours, ending on a Tuesday at 10:00.
        var due = clock.AddBusinessTime(start, Hours(100_000));

        Assert.Equal(Local(Shanghai, 2026, 11, 30, 9).AddDays(2222 * 7 + 1).AddHours(1), due);
        Assert.Equal(Hours(100_000), clock.BusinessTimeBetween(start, due));
        Assert.Equal(start.AddDays(3650), AroundTheClock(Shanghai).AddBusinessTime(start, TimeSpan.FromDays(3650)));
    }

    [Fact]
    public void Instants_of_any_kind_are_read_as_utc()
    {
        var utc = Local(Shanghai, 2026, 11, 30, 17);
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

        Assert.Equal(Office(Shanghai).AddBusinessTime(utc, Hours(2)), Office(Shanghai).AddBusinessTime(unspecified, Hours(2)));
        Assert.Equal(DateTimeKind.Utc, Office(Shanghai).AddBusinessTime(unspecified, Hours(2)).Kind);
    }
}
