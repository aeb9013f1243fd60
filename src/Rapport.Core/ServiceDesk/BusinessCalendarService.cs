namespace Rapport.Core.ServiceDesk;

/// <summary>Business-hours calendars, defined by holders of <c>sla.admin</c>; two are made at first start (around the
/// clock, and Monday to Friday 09:00–18:00).</summary>
public sealed class BusinessCalendarService(RapportDbContext db, ICurrentUser user)
{
    public const string AroundTheClockName = "24×7";
    public const string OfficeHoursName = "Mon–Fri 09:00–18:00";

    public async Task<IReadOnlyList<BusinessCalendarDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var rows = await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    public async Task<BusinessCalendarDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        return ToDto(await LoadAsync(id, false, ct));
    }

    public async Task<BusinessCalendarDto> CreateAsync(BusinessCalendarInput input, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var (name, zone) = await CheckAsync(input, null, ct);
        var calendar = new BusinessCalendar { Name = name, TimeZoneId = zone };
        calendar.Schedule(ParseHours(input.Hours), ParseDays(input.Days));
        db.BusinessCalendars.Add(calendar);
        await db.SaveChangesAsync(ct);
        return ToDto(calendar);
    }

    public async Task<BusinessCalendarDto> UpdateAsync(Guid id, BusinessCalendarInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var calendar = await LoadAsync(id, true, ct);
        calendar.ExpectVersion(expectedVersion, "BusinessCalendar", id);
        var (name, zone) = await CheckAsync(input, id, ct);
        calendar.Schedule(ParseHours(input.Hours), ParseDays(input.Days));
        (calendar.Name, calendar.TimeZoneId) = (name, zone);
        await db.SaveChangesAsync(ct);
        return ToDto(calendar);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var calendar = await LoadAsync(id, true, ct);
        calendar.ExpectVersion(expectedVersion, "BusinessCalendar", id);
        if (await db.SlaPolicies.AnyAsync(p => p.CalendarId == id, ct)) throw RapportValidationException.For("id", "Validation.CalendarInUse");
        db.BusinessCalendars.Remove(calendar);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Makes the two standard calendars when there is none (first start, as the system).</summary>
    public async Task EnsureDefaultsAsync(CancellationToken ct)
    {
        if (await db.BusinessCalendars.AnyAsync(ct)) return;
        foreach (var (name, hours) in new[] { (AroundTheClockName, BusinessCalendar.AroundTheClock), (OfficeHoursName, BusinessCalendar.OfficeHours) })
        {
            var calendar = new BusinessCalendar { Name = name, TimeZoneId = "Etc/UTC" };
            calendar.Schedule(hours, []);
            db.BusinessCalendars.Add(calendar);
        }
        await db.SaveChangesAsync(ct);
    }

    internal async Task<BusinessCalendar> LoadAsync(Guid id, bool track, CancellationToken ct)
    {
        var query = db.BusinessCalendars.Where(c => c.Id == id);
        return await (track ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("BusinessCalendar", id);
    }

    private async Task<(string Name, string Zone)> CheckAsync(BusinessCalendarInput input, Guid? except, CancellationToken ct)
    {
        var name = TextInput.Clean(input.Name) ?? throw RapportValidationException.For("name", "Validation.Required");
        if (name.Length > BusinessCalendar.NameMax) throw RapportValidationException.For("name", "Validation.TooLong", BusinessCalendar.NameMax);
        var zone = BusinessCalendar.CheckTimeZone(input.TimeZoneId);
        if (await db.BusinessCalendars.AnyAsync(c => c.Name == name && c.Id != except, ct)) throw RapportValidationException.For("name", "Validation.CalendarNameTaken");
        return (name, zone);
    }

    private static List<BusinessHours> ParseHours(IReadOnlyList<WorkingHoursDto>? hours)
    {
        var errors = new List<FieldError>();
        var parsed = new List<BusinessHours>();
        foreach (var (h, i) in (hours ?? []).Select((h, i) => (h, i)))
        {
            if (h is null)
            {
                errors.Add(new FieldError($"hours[{i}]", "Validation.Required"));
                continue;
            }
            var from = ParseTime(h.From);
            var to = ParseTime(h.To);
            if (from is null) errors.Add(new FieldError($"hours[{i}].from", "Validation.Time"));
            if (to is null) errors.Add(new FieldError($"hours[{i}].to", "Validation.Time"));
            if (from is not null && to is not null) parsed.Add(new BusinessHours(h.Day, from.Value, to.Value));
        }
        return errors.Count > 0 ? throw new RapportValidationException(errors) : parsed;
    }

    private static List<BusinessCalendarDay> ParseDays(IReadOnlyList<CalendarDayDto>? days)
    {
        var given = days ?? [];
        var missing = given.Select((d, i) => d is null ? new FieldError($"days[{i}]", "Validation.Required") : null).OfType<FieldError>().ToList();
        return missing.Count > 0
            ? throw new RapportValidationException(missing)
            : [.. given.Select(d => new BusinessCalendarDay(d.Date, d.Name?.Trim() ?? "", d.IsWorkingDay))];
    }

    /// <summary>Minutes after midnight for <c>HH:mm</c> (00:00–24:00), or null.</summary>
    internal static int? ParseTime(string? text)
    {
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m > 59 || h * 60 + m > 1440) return null;
        return h * 60 + m;
    }

    internal static string FormatTime(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    internal static BusinessCalendarDto ToDto(BusinessCalendar c) => new(c.Id, c.Name, c.TimeZoneId,
        [.. c.Hours.Select(h => new WorkingHoursDto(h.Day, FormatTime(h.From), FormatTime(h.To)))],
        [.. c.Days.Select(d => new CalendarDayDto(d.Date, d.Name, d.IsWorkingDay))], c.CreatedAt, c.UpdatedAt, c.Version);
}
