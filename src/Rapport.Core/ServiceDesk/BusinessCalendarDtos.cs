namespace Rapport.Core.ServiceDesk;

/// <summary>A working interval as wall-clock times, <c>"09:00"</c> to <c>"18:00"</c> (<c>"24:00"</c>: the end of the day).</summary>
public sealed record WorkingHoursDto(DayOfWeek Day, string? From, string? To);

/// <summary>A holiday, or with <c>IsWorkingDay</c> a make-up working day on a day normally off.</summary>
public sealed record CalendarDayDto(DateOnly Date, string? Name, bool IsWorkingDay = false);

public sealed record BusinessCalendarInput(string? Name, string? TimeZoneId, IReadOnlyList<WorkingHoursDto>? Hours, IReadOnlyList<CalendarDayDto>? Days);

public sealed record BusinessCalendarDto(Guid Id, string Name, string TimeZoneId, IReadOnlyList<WorkingHoursDto> Hours,
    IReadOnlyList<CalendarDayDto> Days, DateTime CreatedAt, DateTime UpdatedAt, long Version);
