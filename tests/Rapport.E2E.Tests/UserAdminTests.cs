using Rapport.Core.Common;
using Rapport.Core.ServiceDesk;

namespace Rapport.E2E.Tests;

/// <summary>The users and roles administration pages in the browser: a role made in the permission matrix, a user
/// invited into it, and a leaver offboarded with their customers and cases handed to a colleague.</summary>
public sealed class UserAdminTests(SqliteBrowserApp app) : IClassFixture<SqliteBrowserApp>
{
    private static readonly LocatorAssertionsToHaveCountOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task An_administrator_makes_a_role_invites_someone_into_it_and_offboards_a_leaver_to_a_colleague()
    {
        var stem = Guid.NewGuid().ToString("N")[..6];
        var leaver = await Seed.UserAsync(app, "leaver" + stem, Roles.SalesRepresentative, null);
        await Seed.UserAsync(app, "heir" + stem, Roles.SalesRepresentative, null);
        var customer = await Seed.CustomerAsync(app, "青山茶业 " + stem, leaver, "杭州");
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(new CaseInput(customer.Id, "Kettle leaks " + stem, OwnerId: leaver), CancellationToken.None);

        var page = await app.SignInAsync("admin");
        await page.GetByTestId("nav-roles").ClickAsync();
        await page.GetByTestId("new-role").ClickAsync();
        await page.Locator("#role-name").FillAsync("Desk lead " + stem);
        var matrix = page.GetByTestId("role-matrix");
        await matrix.GetByText("See customers, contacts and interactions").ClickAsync();
        await matrix.GetByText("See cases").ClickAsync();
        await page.GetByTestId("save-role").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");
        await Expect(page.Locator($"[data-testid=role-list] [data-role='Desk lead {stem}']")).ToHaveCountAsync(1, Patient);
        // Granting a module's first permission gave the role its own records in that module.
        await Expect(page.Locator("[data-testid=scope-customers]")).ToContainTextAsync("Own records");
        await BrowserApp.ScreenshotAsync(page, "40-role-matrix");

        await page.GetByTestId("nav-users").ClickAsync();
        await page.GetByTestId("invite-open").ClickAsync();
        await page.Locator("#invite-username").FillAsync("new" + stem);
        await page.Locator("#invite-name").FillAsync("林晓 " + stem);
        await page.Locator("#invite-email").FillAsync($"new{stem}@example.com");
        await page.Locator($"[data-testid=invite-roles] [data-role='Desk lead {stem}']").ClickAsync();
        await page.GetByTestId("invite-send").ClickAsync();
        await Expect(page.GetByTestId("invitation-links")).ToContainTextAsync($"/account/invite?token=");
        await page.Locator("#user-search").FillAsync("new" + stem);
        var invited = page.Locator($"[data-testid=users-table] tr:has([data-user='new{stem}'])");
        await Expect(invited).ToHaveCountAsync(1, Patient);
        await Expect(invited).ToContainTextAsync("Desk lead " + stem);
        await Expect(invited).ToContainTextAsync("Invited");

        await page.Locator("#user-search").FillAsync("leaver" + stem);
        // The search has narrowed the list (the click lands on the row that stays, not one being replaced).
        await Expect(page.Locator("[data-testid=users-table] tbody tr")).ToHaveCountAsync(1, Patient);
        await page.Locator($"[data-testid=users-table] [data-user='leaver{stem}'] a").ClickAsync();
        var drawer = page.Locator($"[data-testid=user-drawer][data-user='leaver{stem}']");
        await Expect(drawer).ToBeVisibleAsync();
        await drawer.GetByTestId("offboard-heir").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "heir" + stem }).ClickAsync();
        await drawer.GetByTestId("offboard-go").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(drawer.GetByTestId("offboard-result")).ToContainTextAsync("1 customer,"); // one of each, in the singular
        await Expect(drawer.GetByTestId("offboard-result")).ToContainTextAsync("1 case,");
        await Expect(drawer).ToContainTextAsync("Offboarded");
        await BrowserApp.ScreenshotAsync(page, "41-user-offboarded");
        await page.Context.CloseAsync();

        var heir = await app.SignInAsync("heir" + stem);
        await heir.GotoAsync("/customers");
        await Expect(heir.GetByTestId("customer-table")).ToContainTextAsync("青山茶业 " + stem);
        await heir.GotoAsync("/cases");
        await Expect(heir.GetByTestId("case-table")).ToContainTextAsync("Kettle leaks " + stem);
        await heir.Context.CloseAsync();
    }
}
