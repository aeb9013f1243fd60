using Rapport.Core.Customers;

namespace Rapport.Core.ServiceDesk;

/// <summary>SLA policies (defined by holders of <c>sla.admin</c>), the preview administrators check them with, and
/// the due-time arithmetic the case module calls: <see cref="Targets"/> when a case is created or changes, and
/// <c>State</c> for its badges and the breach job.</summary>
public sealed class SlaService(RapportDbContext db, ICurrentUser user, BusinessCalendarService calendars)
{
    public async Task<IReadOnlyList<SlaPolicyDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var rows = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).OrderBy(p => p.Name).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    public async Task<SlaPolicyDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        return ToDto(await LoadAsync(id, false, ct));
    }

    public async Task<SlaPolicyDto> CreateAsync(SlaPolicyInput input, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var name = await CheckAsync(input, null, ct);
        var policy = new SlaPolicy { Name = name, CalendarId = input.CalendarId, IsActive = input.IsActive };
        policy.Define(input.Targets ?? [], input.Escalations ?? []);
        db.SlaPolicies.Add(policy);
        await db.SaveChangesAsync(ct);
        return await GetAsync(policy.Id, ct);
    }

    public async Task<SlaPolicyDto> UpdateAsync(Guid id, SlaPolicyInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var policy = await LoadAsync(id, true, ct);
        policy.ExpectVersion(expectedVersion, "SlaPolicy", id);
        var name = await CheckAsync(input, id, ct);
        policy.Define(input.Targets ?? [], input.Escalations ?? []);
        (policy.Name, policy.CalendarId, policy.IsActive) = (name, input.CalendarId, input.IsActive);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var policy = await LoadAsync(id, true, ct);
        policy.ExpectVersion(expectedVersion, "SlaPolicy", id);
        db.SlaPolicies.Remove(policy);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>When <c>Minutes</c> of business time after <c>Start</c> run out on a calendar, pauses excluded.</summary>
    public async Task<SlaPreviewDto> PreviewAsync(SlaPreviewInput input, CancellationToken ct)
    {
        user.Require(Permissions.SlaAdmin);
        var errors = new List<FieldError>();
        Ranges.CheckDate(errors, "start", input.Start);
        if (input.Minutes is < 0 or > SlaPolicy.MaxMinutes) errors.Add(new FieldError("minutes", "Validation.Range", 0, SlaPolicy.MaxMinutes));
        foreach (var (p, i) in (input.Pauses ?? []).Select((p, i) => (p, i)))
        {
            if (p is null)
            {
                errors.Add(new FieldError($"pauses[{i}]", "Validation.Required"));
                continue;
            }
            Ranges.CheckDate(errors, $"pauses[{i}].start", p.Start);
            Ranges.CheckDate(errors, $"pauses[{i}].end", p.End);
            if (p.End < p.Start) errors.Add(new FieldError($"pauses[{i}].end", "Validation.PauseOrder"));
        }
        if ((input.Pauses?.Count ?? 0) > SlaPolicy.MaxTargets) errors.Add(new FieldError("pauses", "Validation.TooMany", SlaPolicy.MaxTargets));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var calendar = await calendars.LoadAsync(input.CalendarId, false, ct);
        var clock = new BusinessClock(calendar);
        var due = new SlaClock(clock, input.Pauses).AddBusinessTime(input.Start, TimeSpan.FromMinutes(input.Minutes));
        return new SlaPreviewDto(due, due is { } d ? TimeZoneInfo.ConvertTime(new DateTimeOffset(d), clock.Zone) : null, calendar.TimeZoneId);
    }

    /// <summary>The due times of a case under a policy (loaded with its calendar), counted from
    /// <paramref name="createdAt"/> with the clock stopped during <paramref name="pauses"/>; null when the policy has
    /// no row for the case. The next-update target counts from the same start here; a case runs it from each public reply
    /// (<see cref="Case.NextUpdateDueAt"/>).</summary>
    public static SlaDueTimes? Targets(SlaPolicy policy, CasePriority priority, ValueTier tier, Guid? categoryId, DateTime createdAt,
        IReadOnlyList<SlaPause> pauses)
    {
        var calendar = policy.Calendar ?? throw new InvalidOperationException("Load the policy with its calendar.");
        if (policy.TargetFor(priority, tier, categoryId) is not { } row) return null;
        var clock = new SlaClock(new BusinessClock(calendar), pauses);
        DateTime? Due(SlaTargetKind kind) => row.MinutesFor(kind) is { } m ? clock.AddBusinessTime(createdAt, TimeSpan.FromMinutes(m)) : null;
        DateTime? Warn(SlaTargetKind kind) =>
            row.MinutesFor(kind) is { } m ? clock.AddBusinessTime(createdAt, TimeSpan.FromMinutes(m) * row.WarningPercent / 100) : null;
        return new SlaDueTimes(Due(SlaTargetKind.FirstResponse), Due(SlaTargetKind.NextUpdate), Due(SlaTargetKind.Resolution), row.WarningPercent,
            Warn(SlaTargetKind.FirstResponse), Warn(SlaTargetKind.Resolution));
    }

    /// <summary>The due times of a case under the policy <paramref name="policyId"/>; null when it is missing or
    /// inactive, or has no row for the case. Called by the case module (which checks its own permissions).</summary>
    public async Task<SlaDueTimes?> TargetsAsync(Guid policyId, CasePriority priority, ValueTier tier, Guid? categoryId, DateTime createdAt,
        IReadOnlyList<SlaPause> pauses, CancellationToken ct)
    {
        var policy = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).FirstOrDefaultAsync(p => p.Id == policyId && p.IsActive, ct);
        return policy is null ? null : Targets(policy, priority, tier, categoryId, createdAt, pauses);
    }

    /// <summary>When <paramref name="target"/> of business time after <paramref name="start"/> runs out on the
    /// calendar, pauses excluded; null while an open pause holds the clock.</summary>
    public static DateTime? DueAt(BusinessCalendar calendar, DateTime start, TimeSpan target, IReadOnlyList<SlaPause> pauses) =>
        new SlaClock(new BusinessClock(calendar), pauses).AddBusinessTime(start, target);

    /// <summary>Where a target stands after <paramref name="elapsed"/> business time of it (pauses excluded, e.g.
    /// <see cref="SlaClock.BusinessTimeBetween"/> from the start to now): breached once the target is used up,
    /// a warning from <paramref name="warningPercent"/> of it, on track before.</summary>
    public static SlaState State(TimeSpan target, TimeSpan elapsed, int warningPercent)
    {
        var remaining = target - elapsed;
        var level = remaining <= TimeSpan.Zero ? SlaLevel.Breached
            : elapsed.Ticks * 100 >= target.Ticks * (long)warningPercent ? SlaLevel.Warning
            : SlaLevel.OnTrack;
        return new SlaState(level, remaining);
    }

    /// <summary>Where a target of <paramref name="target"/> business time from <paramref name="start"/> stands at
    /// <paramref name="now"/>, counted on <paramref name="clock"/> (so pauses do not count).</summary>
    public static SlaState State(SlaClock clock, DateTime start, TimeSpan target, DateTime now, int warningPercent) =>
        State(target, clock.BusinessTimeBetween(start, now), warningPercent);

    private async Task<SlaPolicy> LoadAsync(Guid id, bool track, CancellationToken ct)
    {
        var query = db.SlaPolicies.Include(p => p.Calendar).Where(p => p.Id == id);
        return await (track ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("SlaPolicy", id);
    }

    private async Task<string> CheckAsync(SlaPolicyInput input, Guid? except, CancellationToken ct)
    {
        var name = TextInput.Clean(input.Name) ?? throw RapportValidationException.For("name", "Validation.Required");
        if (name.Length > SlaPolicy.NameMax) throw RapportValidationException.For("name", "Validation.TooLong", SlaPolicy.NameMax);
        if (!await db.BusinessCalendars.AnyAsync(c => c.Id == input.CalendarId, ct)) throw RapportValidationException.For("calendarId", "Validation.UnknownCalendar");
        if (await db.SlaPolicies.AnyAsync(p => p.Name == name && p.Id != except, ct)) throw RapportValidationException.For("name", "Validation.PolicyNameTaken");
        return name;
    }

    private static SlaPolicyDto ToDto(SlaPolicy p) => new(p.Id, p.Name, p.CalendarId, p.Calendar?.Name ?? "", p.IsActive, p.Targets, p.Escalations,
        p.CreatedAt, p.UpdatedAt, p.Version);
}
