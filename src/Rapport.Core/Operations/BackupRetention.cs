namespace Rapport.Core.Operations;

/// <summary>Which backups retention keeps: the newest backup of each of the last <c>KeepDaily</c> days (today counts)
/// and of each of the last <c>KeepWeekly</c> ISO weeks (this week counts), in UTC, and always the newest of all.
/// Everything else may be deleted.</summary>
public static class BackupRetention
{
    public static IReadOnlySet<DateTime> Keep(IEnumerable<DateTime> backups, int keepDaily, int keepWeekly, DateTime now)
    {
        var all = backups.OrderByDescending(t => t).ToList();
        var keep = new HashSet<DateTime>();
        if (all.Count == 0) return keep;
        keep.Add(all[0]);
        var today = DateOnly.FromDateTime(now);
        foreach (var day in Enumerable.Range(0, Math.Max(0, keepDaily)).Select(i => today.AddDays(-i)))
            if (all.FirstOrDefault(t => DateOnly.FromDateTime(t) == day) is var d && d != default) keep.Add(d);
        var week = WeekStart(today);
        foreach (var start in Enumerable.Range(0, Math.Max(0, keepWeekly)).Select(i => week.AddDays(-7 * i)))
            if (all.FirstOrDefault(t => WeekStart(DateOnly.FromDateTime(t)) == start) is var w && w != default) keep.Add(w);
        return keep;
    }

    /// <summary>The Monday the ISO week of <paramref name="day"/> starts on.</summary>
    private static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
