using Rapport.Server.Infrastructure;

namespace Rapport.Server.Tests.Demo;

/// <summary>The demo a new user starts from (<c>--demo</c>) shows every module, in English and Chinese: what they see
/// after a small seed on a fresh database.</summary>
public abstract class DemoDataTests(DemoApp app)
{
    private const int Customers = 16;

    /// <summary>Seeds the class's database the first time a test asks (each test class has a database of its own).</summary>
    private async Task<HttpClient> SeededAsync()
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().SeedDemoIfEmptyAsync(Customers, Ct);
        return await app.AdminClientAsync();
    }

    [Fact]
    public async Task Leads_are_in_every_status_and_the_board_has_deals_in_every_stage()
    {
        var admin = await SeededAsync();

        foreach (var status in Enum.GetValues<LeadStatus>())
            Assert.True((await admin.GetPageAsync<LeadListItem>($"/api/v1/leads?status={status}&limit=5")).Items.Count > 0, $"no {status} lead");
        var board = await (await admin.GetAsync("/api/v1/opportunities/board", Ct)).ReadAsync<BoardDto>();
        Assert.All(board.Columns, c => Assert.True(c.Count > 0, $"no deal in {c.Stage.Name}"));
        // Deals belong to more than one representative.
        var deals = await admin.GetPageAsync<OpportunityListItem>("/api/v1/opportunities?limit=200");
        Assert.True(deals.Items.Select(d => d.OwnerId).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task Quotes_become_orders_and_invoices_are_paid_partly_paid_and_overdue()
    {
        var admin = await SeededAsync();

        var invoices = (await admin.GetPageAsync<InvoiceDto>("/api/v1/invoices?limit=200")).Items;
        Assert.Contains(invoices, i => i.Status == InvoiceStatus.Paid);
        Assert.Contains(invoices, i => i.Status == InvoiceStatus.PartiallyPaid);
        var overdue = (await admin.GetPageAsync<InvoiceDto>("/api/v1/invoices?overdue=true&limit=200")).Items;
        Assert.NotEmpty(overdue);
        Assert.All(overdue, i => Assert.True(i.Overdue));
        Assert.NotEmpty((await admin.GetPageAsync<OrderListItem>("/api/v1/orders?limit=5")).Items);
        var quotes = new HashSet<QuoteStatus>();
        foreach (var deal in (await admin.GetPageAsync<OpportunityListItem>("/api/v1/opportunities?limit=200")).Items)
            quotes.UnionWith((await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}/quotes", Ct)).ReadAsync<List<QuoteListItem>>()).Select(q => q.Status));
        Assert.Superset(new HashSet<QuoteStatus> { QuoteStatus.Draft, QuoteStatus.Sent, QuoteStatus.Accepted }, quotes);
        var products = await (await admin.GetAsync("/api/v1/price-lists", Ct)).ReadAsync<List<PriceListDto>>();
        Assert.Contains(products, l => l.Currency == "CNY");
        Assert.Contains(products, l => l.Currency == "USD");

        // An invoice is one to send: the seller is the demo company with its tax id and bank, not a placeholder.
        var pdf = await (await admin.GetAsync($"/api/v1/invoices/{invoices[0].Id}/pdf", Ct)).Content.ReadAsByteArrayAsync(Ct);
        var text = await PdfText.ReadAsync(pdf, Ct);
        Assert.Contains("星辰软件（上海）有限公司", text, StringComparison.Ordinal);
        Assert.Contains("91310115MA1H7XQ25K", text, StringComparison.Ordinal);
        Assert.Contains("1219 0888 8810 001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rapport", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contracts_are_active_one_is_due_for_renewal_with_a_task_and_one_has_expired()
    {
        var admin = await SeededAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var active = (await admin.GetPageAsync<ContractDto>("/api/v1/contracts?status=active&limit=200")).Items;
        Assert.NotEmpty(active);
        var renewing = Assert.Single(active, c => c.EndDate >= today && c.EndDate.DayNumber - today.DayNumber <= c.RenewalNoticeDays);
        Assert.NotNull(renewing.RenewalReminderAt);
        Assert.NotEmpty((await admin.GetPageAsync<ContractDto>("/api/v1/contracts?status=expired&limit=5")).Items);
    }

    [Fact]
    public async Task The_service_desk_has_cases_in_every_status_in_its_queue_and_customers_have_consent_on_record()
    {
        var admin = await SeededAsync();
        foreach (var status in new[] { CaseStatus.New, CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.Resolved, CaseStatus.Closed })
            Assert.True((await admin.GetPageAsync<CaseListItem>($"/api/v1/cases?status={status}&limit=5")).Items.Count > 0, $"no {status} case");
        var cases = (await admin.GetPageAsync<CaseListItem>("/api/v1/cases?limit=100")).Items;
        Assert.All(cases, c => Assert.NotNull(c.QueueId));
        Assert.Contains(cases, c => IsChinese(c.Subject));
        Assert.Contains(cases, c => !IsChinese(c.Subject));

        var withConsent = 0;
        var withdrawn = 0;
        foreach (var customer in (await admin.GetPageAsync<CustomerListItem>("/api/v1/customers?limit=100")).Items)
        {
            var ledger = await admin.GetFromJsonAsync<Rapport.Core.Privacy.ConsentLedgerDto>($"/api/v1/customers/{customer.Id}/consents", Json.Options, Ct);
            if (ledger!.Current.Count > 0) withConsent++;
            if (ledger.Current.Any(e => !e.Granted)) withdrawn++;
        }
        Assert.InRange(withConsent, 2, Customers);
        Assert.True(withdrawn > 0, "nobody withdrew a consent");
    }

    [Fact]
    public async Task The_privacy_desk_has_a_request_under_way_one_done_and_one_past_its_deadline()
    {
        var admin = await SeededAsync();

        var all = (await admin.GetPageAsync<Rapport.Core.Privacy.Requests.SubjectRequestDto>("/api/v1/privacy/requests?limit=50")).Items;
        Assert.Contains(all, r => r.Type == Rapport.Core.Privacy.Requests.SubjectRequestType.Access
            && r.Status == Rapport.Core.Privacy.Requests.SubjectRequestStatus.InProgress && r.CustomerId is not null);
        Assert.Contains(all, r => r.Status == Rapport.Core.Privacy.Requests.SubjectRequestStatus.Completed && r.ClosedAt is not null);
        Assert.Contains(all, r => r.Regime == Rapport.Core.Privacy.Requests.PrivacyRegime.Pipl && r.Language == "zh-CN");
        // Taken 40 days ago under GDPR (one month) and still open; the others are within their time or closed.
        var late = Assert.Single((await admin.GetPageAsync<Rapport.Core.Privacy.Requests.SubjectRequestDto>("/api/v1/privacy/requests?overdue=true&limit=50")).Items);
        Assert.Equal(Rapport.Core.Privacy.Requests.SubjectRequestType.Objection, late.Type);
    }

    [Fact]
    public async Task Marketing_has_segments_a_completed_AB_campaign_opened_and_clicked_a_draft_and_a_journey_under_way()
    {
        await SeededAsync();
        var admin = app.ClientWithToken(await app.CreateTokenAsync("chen.marketing"));   // segments are the marketer's, shared with managers

        var segments = await (await admin.GetAsync("/api/v1/segments", Ct)).ReadAsync<List<Rapport.Core.Marketing.Segments.SegmentSummary>>();
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        var campaigns = (await admin.GetPageAsync<Rapport.Core.Marketing.Campaigns.CampaignDto>("/api/v1/campaigns?limit=50")).Items;
        Assert.Contains(campaigns, c => c.Status == Rapport.Core.Marketing.Campaigns.CampaignStatus.Draft);
        var launch = Assert.Single(campaigns, c => c.Status == Rapport.Core.Marketing.Campaigns.CampaignStatus.Completed);
        Assert.Equal((Rapport.Core.Marketing.Campaigns.AbState.Decided, 2), (launch.AbState, launch.Variants.Count));
        var results = await admin.GetFromJsonAsync<Rapport.Core.Marketing.Campaigns.CampaignResults>($"/api/v1/campaigns/{launch.Id}/results", Json.Options, Ct);
        foreach (var stage in new[] { "sent", "opened", "clicked" })
            Assert.True(results!.Funnel.Single(f => f.Stage == stage).Count > 0, $"nobody {stage}");

        var journey = Assert.Single((await admin.GetPageAsync<Rapport.Core.Marketing.Journeys.JourneyDto>("/api/v1/journeys")).Items);
        var detail = await admin.GetFromJsonAsync<Rapport.Core.Marketing.Journeys.JourneyDto>($"/api/v1/journeys/{journey.Id}", Json.Options, Ct);
        Assert.Equal(Rapport.Core.Marketing.Journeys.JourneyStatus.Active, detail!.Status);
        Assert.True(detail.Steps[0].Passed > 0, "nobody got the journey's first email");
        Assert.True(detail.Steps.Skip(1).Sum(s => s.Passed) > 0, "nobody moved past the first step");
    }

    [Fact]
    public async Task Chinese_names_are_written_family_name_first_and_are_found_by_search()
    {
        var admin = await SeededAsync();

        var customers = (await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?limit=200")).Items;
        var names = customers.Where(c => c.Kind == CustomerKind.Individual).Select(c => c.Name).ToList();
        foreach (var company in customers.Where(c => c.Kind == CustomerKind.Company && IsChinese(c.Name)))
            names.AddRange((await admin.GetPageAsync<ContactDto>($"{CustomersUrl}/{company.Id}/contacts")).Items.Select(c => c.Name));
        var chinese = names.Where(IsChinese).ToList();

        Assert.NotEmpty(chinese);
        Assert.All(chinese, n => Assert.True(!n.Contains(' ', StringComparison.Ordinal) && FamilyNames.Any(n.StartsWith), $"'{n}' is not family name first"));
        foreach (var name in chinese.Take(5))
            Assert.Contains(await admin.SearchAsync(name), h => h.Title == name);
    }

    [Fact]
    public async Task Colleagues_in_every_role_sign_in_and_a_representative_sees_only_their_own_deals()
    {
        await SeededAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            foreach (var (userName, role) in new[] { ("wang.manager", "Sales Manager"), ("li.sales", "Sales Representative"), ("chen.marketing", "Marketing Specialist"),
                         ("david.service", "Service Agent"), ("sarah.finance", "Finance"), ("zhou.audit", "Auditor") })
            {
                var user = await users.FindByNameAsync(userName);
                Assert.NotNull(user);
                Assert.True(await users.IsInRoleAsync(user, role), $"{userName} is not in {role}");
                Assert.True(await users.CheckPasswordAsync(user, DemoApp.DemoPassword), $"{userName} cannot sign in");
            }
        }
        var rep = app.ClientWithToken(await app.CreateTokenAsync("li.sales"));
        var me = await rep.MeAsync();
        var own = (await rep.GetPageAsync<OpportunityListItem>("/api/v1/opportunities?limit=200")).Items;
        Assert.NotEmpty(own);
        Assert.All(own, d => Assert.Equal(me, d.OwnerId));
    }

    [Fact]
    public async Task Seeding_a_database_that_has_data_is_refused_and_changes_nothing()
    {
        await SeededAsync();
        long Count(RapportDbContext db) => db.Customers.IgnoreQueryFilters().LongCount() + db.Opportunities.IgnoreQueryFilters().LongCount();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var before = Count(db);

        var loaded = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().SeedDemoIfEmptyAsync(Customers, Ct);

        Assert.False(loaded);
        Assert.Equal(before, Count(db));
    }

    /// <summary>The family names the demo's Chinese names are drawn from.</summary>
    private static readonly string[] FamilyNames = LastNames((Bogus.Bson.BArray)Bogus.Database.Get("name", "last_name", "zh_CN"));

    private static string[] LastNames(Bogus.Bson.BArray names) => [.. Enumerable.Range(0, names.Count).Select(i => names[i].StringValue)];

    private static bool IsChinese(string s) => s.Any(ch => ch is >= '\u4e00' and <= '\u9fff');
}

/// <summary>A database of its own for the demo, with the demo users' password set (as an operator may) instead of generated.</summary>
public abstract class DemoApp(Provider provider) : RapportApp(provider)
{
    public const string DemoPassword = "Lantern#Meadow-2026";

    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("RAPPORT_DEMO_PASSWORD", DemoPassword);
}

public sealed class DemoSqliteApp() : DemoApp(Provider.Sqlite);

public sealed class DemoPostgresApp() : DemoApp(Provider.Postgres);

public sealed class DemoDataOnSqlite(DemoSqliteApp app) : DemoDataTests(app), IClassFixture<DemoSqliteApp>;

public sealed class DemoDataOnPostgres(DemoPostgresApp app) : DemoDataTests(app), IClassFixture<DemoPostgresApp>;
