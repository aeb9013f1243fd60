using Rapport.Core.Common;

namespace Rapport.E2E.Tests;

/// <summary>Record scope in the browser (on PostgreSQL): a sales representative sees their own customers and
/// nothing of another team's, not in the list, not in search, not by typing the address.</summary>
public sealed class RecordScopeTests(PostgresBrowserApp app) : IClassFixture<PostgresBrowserApp>
{
    [Fact]
    public async Task A_sales_representative_cannot_see_another_teams_customer()
    {
        var east = await Seed.TeamAsync(app, "华东销售");
        var west = await Seed.TeamAsync(app, "华西销售");
        var mei = await Seed.UserAsync(app, "mei", Roles.SalesRepresentative, east);
        var lei = await Seed.UserAsync(app, "lei", Roles.SalesRepresentative, west);
        await Seed.CustomerAsync(app, "杭州青山茶业", mei, "杭州");
        var theirs = await Seed.CustomerAsync(app, "成都蜀锦纺织", lei, "成都");

        var page = await app.SignInAsync("mei");
        await page.GotoAsync("/customers");
        var table = page.Locator("[data-testid=customer-table]");
        await Expect(table).ToContainTextAsync("杭州青山茶业");
        await Expect(table).Not.ToContainTextAsync("成都蜀锦纺织");
        await BrowserApp.ScreenshotAsync(page, "06-sales-rep-own-customers");

        await page.Locator("#global-search").FillAsync("蜀锦");
        await Expect(page.GetByText("Nothing matches.")).ToBeVisibleAsync();

        await page.GotoAsync($"/customers/{theirs.Id}");
        await Expect(page.GetByText("The record was not found.").First).ToBeVisibleAsync();
        await Expect(page.GetByText("成都蜀锦纺织")).ToHaveCountAsync(0);

        // What a representative may not do is not offered: no recycle bin, no bulk delete.
        await Expect(page.GetByText("Recycle bin")).ToHaveCountAsync(0);

        // Nor by typing an administration page's address: the page says so instead of offering a form Save would refuse.
        foreach (var admin in new[] { "/admin/pipelines", "/admin/lead-forms", "/admin/sla/policies" })
        {
            await page.GotoAsync(admin);
            await Expect(page.GetByText("You do not have permission to do this.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        }
        await page.Context.CloseAsync();
    }
}
