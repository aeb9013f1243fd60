using Quartz;
using Rapport.Core.Mail;
using Rapport.Core.Reports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Reports;

/// <summary>Every minute: runs the report schedules that are due. Each recipient's copy is run as that recipient (their
/// permissions and record scope, as if they opened it) in their language, rendered in the schedule's format and queued
/// in the durable outbox as an attachment (purpose <c>report</c>). A schedule is claimed by moving its next run before
/// any work, so two nodes never send it twice; a failed run is recorded and retried (see <see cref="ReportSchedule.After"/>).</summary>
internal sealed class ReportScheduleJob(IServiceProvider services) : IJob
{
    public const string Name = "report-schedules";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunDueAsync(services, cancellationToken);

    /// <summary>Runs every due schedule once; returns how many ran.</summary>
    public static async Task<int> RunDueAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var due = await db.ReportSchedules.AsNoTracking().Where(s => s.NextRunAt != null && s.NextRunAt <= now).OrderBy(s => s.NextRunAt).Take(50).ToListAsync(ct);
        var ran = 0;
        foreach (var schedule in due)
        {
            // Claim: only the run that moves the next run from the value it read goes on.
            var (was, next) = (schedule.NextRunAt, schedule.After(now, failed: false));
            if (await db.ReportSchedules.Where(s => s.Id == schedule.Id && s.NextRunAt == was)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, next), ct) == 0) continue;
            ran++;
            var (sent, error) = (0, (string?)null);
            foreach (var recipient in ReportScheduleService.RecipientsOf(schedule))
            {
                try
                {
                    if (await SendAsync(services, schedule, recipient, ct)) sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    error ??= TextCut.ToLength($"{recipient}: {e.Message}", ReportScheduleRun.ErrorMax);
                }
            }
            var failed = error is not null;
            var after = schedule.After(now, failed);
            await db.ReportSchedules.Where(s => s.Id == schedule.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.NextRunAt, after).SetProperty(s => s.Failures, failed ? schedule.Failures + 1 : 0), ct);
            db.ReportScheduleRuns.Add(new ReportScheduleRun { ScheduleId = schedule.Id, RanAt = now, Succeeded = !failed, Sent = sent, Error = error });
            await db.SaveChangesAsync(ct);
        }
        return ran;
    }

    /// <summary>One recipient's copy, run and queued in a scope of its own signed in as them; false for a user who is
    /// no longer active or has no address.</summary>
    private static async Task<bool> SendAsync(IServiceProvider services, ReportSchedule schedule, Guid recipient, CancellationToken ct)
    {
        UserAccess access;
        (string UserName, string Email, string? Culture) recipientName;
        await using (var lookup = services.CreateAsyncScope())
        {
            var person = await lookup.ServiceProvider.GetRequiredService<RapportDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == recipient && u.Status == UserStatus.Active).Select(u => new { u.UserName, u.Email, u.Culture }).FirstOrDefaultAsync(ct);
            if (person?.Email is null) return false;
            access = await lookup.ServiceProvider.GetRequiredService<AccessResolver>().ResolveAsync(recipient, ct);
            recipientName = (person.UserName ?? "", person.Email, person.Culture);
        }
        // The caller is set before anything else in the scope is resolved, so the DbContext's record scope is theirs.
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, recipient.ToString()), new Claim(ClaimTypes.Name, recipientName.UserName)], "report-schedule"));
        sp.GetRequiredService<CircuitCaller>().Set(principal, access, new CircuitInfo());

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var language = CultureInfo.GetCultureInfo(recipientName.Culture ?? "en");
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (language, language);
        try
        {
            var reports = sp.GetRequiredService<ReportService>();
            var report = await reports.GetAsync(schedule.ReportId, ct);
            var result = await reports.RunAsync(report.Definition, ct);
            using var file = new MemoryStream();
            sp.GetRequiredService<ReportExport>().Render(file, schedule.Format, report.Name, result);
            var (type, ext) = ReportExport.Kind(schedule.Format);
            var text = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
            var fileName = string.Concat(report.Name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c)) + "." + ext;
            sp.GetRequiredService<MailService>().Enqueue(new OutgoingMail([recipientName.Email], text["Mail.ScheduledReportSubject", report.Name],
                text["Mail.ScheduledReportBody", report.Name], Purpose: "report", Correlation: $"report-schedule:{schedule.Id}",
                Attachments: [new MailAttachment(fileName, type, file.ToArray())]));
            await sp.GetRequiredService<RapportDbContext>().SaveChangesAsync(ct);
            return true;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
