namespace Rapport.Core.ServiceDesk;

/// <summary>A span of time on the UTC timeline, <c>[Start, End)</c>.</summary>
public readonly record struct UtcSpan(DateTime Start, DateTime End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// Business-time arithmetic on one <see cref="BusinessCalendar"/>, without a database: which instants are working
/// time, the instant a given amount of working time after a start runs out, and how much working time lies between
/// two instants. Hours are wall-clock times in the calendar's zone, so a day that changes the clocks has the working
/// time its wall clock shows; a boundary the clock skips (spring forward) is reached at the jump, and one it shows
/// twice (fall back) at its first showing. Whole days are taken at once, never minute by minute.
/// </summary>
public sealed class BusinessClock
{
    private readonly TimeZoneInfo _zone;
    private readonly (int From, int To)[][] _week = new (int, int)[7][];
    private readonly Dictionary<DateOnly, bool> _special;
    private readonly (int From, int To)[] _standardDay;
    private readonly DateOnly _lastMakeUpDay;

    public BusinessClock(BusinessCalendar calendar) : this(calendar.TimeZoneId, calendar.Hours, calendar.Days) { }

    public BusinessClock(string timeZoneId, IEnumerable<BusinessHours> hours, IEnumerable<BusinessCalendarDay>? days = null)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var byDay = hours.ToLookup(h => h.Day);
        foreach (var day in Enum.GetValues<DayOfWeek>())
            _week[(int)day] = [.. byDay[day].OrderBy(h => h.From).Select(h => (h.From, h.To))];
        var special = (days ?? []).ToList();
        _special = special.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.Last().IsWorkingDay);
        // A make-up working day is worked like a standard day: the first weekday, from Monday, that has hours.
        _standardDay = Enumerable.Range(1, 7).Select(i => _week[i % 7]).FirstOrDefault(d => d.Length > 0) ?? [];
        _lastMakeUpDay = special.Where(d => d.IsWorkingDay).Select(d => d.Date).DefaultIfEmpty(DateOnly.MinValue).Max();
    }

    public TimeZoneInfo Zone => _zone;

    /// <summary>The instant at which <paramref name="duration"/> of working time after <paramref name="start"/> has
    /// passed. Zero gives <paramref name="start"/>; the result is never inside time off (a target running out at
    /// 18:00 is due at 18:00, not at 09:00 the next morning).</summary>
    public DateTime AddBusinessTime(DateTime start, TimeSpan duration) =>
        Consume(WorkingSpans(start), start, duration) ?? throw new InvalidOperationException("The calendar has no working time left.");

    /// <summary>The working time between two instants (negative when <paramref name="to"/> is before <paramref name="from"/>).</summary>
    public TimeSpan BusinessTimeBetween(DateTime from, DateTime to) =>
        to < from ? -Sum(WorkingSpans(to), from) : Sum(WorkingSpans(from), to);

    /// <summary>The working spans from <paramref name="fromUtc"/> on, in order (the first cut at it), lazily: the
    /// caller stops reading when it has enough.</summary>
    public IEnumerable<UtcSpan> WorkingSpans(DateTime fromUtc)
    {
        fromUtc = Utc(fromUtc);
        // From the local day before: a day's last span may end after the next local midnight in a zone that moves
        // its clocks at midnight.
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, _zone)).AddDays(-1);
        var weekHasHours = _week.Any(d => d.Length > 0);
        while (date < DateOnly.MaxValue.AddDays(-1))
        {
            if (!weekHasHours && date > _lastMakeUpDay) yield break;
            foreach (var (from, to) in HoursOn(date))
            {
                var end = ToUtc(date, to);
                if (end <= fromUtc) continue;
                var start = ToUtc(date, from);
                if (start < fromUtc) start = fromUtc;
                if (end > start) yield return new UtcSpan(start, end);
            }
            date = date.AddDays(1);
        }
    }

    /// <summary>Where <paramref name="duration"/> of the given spans runs out, or null if they run out first.</summary>
    internal static DateTime? Consume(IEnumerable<UtcSpan> spans, DateTime start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero) return Utc(start);
        var left = duration;
        foreach (var span in spans)
        {
            if (span.Length >= left) return span.Start + left;
            left -= span.Length;
        }
        return null;
    }

    /// <summary>The length of the given spans before <paramref name="to"/>.</summary>
    internal static TimeSpan Sum(IEnumerable<UtcSpan> spans, DateTime to)
    {
        to = Utc(to);
        var total = TimeSpan.Zero;
        foreach (var span in spans)
        {
            if (span.Start >= to) break;
            total += (span.End < to ? span.End : to) - span.Start;
        }
        return total;
    }

    private (int From, int To)[] HoursOn(DateOnly date) =>
        _special.TryGetValue(date, out var working) ? (working ? _standardDay : []) : _week[(int)date.DayOfWeek];

    /// <summary>The instant the calendar's wall clock first shows <paramref name="minute"/> of <paramref name="date"/>.</summary>
    private DateTime ToUtc(DateOnly date, int minute)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
        if (_zone.IsAmbiguousTime(local)) return DateTime.SpecifyKind(local - _zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        if (!_zone.IsInvalidTime(local)) return DateTime.SpecifyKind(local - _zone.GetUtcOffset(local), DateTimeKind.Utc);
        // Skipped by the clocks going forward: the wall clock passes this time at the jump itself, which lies between
        // the reading with the later offset and the reading with the earlier one. Find the jump by bisection.
        var lo = local - Offsets(local).Max();
        var hi = local - Offsets(local).Min();
        while (hi - lo > TimeSpan.FromTicks(1))
        {
            var mid = lo + (hi - lo) / 2;
            if (TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(mid, DateTimeKind.Utc), _zone) >= local) hi = mid; else lo = mid;
        }
        return DateTime.SpecifyKind(hi, DateTimeKind.Utc);
    }

    private TimeSpan[] Offsets(DateTime local) => [_zone.GetUtcOffset(local.AddHours(-12)), _zone.GetUtcOffset(local.AddHours(12))];

    /// <summary>An instant as UTC; an unspecified kind is taken to be UTC already (as the database gives it back).</summary>
    internal static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };
}
