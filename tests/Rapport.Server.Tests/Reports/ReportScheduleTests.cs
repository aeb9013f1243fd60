using DocumentFormat.OpenXml.Packaging;
using MimeKit;
using Rapport.Core.Reports;
using Rapport.Server.Reports;
using Rapport.Server.Tests.Mail;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Server.Tests.Reports;

/// <summary>Scheduled reports on a moved clock against a real SMTP server: the job sends each recipient the file run
/// as them (a rep's copy holds only their figures), records each run, and a failed run is visible and retried.</summary>
public abstract class ReportScheduleTests(MailApp app)
{
    private async Task UseAsync(SmtpReceiver receiver)
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp", new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null,
            "reports@rapport.example.com", "Rapport"))).ShouldBeAsync(HttpStatusCode.OK);
    }

    /// <summary>A user in <paramref name="role"/> with an address the receiver can tell apart.</summary>
    private async Task<(HttpClient Client, Guid Id, string Email)> PersonAsync(string role)
    {
        var (client, id) = await app.NewUserAsync(role);
        var email = $"r{Guid.NewGuid():N}@example.com";
        await app.WithAsync(async sp => await sp.GetRequiredService<RapportDbContext>().Users.Where(u => u.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, email).SetProperty(x => x.NormalizedEmail, email.ToUpperInvariant()), Ct));
        return (client, id, email);
    }

    private async Task DealAsync(Guid owner, long minor)
    {
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<RapportDbContext>();
            var stage = await db.PipelineStages.AsNoTracking().Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).FirstAsync(Ct);
            var customer = new Customer { Number = "SCH-" + Unique(), Name = "Scheduled Co " + Unique(), OwnerId = owner };
            db.Customers.Add(customer);
            db.Opportunities.Add(new Opportunity
            {
                Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = owner, PipelineId = stage.PipelineId, StageId = stage.Id,
                AmountMinor = minor, Currency = "CNY", StageEnteredAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
    }

    /// <summary>The owner rows of an emailed workbook (without the grand total under them): owner label → sum.</summary>
    private static Dictionary<string, string> Figures(MimeMessage mail)
    {
        var part = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.EndsWith(".xlsx", part.FileName, StringComparison.Ordinal);
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes.ToArray()), false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<S.Row>().Skip(1).SkipLast(1).Select(r => r.Elements<S.Cell>().Select(c => c.InnerText).ToList());
        return rows.ToDictionary(r => r[0], r => r[^1]);
    }

    private static async Task<ReportScheduleDto> ScheduleAsync(HttpClient owner, Guid id) =>
        await (await owner.GetAsync($"/api/v1/reports/schedules/{id}", Ct)).ReadAsync<ReportScheduleDto>();

    [Fact]
    public async Task A_scheduled_report_arrives_with_the_file_and_a_reps_copy_holds_only_their_figures()
    {
        await using var receiver = SmtpReceiver.Start();
        await UseAsync(receiver);
        var (manager, _, _) = await PersonAsync(Roles.SalesManager);
        var (_, boss, bossEmail) = await PersonAsync(Roles.Administrator);
        var (_, a, aEmail) = await PersonAsync(Roles.SalesRepresentative);
        var (_, b, _) = await PersonAsync(Roles.SalesRepresentative);
        await DealAsync(a, 100_000);
        await DealAsync(b, 200_000);
        var report = await manager.PostCreatedAsync<ReportDto>("/api/v1/reports", new ReportInput("Deals by owner " + Unique(), null,
            new ReportDefinition("opportunities", [new("owner")], Measures: [new(MeasureFunction.Sum, "amount")], Filters: [new("owner", FilterOp.In, Values: [a.ToString(), b.ToString()])]),
            [new(ShareKind.User, a.ToString(), ReportAccess.View), new(ShareKind.User, boss.ToString(), ReportAccess.View)]));
        var schedule = await manager.PostCreatedAsync<ReportScheduleDto>($"/api/v1/reports/{report.Id}/schedules",
            new ReportScheduleInput("0 8 * * *", "Asia/Shanghai", ReportFileFormat.Xlsx, [a, boss]));
        // 08:00 in Shanghai is midnight UTC.
        Assert.Equal((0, 0), (schedule.NextRunAt!.Value.Hour, schedule.NextRunAt.Value.Minute));

        // Not due yet: nothing runs.
        await ReportScheduleJob.RunDueAsync(app.Services, Ct);
        Assert.Empty((await ScheduleAsync(manager, schedule.Id)).Runs);
        app.Clock.Advance(schedule.NextRunAt.Value - app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));
        await ReportScheduleJob.RunDueAsync(app.Services, Ct);
        var run = Assert.Single((await ScheduleAsync(manager, schedule.Id)).Runs);
        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(2, run.Sent);
        await app.SendDueAsync();

        var mine = Figures(Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(x => x.Address == aEmail)));
        Assert.Equal(["1000"], mine.Values);
        // An administrator reaches every deal: both owners' figures.
        var all = Figures(Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(x => x.Address == bossEmail)));
        Assert.Equal(["1000", "2000"], all.Values.Order(StringComparer.Ordinal));

        var listed = Assert.Single(await (await manager.GetAsync($"/api/v1/reports/{report.Id}/schedules", Ct)).ReadAsync<List<ReportScheduleDto>>());
        Assert.Equal(schedule.NextRunAt.Value.AddDays(1), listed.NextRunAt);
        // Run again at once: not due, not sent twice.
        await ReportScheduleJob.RunDueAsync(app.Services, Ct);
        Assert.Single((await ScheduleAsync(manager, schedule.Id)).Runs);
    }

    [Fact]
    public async Task A_failed_run_is_recorded_and_retried()
    {
        var (manager, _, _) = await PersonAsync(Roles.SalesManager);
        var (_, stranger, _) = await PersonAsync(Roles.SalesRepresentative);
        // Not shared with the recipient: their copy cannot be run as them.
        var report = await manager.PostCreatedAsync<ReportDto>("/api/v1/reports", new ReportInput("Private " + Unique(), null, new ReportDefinition("leads")));
        var schedule = await manager.PostCreatedAsync<ReportScheduleDto>($"/api/v1/reports/{report.Id}/schedules",
            new ReportScheduleInput("30 6 * * 1", "UTC", ReportFileFormat.Pdf, [stranger]));
        app.Clock.Advance(schedule.NextRunAt!.Value - app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));
        var at = app.Clock.GetUtcNow().UtcDateTime;
        await ReportScheduleJob.RunDueAsync(app.Services, Ct);

        var listed = await ScheduleAsync(manager, schedule.Id);
        var run = Assert.Single(listed.Runs);
        Assert.False(run.Succeeded);
        Assert.Contains(stranger.ToString(), run.Error, StringComparison.Ordinal);
        Assert.Equal(1, listed.Failures);
        // Retried two minutes later, not next Monday.
        Assert.InRange(listed.NextRunAt!.Value, at.AddMinutes(2).AddMilliseconds(-1), at.AddMinutes(2).AddMilliseconds(1));

        await (await manager.PostJsonAsync($"/api/v1/reports/{report.Id}/schedules", new ReportScheduleInput("every day", "UTC", ReportFileFormat.Pdf, [stranger])))
            .ShouldRejectAsync("cron", "ReportSchedule.BadCron");
    }
}

public sealed class ReportSchedulesOnSqlite(MailSqliteApp app) : ReportScheduleTests(app), IClassFixture<MailSqliteApp>;

public sealed class ReportSchedulesOnPostgres(MailPostgresApp app) : ReportScheduleTests(app), IClassFixture<MailPostgresApp>;
