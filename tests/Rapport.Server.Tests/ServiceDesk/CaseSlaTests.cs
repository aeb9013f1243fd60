using Rapport.Server.ServiceDesk;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>SLA due times on cases and the breach sweep, with the app's clock moved: a Mon–Fri 09–18 (UTC) calendar
/// and a policy of 1 business hour to the first response, 2 between updates and 4 to the resolution for normal cases,
/// whose resolution breach raises the priority.</summary>
public abstract class CaseSlaTests(RapportApp app, ManualClock clock)
{
    private const string Url = "/api/v1/cases";
    private const string PolicyName = "Case SLA tests";

    /// <summary>Moves the clock on to the next Friday 17:00 UTC and answers an administrator client valid then.</summary>
    private async Task<(HttpClient Admin, DateTime Friday)> ToFridayFivePmAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var friday = now.Date.AddDays(((int)DayOfWeek.Friday - (int)now.DayOfWeek + 7) % 7).AddHours(17);
        if (friday <= now) friday = friday.AddDays(7);
        clock.Advance(friday - now);
        return (await AdminAtAsync(), friday);
    }

    private async Task<HttpClient> AdminAtAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    /// <summary>The policy every case of this app gets (the oldest active one), made once.</summary>
    private static async Task EnsurePolicyAsync(HttpClient admin)
    {
        var policies = await (await admin.GetAsync("/api/v1/sla/policies", Ct)).ReadAsync<List<SlaPolicyDto>>();
        if (policies.Any(p => p.Name == PolicyName)) return;
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var calendar = await admin.PostJsonAsync("/api/v1/sla/calendars", new BusinessCalendarInput("UTC office " + Guid.NewGuid().ToString("N")[..8], "UTC",
            [.. weekdays.Select(d => new WorkingHoursDto(d, "09:00", "18:00"))], []));
        await calendar.ShouldBeAsync(HttpStatusCode.Created);
        var calendarId = (await calendar.ReadAsync<BusinessCalendarDto>()).Id;
        var policy = await admin.PostJsonAsync("/api/v1/sla/policies", new SlaPolicyInput(PolicyName, calendarId, true,
            [new SlaTarget(CasePriority.Normal, null, null, 60, 120, 240), new SlaTarget(CasePriority.Urgent, null, null, 15, 30, 60)],
            [new SlaEscalation(SlaTargetKind.Resolution, SlaEscalationTrigger.Breach, SlaEscalationAction.RaisePriority)]));
        await policy.ShouldBeAsync(HttpStatusCode.Created);
    }

    private static async Task<CaseDto> NewCaseAsync(HttpClient admin)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var response = await admin.PostJsonAsync(Url, new CaseInput(customer.Id, "Invoice missing " + Guid.NewGuid().ToString("N")[..8]));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<CaseDto>();
    }

    private static async Task<CaseDto> GetAsync(HttpClient admin, Guid id) => await (await admin.GetAsync($"{Url}/{id}", Ct)).ReadAsync<CaseDto>();

    private static async Task<CaseDto> ActAsync(HttpClient admin, Guid id, string action)
    {
        var response = await admin.PostAsync($"{Url}/{id}/{action}", null, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<CaseDto>();
    }

    private async Task SweepAsync() => await CaseSlaJob.RunOnceAsync(app.Services, Ct);

    private static async Task MessageAsync(HttpClient admin, Guid id, CaseMessageKind kind, string text) =>
        await (await admin.PostJsonAsync($"{Url}/{id}/messages", new CaseMessageInput(kind, text))).ShouldBeAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Each_public_reply_promises_the_next_update_within_two_business_hours_and_a_missed_one_is_breached_once_per_promise()
    {
        var (admin, friday) = await ToFridayFivePmAsync();
        await EnsurePolicyAsync(admin);
        var c = await NewCaseAsync(admin);
        Assert.Null(c.NextUpdateDueAt); // before the first response, the first-response target runs

        // Friday 17:30 the agent answers: half an hour left on Friday, then Monday 09:00 + 1.5 h.
        clock.Advance(TimeSpan.FromMinutes(30));
        admin = await AdminAtAsync();
        await MessageAsync(admin, c.Id, CaseMessageKind.PublicReply, "We are looking into it.");
        var monday = friday.Date.AddDays(3);
        Assert.Equal(monday.AddHours(10.5), (await GetAsync(admin, c.Id)).NextUpdateDueAt);
        // An internal note is no update for the customer.
        await MessageAsync(admin, c.Id, CaseMessageKind.InternalNote, "Asked the warehouse.");
        Assert.Equal(monday.AddHours(10.5), (await GetAsync(admin, c.Id)).NextUpdateDueAt);

        // Monday 10:31 the sweep finds the promise broken; a second sweep does not count it again.
        clock.Advance(monday.AddHours(10.5).AddMinutes(1) - clock.GetUtcNow().UtcDateTime);
        await SweepAsync();
        await SweepAsync();
        admin = await AdminAtAsync();
        var late = await GetAsync(admin, c.Id);
        Assert.Equal((1, monday.AddHours(10.5).AddMinutes(1)), (late.NextUpdateBreaches, late.NextUpdateBreachedAt));

        // The next reply makes a new promise (until 12:31) and keeps the count.
        await MessageAsync(admin, c.Id, CaseMessageKind.PublicReply, "The parcel left the warehouse.");
        var promised = await GetAsync(admin, c.Id);
        Assert.Equal((monday.AddHours(12.5).AddMinutes(1), null, 1), (promised.NextUpdateDueAt, promised.NextUpdateBreachedAt, promised.NextUpdateBreaches));

        // Waiting on the customer from 11:00 to 14:00 stops it: nothing breaches at 14:00 though 12:31 passed.
        clock.Advance(monday.AddHours(11) - clock.GetUtcNow().UtcDateTime);
        admin = await AdminAtAsync();
        await ActAsync(admin, c.Id, "wait");
        clock.Advance(TimeSpan.FromHours(3));
        await SweepAsync();
        admin = await AdminAtAsync();
        Assert.Equal(1, (await GetAsync(admin, c.Id)).NextUpdateBreaches);

        // The customer's answer at 14:00 is owed an update by 16:00.
        await MessageAsync(admin, c.Id, CaseMessageKind.CustomerMessage, "It has not arrived.");
        var answered = await GetAsync(admin, c.Id);
        Assert.Equal((CaseStatus.Open, monday.AddHours(16)), (answered.Status, answered.NextUpdateDueAt));
        clock.Advance(TimeSpan.FromHours(2));
        await SweepAsync();
        admin = await AdminAtAsync();
        Assert.Equal(2, (await GetAsync(admin, c.Id)).NextUpdateBreaches);
    }

    [Fact]
    public async Task Raising_the_priority_of_a_case_moves_its_running_next_update_promise_to_the_new_target()
    {
        var (admin, friday) = await ToFridayFivePmAsync();
        await EnsurePolicyAsync(admin);
        var c = await NewCaseAsync(admin);
        // Friday 17:30 the agent answers: as a normal case the next update is due Monday 10:30.
        clock.Advance(TimeSpan.FromMinutes(30));
        admin = await AdminAtAsync();
        await MessageAsync(admin, c.Id, CaseMessageKind.PublicReply, "We are looking into it.");
        var monday = friday.Date.AddDays(3);
        Assert.Equal(monday.AddHours(10.5), (await GetAsync(admin, c.Id)).NextUpdateDueAt);

        // Made urgent at 17:40: the promise made at 17:30 is now 30 business minutes, so due at 18:00 that Friday.
        clock.Advance(TimeSpan.FromMinutes(10));
        admin = await AdminAtAsync();
        var urgent = await admin.PutJsonAsync($"{Url}/{c.Id}", new CaseUpdateInput(c.Subject, Priority: CasePriority.Urgent));
        await urgent.ShouldBeAsync(HttpStatusCode.OK);
        var retargeted = await urgent.ReadAsync<CaseDto>();
        Assert.Equal((friday.AddHours(1), friday.AddHours(1)), (retargeted.ResolutionDueAt, retargeted.NextUpdateDueAt));

        // Back to normal: Monday 10:30 again, counted from the same reply.
        var normal = await admin.PutJsonAsync($"{Url}/{c.Id}", new CaseUpdateInput(c.Subject, Priority: CasePriority.Normal));
        await normal.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(monday.AddHours(10.5), (await normal.ReadAsync<CaseDto>()).NextUpdateDueAt);
    }

    [Fact]
    public async Task A_case_created_friday_at_five_is_due_monday_noon_and_waiting_on_the_customer_a_day_pushes_it_by_that_days_business_hours()
    {
        var (admin, friday) = await ToFridayFivePmAsync();
        await EnsurePolicyAsync(admin);

        var c = await NewCaseAsync(admin);

        Assert.Equal(friday.AddHours(1), c.FirstResponseDueAt);
        Assert.Equal(friday.AddDays(3).AddHours(-5), c.ResolutionDueAt);
        Assert.Equal(new SlaState(SlaLevel.OnTrack, TimeSpan.FromHours(4)), c.Sla);

        // Waits on the customer from Monday 09:00 to Tuesday 09:00: nine business hours, so due Tuesday 12:00.
        clock.Advance(TimeSpan.FromHours(64));
        admin = await AdminAtAsync();
        await ActAsync(admin, c.Id, "wait");
        clock.Advance(TimeSpan.FromDays(1));
        admin = await AdminAtAsync();
        var opened = await ActAsync(admin, c.Id, "open");

        Assert.Equal(friday.AddDays(4).AddHours(-5), opened.ResolutionDueAt);
    }

    [Fact]
    public async Task The_sweep_marks_a_case_breached_after_its_due_time_and_not_before_and_raises_its_priority()
    {
        var (admin, friday) = await ToFridayFivePmAsync();
        await EnsurePolicyAsync(admin);
        var c = await NewCaseAsync(admin);
        var resolved = await NewCaseAsync(admin);
        await (await admin.PostJsonAsync($"{Url}/{resolved.Id}/resolve", new CaseResolveInput("Sent again"))).ShouldBeAsync(HttpStatusCode.OK);

        // Monday 11:59: the first response (due Friday 18:00) is late, the resolution (due Monday 12:00) not yet.
        clock.Advance(friday.AddDays(3).AddHours(-5).AddMinutes(-1) - friday);
        await SweepAsync();
        admin = await AdminAtAsync();
        var before = await GetAsync(admin, c.Id);
        Assert.NotNull(before.FirstResponseBreachedAt);
        Assert.Null(before.ResolutionBreachedAt);
        Assert.Equal(CasePriority.Normal, before.Priority);
        Assert.Equal(new SlaState(SlaLevel.Warning, TimeSpan.FromMinutes(1)), before.Sla);

        clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();
        admin = await AdminAtAsync();
        var after = await GetAsync(admin, c.Id);
        Assert.NotNull(after.ResolutionBreachedAt);
        Assert.Equal(CasePriority.High, after.Priority);
        Assert.Equal(SlaLevel.Breached, after.Sla?.Level);
        Assert.True(after.Version > before.Version);

        var done = await GetAsync(admin, resolved.Id);
        Assert.Null(done.FirstResponseBreachedAt);
        Assert.Null(done.ResolutionBreachedAt);

        // A second sweep changes nothing more: the case is marked once and raised once.
        await SweepAsync();
        Assert.Equal(CasePriority.High, (await GetAsync(admin, c.Id)).Priority);
    }
}

public sealed class CaseSlaOnSqlite(ClockedSqliteApp app) : CaseSlaTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class CaseSlaOnPostgres(ClockedPostgresApp app) : CaseSlaTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;
