namespace Rapport.E2E.Tests;

/// <summary>The service-desk administration pages in the browser: the standard calendars, a due-time check, and a
/// new SLA policy saved from its grid.</summary>
public sealed class SlaAdminTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    [Fact]
    public async Task An_administrator_checks_a_due_time_and_saves_a_policy()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignInAsync("admin");
        await page.GotoAsync("/admin/sla/calendars");
        var office = page.Locator("[data-testid=calendar][data-name='Mon–Fri 09:00–18:00']");
        await Expect(office).ToHaveCountAsync(1);

        // Friday 17:00 UTC + 2 business hours → Monday 10:00.
        await office.GetByLabel("Start (UTC)").FillAsync("2026-11-27T17:00Z");
        await office.GetByLabel("Business minutes").FillAsync("120");
        await office.GetByRole(AriaRole.Button, new() { Name = "Check a due time" }).ClickAsync();
        await Expect(office.Locator("[data-testid=preview-due]")).ToContainTextAsync("2026-11-30 10:00");

        await page.GotoAsync("/admin/sla/policies");
        // The button is enabled once the calendars and policies are in: count those, then use the form the click adds
        // (not whichever policy is last before the new one has rendered).
        var newPolicy = page.GetByRole(AriaRole.Button, new() { Name = "New policy" });
        await Expect(newPolicy).ToBeEnabledAsync();
        var policies = page.Locator("[data-testid=policy]");
        var existing = await policies.CountAsync();
        await newPolicy.ClickAsync();
        await Expect(policies).ToHaveCountAsync(existing + 1);
        var policy = policies.Nth(existing);
        await policy.GetByLabel("Name").FillAsync("Standard " + stem);
        await policy.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");
        await Expect(page.Locator($"[data-testid=policy][data-name='Standard {stem}']")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "30-sla-policies");

        // Queues are teams: a new one with its lead, who is notified when a case in it escalates.
        await page.GotoAsync("/admin/queues");
        await page.Locator("#team-name").FillAsync("Escalations " + stem);
        await page.Locator("[data-testid=team-lead]").ClickAsync();
        var option = page.GetByRole(AriaRole.Option).First;
        var lead = (await option.InnerTextAsync()).Trim();
        await option.ClickAsync();
        // The server has the pick (it closes the list when it takes it) before the team is saved with it.
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "New team" }).ClickAsync();
        var row = page.Locator($"[data-testid=teams] tr[data-name='Escalations {stem}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-testid=team-lead-name]")).ToHaveTextAsync(lead);
        await page.Context.CloseAsync();
    }
}
