using Rapport.Core.Notifications;
using Rapport.Core.Observability;

namespace Rapport.Server.Tests.Observability;

/// <summary>The alert rules with the app's clock moved: an alert opens once per rule and subject, stays one while the
/// condition holds, clears when it ends, and reaches the administrators in the app.</summary>
public abstract class AlertRuleTests(ObservedApp app)
{
    [Fact]
    public async Task Failed_sign_ins_for_one_account_fire_once_then_clear()
    {
        var admin = await app.AdminClientAsync();
        var name = "victim" + Unique();
        await app.CreateUserWithTokenAsync(name);
        var anonymous = app.CreateClient();
        for (var i = 0; i < 3; i++) await anonymous.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "guess-" + i));
        var subject = "account:" + name;

        await app.EvaluateAlertsAsync();
        var open = Assert.Single(await AlertsAsync(admin, open: true), a => a.Subject == subject);
        Assert.Equal(AlertRules.FailedSignIns, open.Rule);
        Assert.Equal("3 in 10 min", open.Detail);
        var notes = await NotificationsAsync(admin, name);
        Assert.Single(notes, n => n.Text.StartsWith("Alert: Failed sign-ins", StringComparison.Ordinal));

        // Still true a minute later, with one more failure: the same alert, no second notification.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await anonymous.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "guess-again"));
        await app.EvaluateAlertsAsync();
        var still = Assert.Single(await AlertsAsync(admin, open: true), a => a.Subject == subject);
        Assert.Equal(open.Id, still.Id);
        Assert.Equal("4 in 10 min", still.Detail);
        Assert.Single(await NotificationsAsync(admin, name), n => n.Text.StartsWith("Alert: Failed sign-ins", StringComparison.Ordinal));

        // The window passes without failures: cleared, and said so.
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await app.EvaluateAlertsAsync();
        Assert.DoesNotContain(await AlertsAsync(admin, open: true), a => a.Subject == subject);
        var cleared = Assert.Single(await AlertsAsync(admin, open: false), a => a.Subject == subject);
        Assert.Equal(open.Id, cleared.Id);
        Assert.NotNull(cleared.ClearedAt);
        Assert.Single(await NotificationsAsync(admin, name), n => n.Text.StartsWith("Alert cleared: Failed sign-ins", StringComparison.Ordinal));
        await app.FlushEventsAsync();
        Assert.NotEmpty((await admin.GetPageAsync<LogEntryDto>("/api/v1/logs?event=alert.opened")).Items);
    }

    [Fact]
    public async Task A_server_error_rate_above_the_threshold_fires_and_clears()
    {
        var admin = await app.AdminClientAsync();
        app.Clock.Advance(TimeSpan.FromHours(1)); // a window of this test's requests only
        for (var i = 0; i < 12; i++) await admin.GetAsync(ObservedApp.BoomPath, Ct);
        await app.EvaluateAlertsAsync();
        Assert.Single(await AlertsAsync(admin, open: true), a => a.Rule == AlertRules.ErrorRate);

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.EvaluateAlertsAsync();
        Assert.DoesNotContain(await AlertsAsync(admin, open: true), a => a.Rule == AlertRules.ErrorRate);
    }

    [Fact]
    public async Task Disk_job_and_backup_rules_fire_from_their_sources_and_clear()
    {
        var admin = await app.AdminClientAsync();
        var job = "Nightly " + Unique();
        app.Fakes.Disk = (5, 100);
        app.Fakes.Streaks.Add(new JobStreak(job, 2));
        app.Fakes.NewestBackup = app.Clock.GetUtcNow().UtcDateTime.AddHours(-30);
        await app.EvaluateAlertsAsync();
        var open = await AlertsAsync(admin, open: true);
        Assert.Single(open, a => a.Rule == AlertRules.DiskFree);
        Assert.Single(open, a => a.Rule == AlertRules.JobFailing && a.Subject == job);
        Assert.Single(open, a => a.Rule == AlertRules.BackupAge);

        app.Fakes.Disk = (50, 100);
        app.Fakes.Streaks.Clear();
        app.Fakes.NewestBackup = app.Clock.GetUtcNow().UtcDateTime;
        await app.EvaluateAlertsAsync();
        open = await AlertsAsync(admin, open: true);
        Assert.DoesNotContain(open, a => a.Rule is AlertRules.DiskFree or AlertRules.JobFailing or AlertRules.BackupAge);
    }

    private static async Task<IReadOnlyList<AlertDto>> AlertsAsync(HttpClient admin, bool open) =>
        (await admin.GetPageAsync<AlertDto>($"/api/v1/logs/alerts?open={open}&limit=200")).Items;

    private static async Task<List<NotificationDto>> NotificationsAsync(HttpClient admin, string about) =>
        [.. (await (await admin.GetAsync("/api/v1/notifications?limit=200", Ct)).ReadAsync<NotificationPage>()).Items
            .Where(n => n.Kind == NotificationKind.Alert && n.Text.Contains(about, StringComparison.Ordinal))];
}

public sealed class AlertRulesOnSqlite(ObservedSqliteApp app) : AlertRuleTests(app), IClassFixture<ObservedSqliteApp>;

public sealed class AlertRulesOnPostgres(ObservedPostgresApp app) : AlertRuleTests(app), IClassFixture<ObservedPostgresApp>;
