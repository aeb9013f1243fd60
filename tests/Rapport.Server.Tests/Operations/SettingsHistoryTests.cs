using Rapport.Core.Audit;
using Rapport.Core.Operations;
using Rapport.Core.Settings;

namespace Rapport.Server.Tests.Operations;

/// <summary>Every save of a settings section is kept (who, when, each field before and after) and shown per section;
/// secrets never appear in it.</summary>
public abstract class SettingsHistoryTests(RapportApp app)
{
    private static async Task<List<SettingsChange>> HistoryAsync(HttpClient admin, string section) =>
        (await admin.GetPageAsync<SettingsChange>($"/api/v1/admin/settings/{section}/history")).Items.ToList();

    private static async Task<List<SettingsSectionView>> SectionsAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/v1/admin/settings", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<List<SettingsSectionView>>();
    }

    [Fact]
    public async Task Each_save_of_a_section_is_kept_with_who_when_and_each_field_before_and_after()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/audit", new AuditSettings(400))).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/audit", new AuditSettings(401))).ShouldBeAsync(HttpStatusCode.OK);

        var history = await HistoryAsync(admin, AuditSettings.Key);
        var sections = await SectionsAsync(admin);

        var newest = history[0];
        Assert.Equal("admin", newest.UserName);
        Assert.Equal(new FieldChange("retentionDays", "400", "401"), Assert.Single(newest.Changes));
        Assert.Equal(new FieldChange("retentionDays", "180", "400"), Assert.Single(history[1].Changes)); // the first save, against the default
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At >= p.Second.At));
        var audit = sections.Single(s => s.Key == AuditSettings.Key);
        Assert.Equal(new SettingsField("retentionDays", "401", true), Assert.Single(audit.Fields));
        Assert.NotNull(audit.UpdatedAt);
        Assert.All(sections.Single(s => s.Key == "lead-scoring").Fields, f => Assert.False(f.Stored)); // never saved: defaults
    }

    [Fact]
    public async Task The_smtp_password_never_appears_in_its_history_or_the_section_view()
    {
        var admin = await app.AdminClientAsync();
        const string password = "Smtp-Canary-9137";
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp",
            new SmtpSettingsInput("smtp.example.com", 587, MailSecurity.StartTls, "mailer", password, "desk@example.com", "Desk"))).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp",
            new SmtpSettingsInput("smtp2.example.com", 587, MailSecurity.StartTls, "mailer", password + "x", "desk@example.com", "Desk"))).ShouldBeAsync(HttpStatusCode.OK);

        var raw = await (await admin.GetAsync("/api/v1/admin/settings/smtp/history", Ct)).Content.ReadAsStringAsync(Ct);
        var history = await HistoryAsync(admin, "smtp");
        var view = await (await admin.GetAsync("/api/v1/admin/settings", Ct)).Content.ReadAsStringAsync(Ct);
        var log = await (await admin.GetAsync("/api/v1/audit?entityType=setting&entityId=smtp", Ct)).Content.ReadAsStringAsync(Ct);
        string cipher;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var json = await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Set<AppSetting>().Where(s => s.Key == "smtp").Select(s => s.Json).SingleAsync(Ct);
            cipher = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("passwordCipher").GetString()!;
        }

        var change = history[0].Changes;
        Assert.Contains(new FieldChange("host", "smtp.example.com", "smtp2.example.com"), change);
        Assert.Contains(new FieldChange("passwordCipher", Secrets.Mask, Secrets.Mask), change); // changed, and still not shown
        Assert.DoesNotContain(password, raw, StringComparison.Ordinal);
        Assert.Contains("\"field\":\"passwordCipher\",\"value\":\"***\"", view, StringComparison.Ordinal);
        Assert.Contains("smtp2.example.com", log, StringComparison.Ordinal);
        Assert.DoesNotContain(cipher, log, StringComparison.Ordinal); // not even encrypted, in the audit log as read
        Assert.DoesNotContain(cipher, raw + view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_settings_managers_see_sections_and_their_history()
    {
        var auditor = app.ClientWithToken(await app.CreateUserWithTokenAsync("aud-" + Unique(), Roles.Auditor));
        await (await auditor.GetAsync("/api/v1/admin/settings", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.GetAsync("/api/v1/admin/settings/smtp/history", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class SettingsHistoryOnSqlite(SqliteApp app) : SettingsHistoryTests(app), IClassFixture<SqliteApp>;

public sealed class SettingsHistoryOnPostgres(PostgresApp app) : SettingsHistoryTests(app), IClassFixture<PostgresApp>;
