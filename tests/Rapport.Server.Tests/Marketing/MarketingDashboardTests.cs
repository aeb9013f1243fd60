using System.Globalization;
using Rapport.Core.Dashboards;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Reports;

namespace Rapport.Server.Tests.Marketing;

/// <summary>The marketing specialist's Home dashboard and the figures of its reports: campaign members by the stage
/// they reached, customers by value tier, new leads by source per month.</summary>
public abstract class MarketingDashboardTests(RapportApp app)
{
    private static async Task<ReportResult> StandardAsync(HttpClient client, string key) =>
        await (await client.GetAsync($"/api/v1/reports/{StandardReports.All.Single(s => s.Key == key).Id}/result", Ct)).ReadAsync<ReportResult>();

    private static IEnumerable<string> Lines(ReportResult r) =>
        r.Rows.Select(x => $"{string.Join("/", x.Keys.Select(k => k.Value))}={string.Join(",", x.Total.Select(v => v?.ToString("0.####", CultureInfo.InvariantCulture)))}");

    [Fact]
    public async Task The_marketing_dashboard_counts_members_by_stage_reached_customers_by_tier_and_leads_by_source()
    {
        var (marketer, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var customers = new[] { ValueTier.High, ValueTier.High, ValueTier.Medium, ValueTier.Low, ValueTier.Low }
                .Select(t => new Customer { Number = "MKT-" + Unique(), Name = "Dash " + Unique(), Tier = t }).ToList();
            db.Customers.AddRange(customers);
            var campaign = new Campaign { Name = "Dash " + Unique(), Currency = "CNY" };
            db.Campaigns.Add(campaign);
            var members = customers.Select(c => new CampaignMember { CampaignId = campaign.Id, CustomerId = c.Id, AddedAt = DateTime.UtcNow }).ToList();
            foreach (var m in members.Skip(1)) m.MarkSent(DateTime.UtcNow, null);
            db.CampaignMembers.AddRange(members);
            db.Leads.AddRange(
                new Lead { Name = "Dash lead " + Unique(), Source = "web" },
                new Lead { Name = "Dash lead " + Unique(), Source = "web" },
                new Lead { Name = "Dash lead " + Unique(), Source = "fair" });
            await db.SaveChangesAsync(Ct);
            await db.CampaignMembers.Where(m => m.CustomerId == customers[2].Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MemberStatus.Opened), Ct);
            await db.CampaignMembers.Where(m => m.CustomerId == customers[3].Id || m.CustomerId == customers[4].Id)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MemberStatus.Clicked), Ct);
        }

        var home = StandardDashboards.All.First(s => s.Roles.Contains(Roles.MarketingSpecialist));
        Assert.Equal("marketing", home.Key);
        var dashboard = await (await marketer.GetAsync($"/api/v1/dashboards/{home.Id}", Ct)).ReadAsync<DashboardDto>();
        foreach (var w in dashboard.Widgets)
            await (await marketer.GetAsync($"/api/v1/dashboards/{home.Id}/widgets/{w.Id}/result", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        // The targeted member has not been sent anything: the funnel starts at sent.
        Assert.Equal(["clicked=2", "opened=1", "sent=1"], Lines(await StandardAsync(marketer, "campaignFunnel")).Order(StringComparer.Ordinal));
        Assert.Contains("high=2", Lines(await StandardAsync(marketer, "customersByTier")));
        var leads = await StandardAsync(marketer, "leadsBySourcePerMonth");
        Assert.Equal(3m, Assert.Single(leads.Rows).Total[0]);
        Assert.Equal(["fair", "web"], leads.Columns.Select(c => c.Value).Order(StringComparer.Ordinal));
    }
}

public sealed class MarketingDashboardOnSqlite(SqliteApp app) : MarketingDashboardTests(app), IClassFixture<SqliteApp>;

public sealed class MarketingDashboardOnPostgres(PostgresApp app) : MarketingDashboardTests(app), IClassFixture<PostgresApp>;
