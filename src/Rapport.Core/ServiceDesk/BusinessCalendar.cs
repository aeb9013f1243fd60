namespace Rapport.Core.ServiceDesk;

/// <summary>One working interval on a weekday, in minutes after local midnight: <c>From</c> 0–1439, <c>To</c> after it,
/// up to 1440 (midnight at the end of the day). A day may have several (09:00–12:00 and 13:00–18:00).</summary>
public sealed record BusinessHours(DayOfWeek Day, int From, int To);

/// <summary>A date that departs from the weekly hours: a holiday (no working time), or, when <c>IsWorkingDay</c>, a
/// make-up working day on a day that is normally off (China's 调休), worked with the calendar's standard day hours.</summary>
public sealed record BusinessCalendarDay(DateOnly Date, string Name, bool IsWorkingDay = false);

/// <summary>When a service team works: a time zone, working hours per weekday, holidays and make-up working days.
/// SLA targets count only the time inside it (see <see cref="BusinessClock"/>).</summary>
public sealed class BusinessCalendar : AuditedEntity
{
    public const int NameMax = 100;
    public const int DayNameMax = 100;
    public const int MaxIntervalsPerDay = 6;
    public const int MaxDays = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>IANA time zone id (<c>Asia/Shanghai</c>); working hours are wall-clock times in it.</summary>
    public required string TimeZoneId { get; set; }
    public List<BusinessHours> Hours { get; private set; } = [];
    /// <summary>Holidays and make-up working days, by date.</summary>
    public List<BusinessCalendarDay> Days { get; private set; } = [];

    /// <summary>Replaces the weekly hours and the special days after checking them: intervals inside the day, not
    /// overlapping, at least one in the week; one entry per date; make-up working days only on days normally off.</summary>
    public void Schedule(IReadOnlyList<BusinessHours> hours, IReadOnlyList<BusinessCalendarDay> days)
    {
        var errors = new List<FieldError>();
        for (var i = 0; i < hours.Count; i++)
        {
            var h = hours[i];
            if (!Enum.IsDefined(h.Day)) errors.Add(new FieldError($"hours[{i}].day", "Validation.Invalid"));
            if (h.From < 0 || h.From >= 1440 || h.To <= h.From || h.To > 1440) errors.Add(new FieldError($"hours[{i}].to", "Validation.HoursOrder"));
        }
        if (hours.Count == 0) errors.Add(new FieldError("hours", "Validation.NoWorkingHours"));
        foreach (var day in hours.GroupBy(h => h.Day))
        {
            if (day.Count() > MaxIntervalsPerDay) errors.Add(new FieldError("hours", "Validation.TooMany", MaxIntervalsPerDay));
            var sorted = day.OrderBy(h => h.From).ToList();
            if (sorted.Zip(sorted.Skip(1)).Any(p => p.Second.From < p.First.To)) errors.Add(new FieldError("hours", "Validation.HoursOverlap"));
        }
        if (days.Count > MaxDays) errors.Add(new FieldError("days", "Validation.TooMany", MaxDays));
        var workdays = hours.Select(h => h.Day).ToHashSet();
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            if (string.IsNullOrWhiteSpace(d.Name)) errors.Add(new FieldError($"days[{i}].name", "Validation.Required"));
            else if (d.Name.Length > DayNameMax) errors.Add(new FieldError($"days[{i}].name", "Validation.TooLong", DayNameMax));
            if (!Ranges.IsBusinessDate(d.Date)) errors.Add(Ranges.DateError($"days[{i}].date"));
            if (d.IsWorkingDay && workdays.Contains(d.Date.DayOfWeek)) errors.Add(new FieldError($"days[{i}].isWorkingDay", "Validation.MakeUpDayIsWorkday"));
            if (days.Take(i).Any(o => o.Date == d.Date)) errors.Add(new FieldError($"days[{i}].date", "Validation.DayTwice"));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        Hours = [.. hours.OrderBy(h => h.Day).ThenBy(h => h.From)];
        Days = [.. days.Select(d => d with { Name = d.Name.Trim() }).OrderBy(d => d.Date)];
    }

    /// <summary>The IANA id for <paramref name="id"/> (a Windows id is translated), or a validation error on
    /// <c>timeZoneId</c> when the system does not know the zone.</summary>
    public static string CheckTimeZone(string? id)
    {
        var given = TextInput.Clean(id) ?? throw RapportValidationException.For("timeZoneId", "Validation.Required");
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(given, out var iana)) given = iana;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(given).HasIanaId ? given : throw RapportValidationException.For("timeZoneId", "Validation.TimeZone");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw RapportValidationException.For("timeZoneId", "Validation.TimeZone");
        }
    }

    /// <summary>The week every day, all day: the clock never stops.</summary>
    public static IReadOnlyList<BusinessHours> AroundTheClock { get; } = [.. Enum.GetValues<DayOfWeek>().Select(d => new BusinessHours(d, 0, 1440))];

    /// <summary>Monday to Friday, 09:00–18:00.</summary>
    public static IReadOnlyList<BusinessHours> OfficeHours { get; } =
        [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Select(d => new BusinessHours(d, 9 * 60, 18 * 60))];
}
