using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>The workspace's "breaching soon" queue and its SLA badges, with the clock moved over a Mon–Fri 09–18 (UTC)
/// calendar and a policy of 4 business hours to resolve a normal case, warning at 80 % (48 minutes left).</summary>
public abstract class BreachingSoonTests(RapportApp app, ManualClock clock)
{
    private const string Url = "/api/v1/cases";

    private async Task<HttpClient> AdminAtAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    private static async Task<CaseDto> NewCaseAsync(HttpClient admin, Guid customerId, string subject, CasePriority priority = CasePriority.Normal) =>
        await admin.PostCreatedAsync<CaseDto>(Url, new CaseInput(customerId, subject, Priority: priority));

    [Fact]
    public async Task Breaching_soon_lists_the_active_cases_past_their_warning_point_or_breached_by_due_time_page_by_page_with_their_badges()
    {
        // Next Monday 09:00 UTC.
        var now = clock.GetUtcNow().UtcDateTime;
        var monday = now.Date.AddDays(((int)DayOfWeek.Monday - (int)now.DayOfWeek + 7) % 7).AddHours(9);
        if (monday <= now) monday = monday.AddDays(7);
        clock.Advance(monday - now);
        var admin = await AdminAtAsync();
        var calendar = await admin.PostCreatedAsync<BusinessCalendarDto>("/api/v1/sla/calendars", new BusinessCalendarInput("UTC office", "UTC",
            [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => new WorkingHoursDto(d, "09:00", "18:00"))], []));
        await admin.PostCreatedAsync<SlaPolicyDto>("/api/v1/sla/policies", new SlaPolicyInput("Desk", calendar.Id, true,
            [new SlaTarget(CasePriority.Normal, null, null, null, null, 240, 80)], []));
        var customer = await admin.CreateAsync(CustomerSamples.Valid());

        var first = await NewCaseAsync(admin, customer.Id, "Due at one");          // due 13:00
        var untargeted = await NewCaseAsync(admin, customer.Id, "No row", CasePriority.Urgent);
        clock.Advance(TimeSpan.FromHours(1));
        admin = await AdminAtAsync();
        var second = await NewCaseAsync(admin, customer.Id, "Due at two");         // due 14:00
        var resolved = await NewCaseAsync(admin, customer.Id, "Due at two, solved");
        var waiting = await NewCaseAsync(admin, customer.Id, "Due at two, waiting");
        clock.Advance(TimeSpan.FromHours(1));
        admin = await AdminAtAsync();
        var third = await NewCaseAsync(admin, customer.Id, "Due at three");        // due 15:00
        await (await admin.PostJsonAsync($"{Url}/{resolved.Id}/resolve", new CaseResolveInput("Done"))).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"{Url}/{waiting.Id}/wait", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        // 13:30: the first is 30 minutes over, the second has 30 minutes left (warning), the third 90 (on track).
        clock.Advance(TimeSpan.FromMinutes(150));
        admin = await AdminAtAsync();
        var page1 = await admin.GetPageAsync<CaseListItem>($"{Url}?view=breachingSoon&limit=1");
        var page2 = await admin.GetPageAsync<CaseListItem>($"{Url}?view=breachingSoon&limit=1&cursor={page1.NextCursor}");
        IReadOnlyList<CaseListItem> rest = page2.NextCursor is null ? [] : (await admin.GetPageAsync<CaseListItem>($"{Url}?view=breachingSoon&limit=1&cursor={page2.NextCursor}")).Items;

        var a = Assert.Single(page1.Items);
        var b = Assert.Single(page2.Items);
        Assert.Empty(rest);
        Assert.Equal((first.Id, new SlaState(SlaLevel.Breached, TimeSpan.FromMinutes(-30))), (a.Id, a.Sla));
        Assert.Equal((second.Id, new SlaState(SlaLevel.Warning, TimeSpan.FromMinutes(30))), (b.Id, b.Sla));

        var all = (await admin.GetPageAsync<CaseListItem>($"{Url}?limit=50")).Items.ToDictionary(i => i.Id);
        Assert.Equal(new SlaState(SlaLevel.OnTrack, TimeSpan.FromMinutes(90)), all[third.Id].Sla);
        Assert.Null(all[untargeted.Id].Sla);
        Assert.Null(all[resolved.Id].Sla);
    }
}

public sealed class BreachingSoonOnSqlite(ClockedSqliteApp app) : BreachingSoonTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class BreachingSoonOnPostgres(ClockedPostgresApp app) : BreachingSoonTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;
