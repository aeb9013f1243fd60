using Rapport.Core.Customers;
using Rapport.Core.ServiceDesk;
using static Rapport.Core.Tests.ServiceDesk.Calendars;

namespace Rapport.Core.Tests.ServiceDesk;

/// <summary>The target matrix, due times and states, and the rules a calendar and a policy keep.</summary>
public sealed class SlaPolicyTests
{
    private static readonly Guid Billing = Guid.CreateVersion7();

    private static SlaPolicy Policy(params SlaTarget[] rows)
    {
        var policy = new SlaPolicy { Name = "Standard" };
        policy.Define(rows, []);
        return policy;
    }

    private static SlaTarget Row(CasePriority priority, ValueTier? tier, Guid? category, int resolution) =>
        new(priority, tier, category, 60, null, resolution);

    [Fact]
    public void Lookup_picks_the_most_specific_row()
    {
        var policy = Policy(
            Row(CasePriority.High, null, null, 1),
            Row(CasePriority.High, ValueTier.High, null, 2),
            Row(CasePriority.High, ValueTier.High, Billing, 3),
            Row(CasePriority.High, null, Billing, 4));

        Assert.Equal(3, policy.TargetFor(CasePriority.High, ValueTier.High, Billing)?.ResolutionMinutes);
        Assert.Equal(2, policy.TargetFor(CasePriority.High, ValueTier.High, Guid.CreateVersion7())?.ResolutionMinutes);
        Assert.Equal(2, policy.TargetFor(CasePriority.High, ValueTier.High, null)?.ResolutionMinutes);
        Assert.Equal(4, policy.TargetFor(CasePriority.High, ValueTier.Low, Billing)?.ResolutionMinutes);
        Assert.Equal(1, policy.TargetFor(CasePriority.High, ValueTier.Medium, null)?.ResolutionMinutes);
        Assert.Null(policy.TargetFor(CasePriority.Low, ValueTier.High, Billing));
    }

    [Fact]
    public void Targets_give_due_times_on_the_policy_calendar()
    {
        var calendar = new BusinessCalendar { Name = "Shanghai office", TimeZoneId = Shanghai };
        calendar.Schedule([.. Weekdays((9 * 60, 18 * 60))], []);
        var policy = new SlaPolicy { Name = "Standard", Calendar = calendar };
        policy.Define([new SlaTarget(CasePriority.Urgent, null, null, 60, null, 9 * 60, 75)], []);
        var friday = Local(Shanghai, 2026, 11, 27, 17);

        var due = SlaService.Targets(policy, CasePriority.Urgent, ValueTier.Medium, null, friday, [])!;

        Assert.Equal(Local(Shanghai, 2026, 11, 27, 18), due.FirstResponseDueAt);
        Assert.Null(due.NextUpdateDueAt);
        Assert.Equal(Local(Shanghai, 2026, 11, 30, 17), due.ResolutionDueAt);
        Assert.Equal(75, due.WarningPercent);
        Assert.Null(SlaService.Targets(policy, CasePriority.Low, ValueTier.Medium, null, friday, []));
    }

    [Theory]
    [InlineData(0, SlaLevel.OnTrack, 100)]
    [InlineData(79, SlaLevel.OnTrack, 21)]
    [InlineData(80, SlaLevel.Warning, 20)]
    [InlineData(99, SlaLevel.Warning, 1)]
    [InlineData(100, SlaLevel.Breached, 0)]
    [InlineData(130, SlaLevel.Breached, -30)]
    public void State_is_green_then_amber_from_the_warning_percentage_then_red(int elapsed, SlaLevel level, int remaining)
    {
        var state = SlaService.State(TimeSpan.FromMinutes(100), TimeSpan.FromMinutes(elapsed), 80);

        Assert.Equal(new SlaState(level, TimeSpan.FromMinutes(remaining)), state);
    }

    [Fact]
    public void State_over_a_weekend_counts_only_business_time()
    {
        var clock = new SlaClock(Office(Shanghai));
        var friday = Local(Shanghai, 2026, 11, 27, 17);

        // Two business hours: one on Friday, none over the weekend.
        var state = SlaService.State(clock, friday, Hours(2), Local(Shanghai, 2026, 11, 29, 23), 80);

        Assert.Equal(new SlaState(SlaLevel.OnTrack, Hours(1)), state);
    }

    [Fact]
    public void A_policy_refuses_duplicate_rows_empty_rows_bad_targets_and_queueless_moves()
    {
        var policy = new SlaPolicy { Name = "Standard" };

        var e = Assert.Throws<RapportValidationException>(() => policy.Define(
            [
                Row(CasePriority.High, null, null, 60),
                Row(CasePriority.High, null, null, 90),
                new SlaTarget(CasePriority.Low, null, null, null, null, null),
                new SlaTarget(CasePriority.Normal, null, null, 0, null, SlaPolicy.MaxMinutes + 1, 100),
            ],
            [new SlaEscalation(SlaTargetKind.Resolution, SlaEscalationTrigger.Breach, SlaEscalationAction.MoveToQueue)]));

        Assert.Equal(
            ["escalations[0].queueId:Validation.EscalationQueue", "targets[1]:Validation.TargetTwice", "targets[2]:Validation.NoTarget", "targets[3].firstResponseMinutes:Validation.Range",
             "targets[3].resolutionMinutes:Validation.Range", "targets[3].warningPercent:Validation.Range"],
            e.Errors.Select(x => $"{x.Field}:{x.Code}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_calendar_refuses_overlapping_hours_and_a_make_up_day_on_a_working_day()
    {
        var calendar = new BusinessCalendar { Name = "Office", TimeZoneId = Shanghai };

        var e = Assert.Throws<RapportValidationException>(() => calendar.Schedule(
            [new BusinessHours(DayOfWeek.Monday, 540, 720), new BusinessHours(DayOfWeek.Monday, 700, 1080), new BusinessHours(DayOfWeek.Tuesday, 600, 600)],
            [new BusinessCalendarDay(new DateOnly(2026, 11, 30), "Monday", IsWorkingDay: true), new BusinessCalendarDay(new DateOnly(2026, 11, 30), " ")]));

        Assert.Equal(
            ["days[0].isWorkingDay:Validation.MakeUpDayIsWorkday", "days[1].date:Validation.DayTwice", "days[1].name:Validation.Required",
             "hours:Validation.HoursOverlap", "hours[2].to:Validation.HoursOrder"],
            e.Errors.Select(x => $"{x.Field}:{x.Code}").Order(StringComparer.Ordinal));
        Assert.Throws<RapportValidationException>(() => calendar.Schedule([], []));
    }

    [Fact]
    public void Time_zones_must_be_known_and_windows_ids_become_iana_ids()
    {
        Assert.Equal(Shanghai, BusinessCalendar.CheckTimeZone(" Asia/Shanghai "));
        Assert.Equal(NewYork, BusinessCalendar.CheckTimeZone("Eastern Standard Time"));
        Assert.Equal("Validation.TimeZone", Assert.Throws<RapportValidationException>(() => BusinessCalendar.CheckTimeZone("Mars/Olympus_Mons")).Errors[0].Code);
    }
}
