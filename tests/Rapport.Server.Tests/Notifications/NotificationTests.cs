using Microsoft.AspNetCore.Identity;
using Rapport.Core.Notifications;
using Rapport.Core.Preferences;
using Rapport.Server.Notifications;
using Rapport.Server.Tests.Identity;
using Rapport.Server.Tests.ServiceDesk;

namespace Rapport.Server.Tests.Notifications;

/// <summary>The notification centre through the API: each user sees and marks only their own notifications, texts in
/// the reader's language, emails only for those who chose them (in the recipient's language and zone), and old read
/// notifications pruned. The app's clock is moved for retention.</summary>
public abstract class NotificationTests(RapportApp app, ManualClock clock)
{
    private const string Url = "/api/v1/notifications";
    private const string SettingsUrl = "/api/v1/me/notification-settings";
    private static readonly DateTime Due = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A new user (with an email address) and a client signed in as them.</summary>
    private async Task<(HttpClient Client, Guid Id, string Email)> UserAsync(string? name = null)
    {
        name ??= "n" + Unique();
        var token = await app.CreateUserWithTokenAsync(name);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(name))!;
        var email = $"{name}@example.com";
        await users.SetEmailAsync(user, email);
        return (app.ClientWithToken(token), user.Id, email);
    }

    /// <summary>What the SLA sweep sends: "Case {number} missed its resolution target (due …)", saved as a job saves it.</summary>
    private async Task NotifyAsync(Guid userId, string number, NotificationKind kind = NotificationKind.SlaBreach)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationService>().NotifyAsync([userId], kind, "Notification.SlaBreach",
            [NotificationArg.Of(number), NotificationArg.Resource("Enum.SlaTargetKind.Resolution"), NotificationArg.Time(Due)], "/cases/" + number, Ct);
        await scope.ServiceProvider.GetRequiredService<RapportDbContext>().SaveChangesAsync(Ct);
    }

    private async Task<List<Rapport.Core.Mail.OutboxMessage>> MailToAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Purpose == NotificationService.MailPurpose && m.To.Contains(email)).ToListAsync(Ct);
    }

    private static async Task<NotificationPage> ListAsync(HttpClient client, string query = "") =>
        await (await client.GetAsync(Url + query, Ct)).ReadAsync<NotificationPage>();

    [Fact]
    public async Task A_notification_is_listed_for_its_recipient_only_and_another_user_can_neither_read_nor_mark_it()
    {
        var (ana, anaId, _) = await UserAsync();
        var (bo, _, _) = await UserAsync();
        await (await ana.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput("en", null, "UTC"))).ShouldBeAsync(HttpStatusCode.OK);

        await NotifyAsync(anaId, "CS-0001");

        var mine = await ListAsync(ana);
        var n = Assert.Single(mine.Items);
        Assert.Equal(1, mine.Unread);
        Assert.Equal((NotificationKind.SlaBreach, "/cases/CS-0001", (DateTime?)null), (n.Kind, n.Link, n.ReadAt));
        Assert.StartsWith("Case CS-0001 missed its Resolution target (due ", n.Text, StringComparison.Ordinal);
        Assert.Empty((await ListAsync(bo)).Items);
        await (await bo.PostAsync($"{Url}/{n.Id}/read", null, Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.Null(Assert.Single((await ListAsync(ana)).Items).ReadAt);

        await (await ana.PostAsync($"{Url}/{n.Id}/read", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var after = await ListAsync(ana);
        Assert.Equal(0, after.Unread);
        Assert.NotNull(Assert.Single(after.Items).ReadAt);
        Assert.Empty((await ListAsync(ana, "?unread=true")).Items);
    }

    [Fact]
    public async Task The_list_shows_unread_first_page_by_page_and_read_all_marks_every_unread_one()
    {
        var (ana, anaId, _) = await UserAsync();
        // A second apart, as notifications come: the app's clock stands still otherwise, and the order is by time.
        foreach (var number in new[] { "CS-0011", "CS-0012", "CS-0013" })
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await NotifyAsync(anaId, number);
        }
        var oldest = (await ListAsync(ana)).Items.Single(i => i.Link == "/cases/CS-0011");
        await (await ana.PostAsync($"{Url}/{oldest.Id}/read", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        clock.Advance(TimeSpan.FromSeconds(1));
        await NotifyAsync(anaId, "CS-0014");

        var first = await ListAsync(ana, "?limit=2");
        var second = await ListAsync(ana, $"?limit=2&cursor={first.NextCursor}");

        Assert.Equal(["/cases/CS-0014", "/cases/CS-0013"], first.Items.Select(i => i.Link));
        Assert.Equal(["/cases/CS-0012", "/cases/CS-0011"], second.Items.Select(i => i.Link));
        Assert.Null(second.NextCursor);
        Assert.Equal(3, first.Unread);

        await (await ana.PostAsync($"{Url}/read-all", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var after = await ListAsync(ana);
        Assert.Equal(0, after.Unread);
        Assert.All(after.Items, i => Assert.NotNull(i.ReadAt));
        Assert.Equal(4, after.Items.Count);
    }

    [Fact]
    public async Task Email_goes_only_to_those_who_chose_it_in_their_language_and_time_zone_and_in_app_only_to_those_who_want_it()
    {
        var (li, liId, liEmail) = await UserAsync();
        await (await li.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput("zh-CN", null, "Asia/Shanghai"))).ShouldBeAsync(HttpStatusCode.OK);
        var (bo, boId, boEmail) = await UserAsync();
        var (cy, cyId, cyEmail) = await UserAsync();
        Assert.Equal([new NotificationSettingDto(NotificationKind.SlaWarning, true, true), new NotificationSettingDto(NotificationKind.SlaBreach, true, true),
                new NotificationSettingDto(NotificationKind.Alert, true, true)],
            await (await bo.GetAsync(SettingsUrl, Ct)).ReadAsync<List<NotificationSettingDto>>());
        await (await bo.PutJsonAsync(SettingsUrl, new[] { new NotificationSettingDto(NotificationKind.SlaBreach, true, false) })).ShouldBeAsync(HttpStatusCode.OK);
        var cySettings = await (await cy.PutJsonAsync(SettingsUrl, new[] { new NotificationSettingDto(NotificationKind.SlaBreach, false, true) }))
            .ReadAsync<List<NotificationSettingDto>>();
        Assert.Contains(new NotificationSettingDto(NotificationKind.SlaBreach, false, true), cySettings);

        foreach (var id in new[] { liId, boId, cyId }) await NotifyAsync(id, "CS-0021");

        // Li reads Chinese at 18:00 Shanghai time (10:00 UTC); the defaults send escalations by email too.
        var toLi = Assert.Single(await MailToAsync(liEmail));
        Assert.Contains("工单 CS-0021 已超出解决时限", toLi.TextBody, StringComparison.Ordinal);
        Assert.Contains("18:00", toLi.TextBody, StringComparison.Ordinal);
        Assert.Contains("/cases/CS-0021", toLi.TextBody, StringComparison.Ordinal);
        Assert.Empty(await MailToAsync(boEmail));
        Assert.Single(await MailToAsync(cyEmail));
        Assert.Single((await ListAsync(li)).Items);
        Assert.Single((await ListAsync(bo)).Items);
        Assert.Empty((await ListAsync(cy)).Items);
    }

    [Fact]
    public async Task Read_notifications_past_the_retention_are_deleted_and_unread_and_recent_ones_kept()
    {
        var name = "n" + Unique();
        var (ana, anaId, _) = await UserAsync(name);
        await NotifyAsync(anaId, "CS-0031");
        await NotifyAsync(anaId, "CS-0032");
        var read = (await ListAsync(ana)).Items.Single(i => i.Link == "/cases/CS-0031");
        await (await ana.PostAsync($"{Url}/{read.Id}/read", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await NotificationRetentionJob.RunOnceAsync(app.Services, Ct);
        Assert.Equal(2, (await ListAsync(ana)).Items.Count);

        clock.Advance(TimeSpan.FromDays(91));
        ana = app.ClientWithToken(await app.CreateTokenAsync(name));
        await NotifyAsync(anaId, "CS-0033");
        var recent = (await ListAsync(ana)).Items.Single(i => i.Link == "/cases/CS-0033");
        await (await ana.PostAsync($"{Url}/{recent.Id}/read", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.True(await NotificationRetentionJob.RunOnceAsync(app.Services, Ct) >= 1);

        Assert.Equal(["/cases/CS-0032", "/cases/CS-0033"], (await ListAsync(ana)).Items.Select(i => i.Link));
    }
}

public sealed class NotificationsOnSqlite(ClockedSqliteApp app) : NotificationTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class NotificationsOnPostgres(ClockedPostgresApp app) : NotificationTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;
