namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>Business-hours calendars, SLA policies and the due-time preview through the API on both databases.
/// 2026-11-27 is a Friday; Shanghai is UTC+8 all year.</summary>
public abstract class SlaApiTests(RapportApp app)
{
    private const string Calendars = "/api/v1/sla/calendars";
    private const string Policies = "/api/v1/sla/policies";
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static DateTime Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Shanghai office hours with a lunch break, National Day off and its make-up Saturday.</summary>
    private static BusinessCalendarInput ShanghaiOffice(string? name = null) => new(name ?? "Shanghai " + Unique(), "Asia/Shanghai",
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .SelectMany(d => new[] { new WorkingHoursDto(d, "09:00", "12:00"), new WorkingHoursDto(d, "13:00", "18:00") })],
        [new CalendarDayDto(new DateOnly(2026, 10, 1), "国庆节"), new CalendarDayDto(new DateOnly(2026, 10, 10), "国庆调休", IsWorkingDay: true)]);

    private static async Task<BusinessCalendarDto> CreateCalendarAsync(HttpClient admin, BusinessCalendarInput? input = null)
    {
        var response = await admin.PostJsonAsync(Calendars, input ?? ShanghaiOffice());
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<BusinessCalendarDto>();
    }

    private static async Task<DateTime?> PreviewAsync(HttpClient admin, Guid calendar, DateTime start, int minutes, params SlaPause[] pauses)
    {
        var response = await admin.PostJsonAsync("/api/v1/sla/preview", new SlaPreviewInput(calendar, start, minutes, pauses));
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<SlaPreviewDto>()).Due;
    }

    [Fact]
    public async Task The_standard_calendars_exist_from_the_first_start()
    {
        var admin = await app.AdminClientAsync();

        var calendars = await (await admin.GetAsync(Calendars, Ct)).ReadAsync<List<BusinessCalendarDto>>();

        var always = calendars.Single(c => c.Name == BusinessCalendarService.AroundTheClockName);
        Assert.Equal(7, always.Hours.Count);
        Assert.All(always.Hours, h => Assert.Equal(("00:00", "24:00"), (h.From, h.To)));
        var office = calendars.Single(c => c.Name == BusinessCalendarService.OfficeHoursName);
        Assert.Equal(5, office.Hours.Count);
        Assert.Equal(Utc(11, 30, 10), await PreviewAsync(admin, office.Id, Utc(11, 27, 17), 120));
        Assert.Equal(Utc(11, 29, 19), await PreviewAsync(admin, always.Id, Utc(11, 27, 17), 120 + 48 * 60));
    }

    [Fact]
    public async Task A_calendar_keeps_its_hours_holidays_and_make_up_days_and_changes_with_its_ETag()
    {
        var admin = await app.AdminClientAsync();
        var created = await CreateCalendarAsync(admin);
        Assert.Equal(("Asia/Shanghai", 10, 2), (created.TimeZoneId, created.Hours.Count, created.Days.Count));
        Assert.Contains(new CalendarDayDto(new DateOnly(2026, 10, 10), "国庆调休", true), created.Days);

        using var get = await admin.GetAsync($"{Calendars}/{created.Id}", Ct);
        await get.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{created.Version}\"", get.Headers.ETag?.Tag);

        var changed = ShanghaiOffice(created.Name) with { TimeZoneId = "Europe/London", Days = [] };
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Calendars}/{created.Id}") { Content = JsonContent.Create(changed, options: Json.Options) };
        var problem = await (await admin.SendAsync(stale.WithIfMatch($"\"{created.Version + 1}\""), Ct)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(created.Version, (long?)problem["currentVersion"]);

        using var current = new HttpRequestMessage(HttpMethod.Put, $"{Calendars}/{created.Id}") { Content = JsonContent.Create(changed, options: Json.Options) };
        using var updated = await admin.SendAsync(current.WithIfMatch($"\"{created.Version}\""), Ct);
        await updated.ShouldBeAsync(HttpStatusCode.OK);
        var after = await updated.ReadAsync<BusinessCalendarDto>();
        Assert.Equal(("Europe/London", 0, created.Version + 1), (after.TimeZoneId, after.Days.Count, after.Version));

        await (await admin.DeleteAsync($"{Calendars}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"{Calendars}/{created.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_calendar_with_bad_hours_an_unknown_zone_or_a_taken_name_is_refused_field_by_field_in_chinese_too()
    {
        var admin = await app.AdminClientAsync();
        var taken = await CreateCalendarAsync(admin);

        var zone = await (await admin.PostJsonAsync(Calendars, ShanghaiOffice() with { TimeZoneId = "Mars/Olympus_Mons" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.TimeZone"], zone.Codes("timeZoneId"));
        var time = await (await admin.PostJsonAsync(Calendars, ShanghaiOffice() with { Hours = [new WorkingHoursDto(DayOfWeek.Monday, "9am", "24:01")] }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.Time"], time.Codes("hours[0].from"));
        Assert.Equal(["Validation.Time"], time.Codes("hours[0].to"));
        var overlap = await (await admin.PostJsonAsync(Calendars, ShanghaiOffice() with
        {
            Hours = [new WorkingHoursDto(DayOfWeek.Monday, "09:00", "13:00"), new WorkingHoursDto(DayOfWeek.Monday, "12:00", "18:00")],
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.HoursOverlap"], overlap.Codes("hours"));
        var name = await (await admin.PostJsonAsync(Calendars, ShanghaiOffice(taken.Name))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.CalendarNameTaken"], name.Codes("name"));

        using var chinese = new HttpRequestMessage(HttpMethod.Post, Calendars)
        {
            Content = JsonContent.Create(ShanghaiOffice() with { Days = [new CalendarDayDto(new DateOnly(2026, 11, 30), "周一", IsWorkingDay: true)] }, options: Json.Options),
        };
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var makeUp = await (await admin.SendAsync(chinese, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.MakeUpDayIsWorkday"], makeUp.Codes("days[0].isWorkingDay"));
        Assert.Contains("调休", makeUp.Messages("days[0].isWorkingDay").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_keeps_its_matrix_and_escalations_and_its_calendar_cannot_be_deleted_under_it()
    {
        var admin = await app.AdminClientAsync();
        var calendar = await CreateCalendarAsync(admin);
        var queue = Guid.CreateVersion7();
        var category = Guid.CreateVersion7();
        SlaTarget[] matrix =
        [
            new(CasePriority.Urgent, null, null, 30, 60, 240, 75),
            new(CasePriority.Urgent, ValueTier.High, null, 15, 30, 120),
            new(CasePriority.Urgent, ValueTier.High, category, 10, null, 60),
            new(CasePriority.Low, null, null, null, null, 5 * 540),
        ];
        SlaEscalation[] escalations =
        [
            new(SlaTargetKind.FirstResponse, SlaEscalationTrigger.Warning, SlaEscalationAction.NotifyOwner),
            new(SlaTargetKind.Resolution, SlaEscalationTrigger.Breach, SlaEscalationAction.MoveToQueue, queue),
        ];
        var input = new SlaPolicyInput("Gold " + Unique(), calendar.Id, true, matrix, escalations);

        var response = await admin.PostJsonAsync(Policies, input);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        var created = await response.ReadAsync<SlaPolicyDto>();
        Assert.Equal($"\"{created.Version}\"", response.Headers.ETag?.Tag);
        Assert.Equal(matrix, created.Targets);
        Assert.Equal(escalations, created.Escalations);
        Assert.Equal(calendar.Name, created.CalendarName);
        var listed = await (await admin.GetAsync(Policies, Ct)).ReadAsync<List<SlaPolicyDto>>();
        Assert.Equal(matrix, listed.Single(p => p.Id == created.Id).Targets);

        var inUse = await (await admin.DeleteAsync($"{Calendars}/{calendar.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.CalendarInUse"], inUse.Codes("id"));

        var updated = await (await admin.PutJsonAsync($"{Policies}/{created.Id}", input with { IsActive = false, Targets = matrix[..1], Escalations = [] }))
            .ReadAsync<SlaPolicyDto>();
        Assert.Equal((false, 1, 0, created.Version + 1), (updated.IsActive, updated.Targets.Count, updated.Escalations.Count, updated.Version));
        await (await admin.DeleteAsync($"{Policies}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"{Calendars}/{calendar.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_policy_with_a_duplicate_row_an_empty_row_or_an_unknown_calendar_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var calendar = await CreateCalendarAsync(admin);

        var rows = await (await admin.PostJsonAsync(Policies, new SlaPolicyInput("P " + Unique(), calendar.Id, true,
        [
            new SlaTarget(CasePriority.High, ValueTier.Low, null, 60, null, 480),
            new SlaTarget(CasePriority.High, ValueTier.Low, null, 30, null, 240),
            new SlaTarget(CasePriority.Normal, null, null, null, null, null, 0),
        ], [new SlaEscalation(SlaTargetKind.Resolution, SlaEscalationTrigger.Breach, SlaEscalationAction.MoveToQueue)])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.TargetTwice"], rows.Codes("targets[1]"));
        Assert.Equal(["Validation.NoTarget"], rows.Codes("targets[2]"));
        Assert.Equal(["Validation.Range"], rows.Codes("targets[2].warningPercent"));
        Assert.Equal(["Validation.EscalationQueue"], rows.Codes("escalations[0].queueId"));

        var unknown = await (await admin.PostJsonAsync(Policies, new SlaPolicyInput("P " + Unique(), Guid.CreateVersion7(), true,
            [new SlaTarget(CasePriority.High, null, null, 60, null, 480)], []))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.UnknownCalendar"], unknown.Codes("calendarId"));
    }

    [Fact]
    public async Task The_preview_skips_nights_weekends_holidays_and_pauses_and_works_make_up_days()
    {
        var admin = await app.AdminClientAsync();
        var calendar = (await CreateCalendarAsync(admin)).Id;

        // Friday 17:00 (09:00Z) + 2h → Monday 10:00 (02:00Z).
        Assert.Equal(Utc(11, 30, 2), await PreviewAsync(admin, calendar, Utc(11, 27, 9), 120));
        // Wednesday 30 September 17:00 + 2h: Thursday 1 October is a holiday → Friday 2 October 10:00.
        Assert.Equal(Utc(10, 2, 2), await PreviewAsync(admin, calendar, Utc(9, 30, 9), 120));
        // Friday 9 October 17:00 + 2h: Saturday 10 October is a make-up working day → 10:00 that Saturday.
        Assert.Equal(Utc(10, 10, 2), await PreviewAsync(admin, calendar, Utc(10, 9, 9), 120));
        // Monday 10:00 + 4h, paused from 11:00 to Tuesday 11:00: 1h Monday, then 11:00–12:00 and 13:00–15:00 Tuesday.
        Assert.Equal(Utc(12, 1, 7), await PreviewAsync(admin, calendar, Utc(11, 30, 2), 240, new SlaPause(Utc(11, 30, 3), Utc(12, 1, 3))));
        // Still waiting on the customer: no due time yet.
        Assert.Null(await PreviewAsync(admin, calendar, Utc(11, 30, 2), 240, new SlaPause(Utc(11, 30, 3), null)));
        // Zero minutes: due at once.
        Assert.Equal(Utc(11, 28, 2), await PreviewAsync(admin, calendar, Utc(11, 28, 2), 0));
    }

    [Fact]
    public async Task The_preview_refuses_negative_or_huge_durations_and_backwards_pauses()
    {
        var admin = await app.AdminClientAsync();
        var calendar = (await CreateCalendarAsync(admin)).Id;

        var problem = await (await admin.PostJsonAsync("/api/v1/sla/preview",
                new SlaPreviewInput(calendar, Utc(11, 30, 2), SlaPolicy.MaxMinutes + 1, [new SlaPause(Utc(11, 30, 5), Utc(11, 30, 4))])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["Validation.Range"], problem.Codes("minutes"));
        Assert.Equal(["Validation.PauseOrder"], problem.Codes("pauses[0].end"));
        await (await admin.PostJsonAsync("/api/v1/sla/preview", new SlaPreviewInput(Guid.CreateVersion7(), Utc(11, 30, 2), 60)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changing_a_calendar_is_in_the_audit_trail_with_its_hours_before_and_after()
    {
        var admin = await app.AdminClientAsync();
        var calendar = await CreateCalendarAsync(admin);

        await (await admin.PutJsonAsync($"{Calendars}/{calendar.Id}", ShanghaiOffice(calendar.Name) with
        {
            Hours = [new WorkingHoursDto(DayOfWeek.Saturday, "10:00", "16:00")],
            Days = [],
        })).ShouldBeAsync(HttpStatusCode.OK);

        var trail = (await (await admin.GetAsync($"/api/v1/audit?entityType=businesscalendar&entityId={calendar.Id}", Ct)).ReadNodeAsync()).ToJsonString();
        Assert.Contains("businesscalendar.updated", trail, StringComparison.Ordinal);
        Assert.Contains("saturday", trail, StringComparison.Ordinal);
    }
}

public sealed class SlaApiOnSqlite(SqliteApp app) : SlaApiTests(app), IClassFixture<SqliteApp>;

public sealed class SlaApiOnPostgres(PostgresApp app) : SlaApiTests(app), IClassFixture<PostgresApp>;
