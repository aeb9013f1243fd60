using Quartz;

namespace Rapport.Server.Jobs;

/// <summary>When a recurring job fires: every fixed interval (from the scheduler's start) or on a cron expression
/// (Quartz's six- or seven-field form, seconds first, in UTC). Written in configuration as <c>01:00:00</c> or
/// <c>0 0 3 * * ?</c>.</summary>
public sealed record JobSchedule
{
    private JobSchedule(TimeSpan? interval, string? cron) => (Interval, Cron) = (interval, cron);

    public TimeSpan? Interval { get; }
    public string? Cron { get; }

    public static JobSchedule Every(TimeSpan interval) =>
        interval >= TimeSpan.FromSeconds(1) ? new(interval, null) : throw new ArgumentOutOfRangeException(nameof(interval), "At least a second.");

    public static JobSchedule CronAt(string expression) =>
        CronExpression.TryParse(expression, out _) ? new(null, expression) : throw new FormatException($"'{expression}' is not a cron expression.");

    /// <summary>A schedule as an operator writes it: an interval (<c>00:15:00</c>) or a cron expression.</summary>
    public static JobSchedule Parse(string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) ? Every(interval) : CronAt(text.Trim());

    public override string ToString() => Cron ?? Interval!.Value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>The trigger for this schedule; <paramref name="missed"/> says what a run missed while no scheduler ran
    /// becomes (never one run per missed time).</summary>
    internal IScheduleBuilder Builder(MissedRun missed) => Cron is { } cron
        ? CronScheduleBuilder.Create(cron).InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronMisfire(missed))
        : SimpleScheduleBuilder.Create().WithInterval(Interval!.Value).RepeatForever().WithMisfireInstruction(SimpleMisfire(missed));

    /// <summary>The misfire instruction, as the number a stored trigger on this schedule carries, for <paramref name="missed"/>.</summary>
    internal int MisfireCode(MissedRun missed) => Cron is not null ? (int)CronMisfire(missed) : (int)SimpleMisfire(missed);

    /// <summary>Sets a stored trigger on this schedule to <paramref name="missed"/> without rescheduling it (the
    /// instruction named in the trigger's family, so the store refuses it for a trigger of another kind).</summary>
    internal TriggerDetailsUpdate MisfireUpdate(MissedRun missed) => Cron is not null
        ? new TriggerDetailsUpdate().WithMisfireInstruction(CronMisfire(missed))
        : new TriggerDetailsUpdate().WithMisfireInstruction(SimpleMisfire(missed));

    private static CronTriggerMisfireInstruction CronMisfire(MissedRun missed) =>
        missed == MissedRun.Skip ? CronTriggerMisfireInstruction.DoNothing : CronTriggerMisfireInstruction.FireAndProceed;

    // "Next" keeps the interval's cadence from the first start; "Now" fires at once and counts the interval from then.
    private static SimpleTriggerMisfireInstruction SimpleMisfire(MissedRun missed) =>
        missed == MissedRun.Skip ? SimpleTriggerMisfireInstruction.NextWithRemainingCount : SimpleTriggerMisfireInstruction.NowWithExistingCount;

    /// <summary>Whether <paramref name="trigger"/> already fires on this schedule (then it is left as it is: its next
    /// fire time and its pause survive a restart).</summary>
    internal bool Matches(ITrigger trigger) => trigger switch
    {
        ICronTrigger c => c.CronExpressionString == Cron,
        ISimpleTrigger s => Cron is null && s.RepeatInterval == Interval,
        _ => false,
    };
}
