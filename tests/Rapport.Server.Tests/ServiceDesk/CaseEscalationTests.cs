using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;
using Rapport.Core.Notifications;
using Rapport.Server.ServiceDesk;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>The SLA sweep's escalations with the app's clock moved: a Mon–Fri 09–18 (UTC) calendar and a policy of 4
/// business hours to the resolution of normal cases, warning at 50 %, that notifies the owner and the queue's lead at
/// the warning and at the breach, and moves a breached case to an escalation queue.</summary>
public abstract class CaseEscalationTests(RapportApp app, ManualClock clock)
{
    private const string PolicyName = "Escalation tests";

    private async Task<HttpClient> AdminAtAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    /// <summary>Moves the clock on to the next Monday 09:00 UTC.</summary>
    private DateTime ToMondayNine()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var monday = now.Date.AddDays(((int)DayOfWeek.Monday - (int)now.DayOfWeek + 7) % 7).AddHours(9);
        if (monday <= now) monday = monday.AddDays(7);
        clock.Advance(monday - now);
        return monday;
    }

    private void AdvanceTo(DateTime at) => clock.Advance(at - clock.GetUtcNow().UtcDateTime);

    /// <summary>A user with an email address (in <paramref name="team"/>, if given).</summary>
    private async Task<(Guid Id, string Email)> UserAsync(HttpClient admin, Guid? team = null)
    {
        var name = "esc" + Unique();
        await app.CreateUserWithTokenAsync(name);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(name))!;
        await users.SetEmailAsync(user, $"{name}@example.com");
        if (team is not null)
            await (await admin.PutJsonAsync($"/api/v1/users/{user.Id}/access", new UserAccessInput([], team, null))).ShouldBeAsync(HttpStatusCode.OK);
        return (user.Id, user.Email!);
    }

    private static async Task<TeamDto> TeamAsync(HttpClient admin, Guid? lead)
    {
        var response = await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Queue " + Unique(), null, lead));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<TeamDto>();
    }

    private static async Task PolicyAsync(HttpClient admin, Guid escalationQueue)
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var calendar = await admin.PostJsonAsync("/api/v1/sla/calendars", new BusinessCalendarInput("UTC desk " + Unique(), "UTC",
            [.. weekdays.Select(d => new WorkingHoursDto(d, "09:00", "18:00"))], []));
        await calendar.ShouldBeAsync(HttpStatusCode.Created);
        const SlaTargetKind res = SlaTargetKind.Resolution;
        var policy = await admin.PostJsonAsync("/api/v1/sla/policies", new SlaPolicyInput(PolicyName, (await calendar.ReadAsync<BusinessCalendarDto>()).Id, true,
            [new SlaTarget(CasePriority.Normal, null, null, null, null, 240, WarningPercent: 50)],
            [
                new SlaEscalation(res, SlaEscalationTrigger.Warning, SlaEscalationAction.NotifyOwner),
                new SlaEscalation(res, SlaEscalationTrigger.Warning, SlaEscalationAction.NotifyQueueLead),
                new SlaEscalation(res, SlaEscalationTrigger.Breach, SlaEscalationAction.NotifyOwner),
                new SlaEscalation(res, SlaEscalationTrigger.Breach, SlaEscalationAction.NotifyQueueLead),
                new SlaEscalation(res, SlaEscalationTrigger.Breach, SlaEscalationAction.MoveToQueue, escalationQueue),
            ]));
        await policy.ShouldBeAsync(HttpStatusCode.Created);
    }

    private static async Task<CaseDto> CaseAsync(HttpClient admin, Guid owner, Guid queue)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var response = await admin.PostJsonAsync("/api/v1/cases", new CaseInput(customer.Id, "Server down " + Unique(), OwnerId: owner, QueueId: queue));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<CaseDto>();
    }

    /// <summary>What each user has received: notifications by kind, and notification emails.</summary>
    private async Task<(List<NotificationKind> InApp, int Emails)> ReceivedAsync(Guid userId, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var kinds = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.CreatedAt).Select(n => n.Kind).ToListAsync(Ct);
        var emails = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Purpose == NotificationService.MailPurpose && m.To.Contains(email), Ct);
        return (kinds, emails);
    }

    // The app's own job may sweep at the same moment: the tests look at what was stored, not at who stored it.
    private async Task SweepAsync() => await CaseSlaJob.RunOnceAsync(app.Services, Ct);

    [Fact]
    public async Task Warning_then_breach_notify_owner_and_queue_lead_once_each_and_the_breach_moves_the_case_to_the_escalation_queue()
    {
        var monday = ToMondayNine();
        var admin = await AdminAtAsync();
        var lead = await UserAsync(admin);
        var queue = await TeamAsync(admin, lead.Id);
        var escalation = await TeamAsync(admin, null);
        await PolicyAsync(admin, escalation.Id);
        var owner = await UserAsync(admin);
        var member = await UserAsync(admin, escalation.Id);
        var c = await CaseAsync(admin, owner.Id, queue.Id);
        var kept = await CaseAsync(admin, member.Id, queue.Id);
        Assert.Equal(monday.AddHours(4), c.ResolutionDueAt);

        // 10:59: before the warning point (two business hours in).
        AdvanceTo(monday.AddHours(2).AddMinutes(-1));
        await SweepAsync();
        Assert.Equal(("", 0), Flat(await ReceivedAsync(owner.Id, owner.Email)));

        AdvanceTo(monday.AddHours(2));
        await SweepAsync();
        await SweepAsync();

        Assert.Equal(("SlaWarning", 1), Flat(await ReceivedAsync(owner.Id, owner.Email)));
        // The lead is told once per case of their queue.
        Assert.Equal(("SlaWarning,SlaWarning", 2), Flat(await ReceivedAsync(lead.Id, lead.Email)));

        AdvanceTo(monday.AddHours(4));
        await SweepAsync();
        await SweepAsync();

        Assert.Equal(("SlaWarning,SlaBreach", 2), Flat(await ReceivedAsync(owner.Id, owner.Email)));
        Assert.Equal(4, (await ReceivedAsync(lead.Id, lead.Email)).InApp.Count);
        admin = await AdminAtAsync();
        var moved = await (await admin.GetAsync($"/api/v1/cases/{c.Id}", Ct)).ReadAsync<CaseDto>();
        // The owner is outside the escalation queue: the case waits there unassigned. A member of it keeps theirs.
        Assert.Equal((escalation.Id, (Guid?)null), (moved.QueueId, moved.OwnerId));
        var stayed = await (await admin.GetAsync($"/api/v1/cases/{kept.Id}", Ct)).ReadAsync<CaseDto>();
        Assert.Equal((escalation.Id, (Guid?)member.Id), (stayed.QueueId, stayed.OwnerId));
        var audit = await (await admin.GetAsync($"/api/v1/audit?action={CaseSlaSweep.AuditAction}", Ct)).ReadAsync<Rapport.Core.Common.Page<AuditEntryDto>>();
        var entry = Assert.Single(audit.Items, a => a.At == audit.Items.Max(x => x.At));
        Assert.Equal((2, 2, 4), (entry.Changes!.Value.GetProperty("moved").GetInt32(), entry.Changes.Value.GetProperty("resolutionBreached").GetInt32(),
            entry.Changes.Value.GetProperty("notified").GetInt32()));
    }

    private static (string Kinds, int Emails) Flat((List<NotificationKind> InApp, int Emails) r) => (string.Join(",", r.InApp), r.Emails);
}

public sealed class CaseEscalationOnSqlite(ClockedSqliteApp app) : CaseEscalationTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class CaseEscalationOnPostgres(ClockedPostgresApp app) : CaseEscalationTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;
