using CsCheck;
using Rapport.Core.ServiceDesk;
using static Rapport.Core.Tests.ServiceDesk.Calendars;

namespace Rapport.Core.Tests.ServiceDesk;

/// <summary>The SLA clock stops while the case waits on the customer, and adding then measuring gives back what was added.</summary>
public sealed class SlaClockTests
{
    [Fact]
    public void A_pause_over_the_night_moves_the_due_time_by_the_working_time_it_held()
    {
        var start = Local(Shanghai, 2026, 11, 30, 10);
        var pause = new SlaPause(Local(Shanghai, 2026, 11, 30, 16), Local(Shanghai, 2026, 12, 1, 11));
        var clock = new SlaClock(Office(Shanghai), [pause]);

        // 10:00–16:00 Monday is 6h; the pause holds 16:00–18:00 and 09:00–11:00; 2h more from 11:00 Tuesday.
        Assert.Equal(Local(Shanghai, 2026, 12, 1, 13), clock.AddBusinessTime(start, Hours(8)));
        Assert.Equal(Local(Shanghai, 2026, 11, 30, 18), new SlaClock(Office(Shanghai)).AddBusinessTime(start, Hours(8)));
        Assert.Equal(Hours(8), clock.BusinessTimeBetween(start, Local(Shanghai, 2026, 12, 1, 13)));
    }

    [Fact]
    public void Overlapping_and_unordered_pauses_count_once()
    {
        var start = Local(Shanghai, 2026, 11, 30, 9);
        var clock = new SlaClock(Office(Shanghai),
        [
            new SlaPause(Local(Shanghai, 2026, 11, 30, 12), Local(Shanghai, 2026, 11, 30, 14)),
            new SlaPause(Local(Shanghai, 2026, 11, 30, 10), Local(Shanghai, 2026, 11, 30, 13)),
            new SlaPause(Local(Shanghai, 2026, 11, 30, 15), Local(Shanghai, 2026, 11, 30, 15)),
        ]);

        Assert.Equal(Hours(5), clock.BusinessTimeBetween(start, Local(Shanghai, 2026, 11, 30, 18)));
    }

    [Fact]
    public void While_an_open_pause_holds_the_clock_the_due_time_is_unknown()
    {
        var start = Local(Shanghai, 2026, 11, 30, 10);
        var clock = new SlaClock(Office(Shanghai), [new SlaPause(Local(Shanghai, 2026, 11, 30, 12), null)]);

        Assert.Null(clock.AddBusinessTime(start, Hours(8)));
        Assert.Equal(Local(Shanghai, 2026, 11, 30, 11), clock.AddBusinessTime(start, Hours(1)));
        Assert.Equal(Hours(2), clock.BusinessTimeBetween(start, Local(Shanghai, 2027, 1, 1, 0)));
    }

    [Fact]
    public void Adding_business_time_then_measuring_it_gives_it_back()
    {
        string[] zones = [NewYork, London, Shanghai, "Australia/Sydney", "Asia/Kolkata"];
        var calendars = Gen.OneOf(
            ((int, int)[])[(9 * 60, 18 * 60)],
            [(9 * 60, 12 * 60), (13 * 60, 18 * 60)],
            [(0, 150), (180, 1440)],
            [(90, 210)]);
        // Instants in 2025–2029 (over several DST transitions), durations up to 60 working days of 9 hours, pauses
        // of up to three days within a month of the start.
        var starts = Gen.Long[Utc(2025, 1, 1, 0).Ticks, Utc(2029, 12, 31, 0).Ticks].Select(t => new DateTime(t, DateTimeKind.Utc));
        var durations = Gen.Long[0, TimeSpan.FromHours(9 * 60).Ticks].Select(TimeSpan.FromTicks);
        var pauses = Gen.Select(Gen.Long[0, TimeSpan.FromDays(30).Ticks], Gen.Long[0, TimeSpan.FromDays(3).Ticks]).Array[0, 3];

        Gen.Select(Gen.OneOf(zones), calendars, starts, durations, pauses, Gen.Bool).Sample((zone, hours, start, duration, gaps, holiday) =>
        {
            var days = holiday ? [new BusinessCalendarDay(DateOnly.FromDateTime(start).AddDays(1), "Holiday")] : Array.Empty<BusinessCalendarDay>();
            var clock = new SlaClock(Office(zone, days, hours),
                gaps.Select(g => new SlaPause(start.AddTicks(g.Item1), start.AddTicks(g.Item1 + g.Item2))));

            var due = clock.AddBusinessTime(start, duration);

            Assert.NotNull(due);
            Assert.True(due >= start);
            Assert.Equal(duration, clock.BusinessTimeBetween(start, due.Value));
        }, iter: 300);
    }
}
