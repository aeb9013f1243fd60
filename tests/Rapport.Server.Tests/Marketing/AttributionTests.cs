using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Privacy;

namespace Rapport.Server.Tests.Marketing;

/// <summary>Attribution through the API: leads from a landing link's utm_campaign (HTML form and JSON) and from a
/// tracked click before the form, the campaign carried to the deal and the order when the lead is converted, a
/// customer's first campaign from a send, and the campaign's results computed by hand.</summary>
public abstract class AttributionTests(CampaignApp app)
{
    private const string Url = "/api/v1/campaigns";

    private HttpClient Visitor() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress, HandleCookies = true });

    private static FormUrlEncodedContent Fields(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    private static async Task<LeadDto> LeadByEmailAsync(HttpClient admin, string email)
    {
        var item = Assert.Single((await admin.GetPageAsync<LeadListItem>($"/api/v1/leads?q={Uri.EscapeDataString(email)}")).Items);
        return (await admin.GetFromJsonAsync<LeadDto>($"/api/v1/leads/{item.Id}", Json.Options, Ct))!;
    }

    [Fact]
    public async Task Leads_deals_and_orders_are_attributed_and_the_results_add_up_by_hand()
    {
        var admin = await app.AdminClientAsync();
        var code = "autumn-" + Unique();
        var campaign = await admin.PostCreatedAsync<CampaignDto>(Url, new CampaignInput("Autumn " + Unique(), Currency: "CNY", Budget: 2000m, ActualCost: 1000m, UtmCampaign: code));
        campaign = await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/content", new CampaignContentInput(
            [new CampaignVariantInput("Autumn offer", "See https://shop.example.com/autumn", "<p><a href=\"https://shop.example.com/autumn\">Shop</a></p>")])));
        var other = await admin.PostCreatedAsync<CampaignDto>(Url, new CampaignInput("Other " + Unique(), Currency: "CNY", UtmCampaign: "other-" + Unique()));
        var form = await admin.PostCreatedAsync<LeadFormDto>("/api/v1/lead-forms", new LeadFormInput("Autumn form " + Unique(), "Website"));

        // 1. The HTML form opened from a landing link carries the UTM parameters through its post.
        var fromLink = Visitor();
        var page = await (await fromLink.GetAsync($"/forms/{form.Token}?utm_campaign={code}&utm_source=newsletter&utm_medium=email&utm_content=hero", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains($"name=\"utm_campaign\" value=\"{code}\"", page, StringComparison.Ordinal);
        var first = $"a{Unique()}@example.com";
        await (await fromLink.PostAsync($"/forms/{form.Token}", Fields(("name", "Lin " + Unique()), ("email", first), ("utm_campaign", code), ("utm_source", "newsletter"),
            ("utm_medium", "email"), ("utm_content", "hero"), ("website", "")), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        // 2. JSON from the company's own page, naming the campaign by id.
        var second = $"b{Unique()}@example.com";
        await (await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}", new LeadFormSubmission { Name = "Wu " + Unique(), Email = second, UtmCampaign = campaign.Id.ToString() }, Json.Options, Ct))
            .ShouldBeAsync(HttpStatusCode.Accepted);
        // 3. A tracked click first, then the form without any UTM: the click's cookie attributes it.
        var clicker = Visitor();
        var links = app.Services.GetRequiredService<ICampaignLinks>();
        var click = await clicker.GetAsync(new Uri(links.ClickUrl(campaign.Id, Guid.Empty, campaign.Variants[0].Id, "en", 0)).AbsolutePath, Ct);
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        var third = $"c{Unique()}@example.com";
        await (await clicker.PostAsync($"/forms/{form.Token}", Fields(("name", "Zhao " + Unique()), ("email", third), ("website", "")), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        // 4. Neither: not attributed; 5. another campaign's link: theirs.
        var plain = $"d{Unique()}@example.com";
        await (await Visitor().PostAsync($"/forms/{form.Token}", Fields(("name", "Qian"), ("email", plain), ("website", "")), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var elsewhere = $"e{Unique()}@example.com";
        await (await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}", new LeadFormSubmission { Name = "Sun", Email = elsewhere, UtmCampaign = other.UtmCampaign }, Json.Options, Ct))
            .ShouldBeAsync(HttpStatusCode.Accepted);

        var lead1 = await LeadByEmailAsync(admin, first);
        Assert.Equal((campaign.Id, "newsletter", "email", "hero"), (lead1.CampaignId!.Value, lead1.UtmSource, lead1.UtmMedium, lead1.UtmContent));
        Assert.Equal(campaign.Id, (await LeadByEmailAsync(admin, second)).CampaignId);
        Assert.Equal(campaign.Id, (await LeadByEmailAsync(admin, third)).CampaignId);
        Assert.Null((await LeadByEmailAsync(admin, plain)).CampaignId);
        Assert.Equal(other.Id, (await LeadByEmailAsync(admin, elsewhere)).CampaignId);

        // Lead 1 becomes an open deal of 5,000; lead 2 a deal won through a quote of 3,000 (no tax).
        var open = await OkAsync<LeadConversion>(await admin.PostJsonAsync($"/api/v1/leads/{lead1.Id}/convert",
            new LeadConvertInput(Address: new AddressDto("China", "Shanghai", null), ConfirmDuplicate: true, Opportunity: new LeadOpportunityInput("Autumn deal", 5000m, "CNY"))));
        var lead2 = await LeadByEmailAsync(admin, second);
        var won = await OkAsync<LeadConversion>(await admin.PostJsonAsync($"/api/v1/leads/{lead2.Id}/convert",
            new LeadConvertInput(Address: new AddressDto("China", "Shanghai", null), ConfirmDuplicate: true, Opportunity: new LeadOpportunityInput("Autumn order", 3000m, "CNY"))));
        var quote = await admin.PostCreatedAsync<QuoteDto>($"/api/v1/opportunities/{won.OpportunityId}/quotes", new QuoteInput(null, null, [new QuoteLineInput(null, "Autumn pack", 1, 3000m)]));
        await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct);
        var orderId = (await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>()).OrderId!.Value;

        // A customer the campaign's email reached first, who then ordered 700 with no campaign on the order.
        var email = $"r{Unique()}@example.com";
        var reached = await admin.CreateAsync(CustomerSamples.Valid("Reached " + Unique()) with { Emails = [email], Phones = null });
        await admin.PostCreatedAsync<ConsentEntryDto>($"{CustomersUrl}/{reached.Id}/consents", new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: email));
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [reached.Id])));
        await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/send", new { }));
        await app.WithAsync(sp => sp.GetRequiredService<CampaignSender>().RunDueAsync(Ct));
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<RapportDbContext>();
            db.Orders.Add(new Order { Number = "SO-" + Unique(), CustomerId = reached.Id, Currency = "CNY", TotalMinor = 70_000, CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            return await db.SaveChangesAsync(Ct);
        });

        var (deal, order, customers) = await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<RapportDbContext>();
            return (await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == open.OpportunityId, Ct),
                await db.Orders.IgnoreQueryFilters().SingleAsync(o => o.Id == orderId, Ct),
                await db.Customers.IgnoreQueryFilters().Where(c => c.Id == open.CustomerId || c.Id == won.CustomerId || c.Id == reached.Id).Select(c => c.FirstCampaignId).ToListAsync(Ct));
        });
        Assert.Equal((campaign.Id, campaign.Id), (deal.CampaignId!.Value, order.CampaignId!.Value));
        Assert.All(customers, c => Assert.Equal(campaign.Id, c));

        var results = (await admin.GetFromJsonAsync<CampaignResults>($"{Url}/{campaign.Id}/results", Json.Options, Ct))!;
        // Leads 3 (link, id, click); pipeline: the open deal 5,000 (the won one is closed); revenue: the order 3,000.
        // First touch: three customers; the same pipeline, revenue 3,000 + 700. Cost per lead 1,000 / 3; ROI (3,000 − 1,000) / 1,000.
        Assert.Equal(new AttributionResult("CNY", 3, 3, 5000m, 3000m, 5000m, 3700m, 1000m, 333.33m, 2.0), results.Attribution);
        var otherResults = (await admin.GetFromJsonAsync<CampaignResults>($"{Url}/{other.Id}/results", Json.Options, Ct))!;
        Assert.Equal(new AttributionResult("CNY", 1, 0, 0m, 0m, 0m, 0m, 0m, 0m, null), otherResults.Attribution);
    }

    [Fact]
    public async Task A_utm_code_is_unique_and_a_forged_click_cookie_attributes_nothing()
    {
        var admin = await app.AdminClientAsync();
        var code = "dup-" + Unique();
        await admin.PostCreatedAsync<CampaignDto>(Url, new CampaignInput("One " + Unique(), UtmCampaign: code));
        await (await admin.PostJsonAsync(Url, new CampaignInput("Two " + Unique(), UtmCampaign: code))).ShouldRejectAsync("utmCampaign", "Campaign.UtmTaken");

        var form = await admin.PostCreatedAsync<LeadFormDto>("/api/v1/lead-forms", new LeadFormInput("Form " + Unique()));
        var email = $"f{Unique()}@example.com";
        await (await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}",
            new LeadFormSubmission { Name = "Forger", Email = email, UtmCampaign = "no-such-" + Unique(), CampaignClick = "not-a-token" }, Json.Options, Ct))
            .ShouldBeAsync(HttpStatusCode.Accepted);
        Assert.Null((await LeadByEmailAsync(admin, email)).CampaignId);
    }
}

public sealed class AttributionOnSqlite(CampaignSqliteApp app) : AttributionTests(app), IClassFixture<CampaignSqliteApp>;

public sealed class AttributionOnPostgres(CampaignPostgresApp app) : AttributionTests(app), IClassFixture<CampaignPostgresApp>;
