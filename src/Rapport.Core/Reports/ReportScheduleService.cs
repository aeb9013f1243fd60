using System.Text.Json;

namespace Rapport.Core.Reports;

/// <summary>Schedules of reports: whoever may manage reports schedules one they can see, for users who exist; each
/// schedule is its owner's (they see, and delete, their own).</summary>
public sealed class ReportScheduleService(RapportDbContext db, ICurrentUser user, ReportService reports, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReportScheduleDto>> ListAsync(Guid reportId, CancellationToken ct)
    {
        user.Require(Permissions.ReportsManage);
        await reports.GetAsync(reportId, ct);
        var me = user.Id;
        var schedules = await db.ReportSchedules.AsNoTracking().Where(s => s.ReportId == reportId && s.OwnerId == me).OrderBy(s => s.Id).ToListAsync(ct);
        var ids = schedules.Select(s => s.Id).ToList();
        var runs = (await db.ReportScheduleRuns.AsNoTracking().Where(r => ids.Contains(r.ScheduleId)).ToListAsync(ct))
            .GroupBy(r => r.ScheduleId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RanAt).Take(20).ToList());
        return schedules.Select(s => ToDto(s, runs.GetValueOrDefault(s.Id) ?? [])).ToList();
    }

    /// <summary>One of the caller's schedules with its latest runs.</summary>
    public async Task<ReportScheduleDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ReportsManage);
        var me = user.Id;
        var schedule = await db.ReportSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.OwnerId == me, ct) ?? throw new NotFoundException("ReportSchedule", id);
        var runs = await db.ReportScheduleRuns.AsNoTracking().Where(r => r.ScheduleId == id).OrderByDescending(r => r.RanAt).Take(20).ToListAsync(ct);
        return ToDto(schedule, runs);
    }

    public async Task<ReportScheduleDto> CreateAsync(Guid reportId, ReportScheduleInput input, CancellationToken ct)
    {
        user.Require(Permissions.ReportsManage);
        await reports.GetAsync(reportId, ct);
        var errors = new List<FieldError>();
        var cron = TextInput.Clean(input.Cron) ?? "";
        var zone = TextInput.Clean(input.TimeZone) ?? "";
        DateTime? next = null;
        if (TimeZones.Find(zone) is null) errors.Add(new("timeZone", "Validation.Invalid"));
        try { next = ReportSchedule.Next(cron, zone, clock.GetUtcNow().UtcDateTime); }
        catch (Cronos.CronFormatException) { errors.Add(new("cron", "ReportSchedule.BadCron", cron)); }
        if (cron.Length > ReportSchedule.CronMax) errors.Add(new("cron", "Validation.TooLong", ReportSchedule.CronMax));
        if (!Enum.IsDefined(input.Format)) errors.Add(new("format", "Validation.Invalid"));
        var recipients = (input.Recipients ?? []).Distinct().ToList();
        if (recipients.Count is 0 or > ReportSchedule.MaxRecipients) errors.Add(new("recipients", "ReportSchedule.Recipients", ReportSchedule.MaxRecipients));
        var known = await db.Users.Where(u => recipients.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        foreach (var missing in recipients.Except(known)) errors.Add(new("recipients", "Report.UnknownShareTarget", missing.ToString()));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var schedule = new ReportSchedule
        {
            ReportId = reportId, OwnerId = user.Id!.Value, Cron = cron, TimeZone = zone, Format = input.Format,
            Recipients = JsonSerializer.Serialize(recipients), NextRunAt = next,
        };
        db.ReportSchedules.Add(schedule);
        await db.SaveChangesAsync(ct);
        return ToDto(schedule, []);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.ReportsManage);
        var me = user.Id;
        var schedule = await db.ReportSchedules.FirstOrDefaultAsync(s => s.Id == id && s.OwnerId == me, ct) ?? throw new NotFoundException("ReportSchedule", id);
        schedule.ExpectVersion(expectedVersion, "ReportSchedule", id);
        db.ReportSchedules.Remove(schedule);
        await db.SaveChangesAsync(ct);
    }

    public static IReadOnlyList<Guid> RecipientsOf(ReportSchedule s) => JsonSerializer.Deserialize<List<Guid>>(s.Recipients) ?? [];

    private static ReportScheduleDto ToDto(ReportSchedule s, List<ReportScheduleRun> runs) => new(s.Id, s.ReportId, s.Cron, s.TimeZone, s.Format,
        RecipientsOf(s), s.NextRunAt, s.Failures, runs.Select(r => new ReportScheduleRunDto(r.RanAt, r.Succeeded, r.Sent, r.Error)).ToList(), s.Version);
}
