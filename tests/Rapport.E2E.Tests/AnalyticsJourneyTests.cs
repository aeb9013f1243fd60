using DocumentFormat.OpenXml.Packaging;
using MimeKit;
using Rapport.Core.Mail;
using Rapport.Server.Reports;
using Rapport.Server.Tests.Mail;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.E2E.Tests;

/// <summary>A manager's analytics in the browser, end to end: a pivot report built and saved, added to a new dashboard
/// as a heat map, exported to Excel (the download opened and a cell read), scheduled by email, and the scheduled mail
/// arriving with the workbook at a real SMTP server (the app's outbox sends every second).</summary>
public sealed class AnalyticsJourneyTests(DeskBrowserApp app) : IClassFixture<DeskBrowserApp>
{
    private static async Task PickAsync(IPage page, string select, string option)
    {
        await page.Locator($"[data-testid={select}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }

    [Fact]
    public async Task A_pivot_goes_to_a_heat_map_an_excel_file_and_a_scheduled_email()
    {
        var ct = Ct;
        var stem = Guid.NewGuid().ToString("N")[..6];
        await using var smtp = SmtpReceiver.Start();
        var manager = "analyst" + stem;
        var email = $"{manager}@example.com";
        var managerId = await Seed.UserAsync(app, manager, Rapport.Core.Common.Roles.Administrator, null);
        await Seed.CustomerAsync(app, "热力客户" + stem, managerId);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            await sp.GetRequiredService<RapportDbContext>().Users.Where(u => u.Id == managerId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, email).SetProperty(x => x.NormalizedEmail, email.ToUpperInvariant()), ct);
            await sp.GetRequiredService<MailService>().SaveSmtpAsync(
                new SmtpSettingsInput("127.0.0.1", smtp.Port, MailSecurity.None, null, null, "reports@rapport.example.com", "Rapport"), ct);
        }
        var page = await app.SignInAsync(manager);

        // 1. A pivot: customers by tier (rows) and kind (columns), saved.
        var name = "Tier by kind " + stem;
        await page.GotoAsync("/reports/new");
        await PickAsync(page, "report-source", "Customers");
        await PickAsync(page, "report-row0", "Tier");
        await PickAsync(page, "report-column", "Kind");
        await page.Locator("[data-testid=report-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=report-table] tfoot")).ToContainTextAsync("Total");
        await page.GetByLabel("Report name").FillAsync(name);
        await page.Locator("[data-testid=report-save]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/reports/[0-9a-f-]{36}$"));
        var reportUrl = page.Url;

        // 2. A dashboard with the report as a heat map.
        await page.GotoAsync("/dashboards");
        await page.GetByLabel("Dashboard name").FillAsync("Analytics " + stem);
        await page.Locator("[data-testid=dash-new]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboards/[0-9a-f-]{36}$"));
        await PickAsync(page, "dash-widget-report", name);
        await PickAsync(page, "dash-widget-kind", "Heat map");
        // Both choices have reached the server before the widget is added (a full run once saw no heat map tile).
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Chart" })).ToContainTextAsync("Heat map");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Reports" })).ToContainTextAsync(name);
        await page.Locator("[data-testid=dash-widget-add]").ClickAsync();
        var tile = page.Locator("[data-testid=dash-tile][data-kind=Heatmap]");
        // Saving re-renders the board, whose tiles run their reports: slow on a loaded machine.
        await Expect(tile).ToContainTextAsync(name, new() { Timeout = 45_000 });
        await Expect(tile.Locator(".js-plotly-plot .heatmaplayer, .js-plotly-plot .hm").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await BrowserApp.ScreenshotAsync(page, "52-analytics-heatmap");

        // 3. Excel: the download arrives (in the tab the link opens) and its cells are real.
        await page.GotoAsync(reportUrl);
        var download = new TaskCompletionSource<IDownload>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Download += (_, d) => download.TrySetResult(d);
        page.Context.Page += (_, p) => p.Download += (_, d) => download.TrySetResult(d);
        await page.Locator("[data-testid=report-xlsx]").ClickAsync();
        var file = await download.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.EndsWith(".xlsx", file.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"e2e-{stem}.xlsx");
        await file.SaveAsAsync(path);
        try
        {
            using var workbook = SpreadsheetDocument.Open(path, false);
            var rows = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<S.Row>().ToList();
            Assert.Equal("Tier", rows[0].Elements<S.Cell>().First().InnerText);
            Assert.Contains(rows.Skip(1).SelectMany(r => r.Elements<S.Cell>()), c => c.DataType?.Value == S.CellValues.Number);
        }
        finally
        {
            File.Delete(path);
        }

        // 4. A schedule every morning to the manager; its time comes (moved to now), the job runs, the mail arrives.
        await page.GetByLabel("Schedule (cron)").FillAsync("0 8 * * *");
        await PickAsync(page, "schedule-recipients", manager);
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("[data-testid=schedule-add]").ClickAsync();
        await Expect(page.Locator("[data-testid=report-schedules]")).ToContainTextAsync("0 8 * * *");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var reportId = Guid.Parse(reportUrl[^36..]);
            Assert.Equal(1, await db.ReportSchedules.Where(s => s.ReportId == reportId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunAt, DateTime.UtcNow.AddMinutes(-1)), ct));
        }
        await ReportScheduleJob.RunDueAsync(app.Services, ct);
        await smtp.WaitUntilAsync(() => smtp.Received.Any(m => m.To.Mailboxes.Any(a => a.Address == email)));
        var mail = smtp.Received.First(m => m.To.Mailboxes.Any(a => a.Address == email));
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.EndsWith(".xlsx", attachment.FileName, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
