namespace Rapport.Core.Observability;

/// <summary>Requests served and how many failed with a 5xx, counted per minute for the last hour in this instance, for
/// the error-rate rule. Thread-safe; the host records every response.</summary>
public sealed class RequestOutcomes
{
    private const int Minutes = 60;
    private readonly long[] _minute = new long[Minutes];
    private readonly int[] _total = new int[Minutes];
    private readonly int[] _errors = new int[Minutes];
    private readonly Lock _gate = new();

    public void Record(DateTime now, int status)
    {
        var minute = now.Ticks / TimeSpan.TicksPerMinute;
        var i = (int)(minute % Minutes);
        lock (_gate)
        {
            if (_minute[i] != minute) (_minute[i], _total[i], _errors[i]) = (minute, 0, 0);
            _total[i]++;
            if (status >= 500) _errors[i]++;
        }
    }

    /// <summary>Requests and 5xx answers within <paramref name="window"/> before <paramref name="now"/> (at most an hour).</summary>
    public (int Total, int Errors) Count(DateTime now, TimeSpan window)
    {
        var last = now.Ticks / TimeSpan.TicksPerMinute;
        var first = last - Math.Clamp((long)Math.Ceiling(window.TotalMinutes), 1, Minutes) + 1;
        var (total, errors) = (0, 0);
        lock (_gate)
        {
            for (var i = 0; i < Minutes; i++)
                if (_minute[i] >= first && _minute[i] <= last) (total, errors) = (total + _total[i], errors + _errors[i]);
        }
        return (total, errors);
    }
}
