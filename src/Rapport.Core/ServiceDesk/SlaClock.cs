namespace Rapport.Core.ServiceDesk;

/// <summary>A time the SLA clock stood still (the case waited on the customer); <c>End</c> null: it still does.</summary>
public sealed record SlaPause(DateTime Start, DateTime? End);

/// <summary>A <see cref="BusinessClock"/> that also stops during pauses: working time inside a pause does not count.</summary>
public sealed class SlaClock(BusinessClock clock, IEnumerable<SlaPause>? pauses = null)
{
    private readonly UtcSpan[] _pauses = Merge(pauses ?? []);

    /// <summary>When <paramref name="duration"/> of unpaused working time after <paramref name="start"/> has passed;
    /// null while a pause that has not ended holds the clock before then (the due time is not known yet).</summary>
    public DateTime? AddBusinessTime(DateTime start, TimeSpan duration) => BusinessClock.Consume(Spans(start), start, duration);

    /// <summary>The unpaused working time between two instants (negative when <paramref name="to"/> is before <paramref name="from"/>).</summary>
    public TimeSpan BusinessTimeBetween(DateTime from, DateTime to) =>
        to < from ? -BusinessClock.Sum(Spans(to), from) : BusinessClock.Sum(Spans(from), to);

    /// <summary>The calendar's working spans from <paramref name="fromUtc"/> on with the pauses cut out.</summary>
    public IEnumerable<UtcSpan> Spans(DateTime fromUtc)
    {
        var p = 0;
        foreach (var span in clock.WorkingSpans(fromUtc))
        {
            var start = span.Start;
            while (p < _pauses.Length && _pauses[p].End <= start) p++;
            // Pauses that begin inside this span cut it into pieces.
            while (start < span.End)
            {
                if (p == _pauses.Length || _pauses[p].Start >= span.End)
                {
                    yield return new UtcSpan(start, span.End);
                    break;
                }
                if (_pauses[p].Start > start) yield return new UtcSpan(start, _pauses[p].Start);
                if (_pauses[p].End == DateTime.MaxValue) yield break;
                start = _pauses[p].End;
                if (start >= span.End) break;
                p++;
            }
        }
    }

    private static UtcSpan[] Merge(IEnumerable<SlaPause> pauses)
    {
        var merged = new List<UtcSpan>();
        foreach (var pause in pauses
                     .Select(x => new UtcSpan(BusinessClock.Utc(x.Start), x.End is { } end ? BusinessClock.Utc(end) : DateTime.MaxValue))
                     .Where(x => x.End > x.Start).OrderBy(x => x.Start))
        {
            if (merged.Count > 0 && pause.Start <= merged[^1].End)
                merged[^1] = merged[^1] with { End = pause.End > merged[^1].End ? pause.End : merged[^1].End };
            else merged.Add(pause);
        }
        return [.. merged];
    }
}
