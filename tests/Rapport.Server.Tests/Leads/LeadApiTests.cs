namespace Rapport.Server.Tests.Leads;

/// <summary>Leads through the API on both databases: capture, scoring, duplicates, statuses, activities,
/// assignment rules, conversion and record scope.</summary>
public abstract class LeadApiTests(RapportApp app)
{
    private const string LeadsUrl = "/api/v1/leads";

    private static LeadInput NewLead(string? company = null, string? source = null) => new()
    {
        Name = "Wang Fang " + Unique(), Company = company ?? "Lead Co " + Unique(), Email = $"l{Unique()}@example.com",
        Source = source, Country = "China", City = "Hangzhou",
    };

    private Task<(HttpClient Client, Guid Id)> UserAsync(string role, Guid? team = null) => app.NewUserAsync(role, team);

    private static async Task<LeadDto> CreateLeadAsync(HttpClient client, LeadInput input)
    {
        return await client.PostCreatedAsync<LeadDto>(LeadsUrl + "?confirmDuplicate=true", input);
    }

    [Fact]
    public async Task A_new_lead_is_scored_by_the_rules_and_the_breakdown_explains_the_total()
    {
        var admin = await app.AdminClientAsync();
        var lead = await CreateLeadAsync(admin, NewLead(source: "referral") with { Industry = "Manufacturing", Title = "Buyer", Phone = "+86 139 1234 5678" });

        // Defaults: referral 25, manufacturing 15, five completeness fields (company, title, email, phone; no region) at 5 each.
        Assert.Equal(25 + 15 + 4 * 5, lead.Score);
        Assert.Equal(lead.Score, lead.ScoreParts.Sum(p => p.Points));
        Assert.Contains(lead.ScoreParts, p => p is { Rule: "source", Value: "referral", Points: 25 });
        Assert.Contains(lead.ScoreParts, p => p is { Rule: "completeness", Value: "phone", Points: 5 });
        Assert.Equal("+8613912345678", lead.Phone);
        Assert.Equal(LeadStatus.New, lead.Status);

        // The score follows the inputs: a less valuable source and no phone.
        var updated = await (await admin.PutJsonAsync($"{LeadsUrl}/{lead.Id}", NewLead(source: "Cold call") with { Industry = "Manufacturing" }))
            .ReadAsync<LeadDto>();
        Assert.Equal(15 + 2 * 5, updated.Score);
        Assert.DoesNotContain(updated.ScoreParts, p => p.Rule == "source");
    }

    [Fact]
    public async Task Scoring_rules_are_settings_and_new_scores_follow_them()
    {
        var admin = await app.AdminClientAsync();
        var rules = LeadScoring.Defaults with
        {
            Sources = new Dictionary<string, int> { ["Trade show"] = 40 },
            Industries = new Dictionary<string, int>(),
            PerCompletedField = 0,
        };
        await (await admin.PutJsonAsync("/api/v1/admin/settings/lead-scoring", rules)).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            var lead = await CreateLeadAsync(admin, NewLead(source: "TRADE SHOW"));
            Assert.Equal(40, lead.Score);
            var bad = await admin.PutJsonAsync("/api/v1/admin/settings/lead-scoring", rules with { PerActivity = 500 });
            var problem = await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["perActivity"]);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/lead-scoring", LeadScoring.Defaults);
        }
    }

    [Fact]
    public async Task A_lead_needs_a_name_and_a_way_to_reach_them_with_messages_in_the_callers_language()
    {
        var admin = await app.AdminClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, LeadsUrl)
        {
            Content = JsonContent.Create(new LeadInput { Company = "Nameless", Phone = "12" }, options: Json.Options),
        };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var problem = await (await admin.SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("此字段为必填项。", (string?)problem["errors"]!["name"]![0]);
        Assert.Equal("不是有效的电话号码。", (string?)problem["errors"]!["phone"]![0]);

        var unreachable = await admin.PostJsonAsync(LeadsUrl, new LeadInput { Name = "No Contact" });
        var p2 = await unreachable.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Give an email or a phone number so the lead can be reached.", (string?)p2["errors"]!["email"]![0]);
        Assert.Empty((await admin.GetPageAsync<LeadListItem>($"{LeadsUrl}?q=no%20contact")).Items);
    }

    [Fact]
    public async Task Duplicates_by_email_phone_or_company_name_are_shown_before_a_lead_is_created()
    {
        var admin = await app.AdminClientAsync();
        var company = "Star Trading " + Unique();
        var first = await CreateLeadAsync(admin, NewLead(company + " Co., Ltd."));
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Emails = [$"c{Unique()}@example.com"] });

        // Same company written differently.
        var byCompany = await admin.PostJsonAsync(LeadsUrl, NewLead(company.ToUpperInvariant()));
        var problem = await byCompany.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(problem["matches"]!.AsArray(), m => (string?)m!["id"] == first.Id.ToString() && (string?)m["matchedOn"] == "company" && (string?)m["kind"] == "lead");

        // Same email as an existing customer.
        var byEmail = await admin.PostJsonAsync(LeadsUrl, NewLead() with { Email = customer.Emails[0].ToUpperInvariant() });
        var p2 = await byEmail.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(p2["matches"]!.AsArray(), m => (string?)m!["id"] == customer.Id.ToString() && (string?)m["kind"] == "customer");

        // Confirmed, it is created, and the match stays visible on the lead.
        var created = await admin.PostJsonAsync(LeadsUrl + "?confirmDuplicate=true", NewLead() with { Email = customer.Emails[0] });
        var lead = await created.ReadAsync<LeadDto>();
        var matches = await admin.GetFromJsonAsync<List<DuplicateMatch>>($"{LeadsUrl}/{lead.Id}/duplicates", Json.Options, Ct);
        Assert.Contains(matches!, m => m.Id == customer.Id && m.MatchedOn == "email");
    }

    [Fact]
    public async Task Statuses_follow_the_rules_disqualifying_needs_a_reason_and_a_disqualified_lead_can_be_reopened()
    {
        var admin = await app.AdminClientAsync();
        var lead = await CreateLeadAsync(admin, NewLead());
        var url = $"{LeadsUrl}/{lead.Id}/status";

        var noReason = await admin.PostJsonAsync(url, new LeadStatusInput(LeadStatus.Disqualified));
        Assert.NotNull((await noReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["reason"]);
        var toConverted = await admin.PostJsonAsync(url, new LeadStatusInput(LeadStatus.Converted));
        await toConverted.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var qualified = await (await admin.PostJsonAsync(url, new LeadStatusInput(LeadStatus.Qualified))).ReadAsync<LeadDto>();
        Assert.Equal(LeadStatus.Qualified, qualified.Status);
        var dq = await (await admin.PostJsonAsync(url, new LeadStatusInput(LeadStatus.Disqualified, "No budget this year"))).ReadAsync<LeadDto>();
        Assert.Equal((LeadStatus.Disqualified, "No budget this year"), (dq.Status, dq.DisqualifyReason));
        var reopened = await (await admin.PostJsonAsync(url, new LeadStatusInput(LeadStatus.New))).ReadAsync<LeadDto>();
        Assert.Equal((LeadStatus.New, (string?)null), (reopened.Status, reopened.DisqualifyReason));

        // A stale version is refused.
        var stale = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new LeadStatusInput(LeadStatus.Contacted), options: Json.Options) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{lead.Version}\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale, Ct)).StatusCode);
    }

    [Fact]
    public async Task Logging_activities_raises_the_score_and_reaching_out_marks_a_new_lead_contacted()
    {
        var admin = await app.AdminClientAsync();
        var lead = await CreateLeadAsync(admin, NewLead());
        var note = await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/activities", new LeadActivityInput { Kind = InteractionKind.Note, Subject = "Found on LinkedIn" });
        await note.ShouldBeAsync(HttpStatusCode.Created);
        Assert.Equal(LeadStatus.New, (await admin.GetFromJsonAsync<LeadDto>($"{LeadsUrl}/{lead.Id}", Json.Options, Ct))!.Status);

        await (await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/activities", new LeadActivityInput { Kind = InteractionKind.Call, Subject = "Intro call" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var after = (await admin.GetFromJsonAsync<LeadDto>($"{LeadsUrl}/{lead.Id}", Json.Options, Ct))!;
        Assert.Equal(LeadStatus.Contacted, after.Status);
        Assert.Equal(lead.Score + 2 * LeadScoring.Defaults.PerActivity, after.Score);
        Assert.Contains(after.ScoreParts, p => p is { Rule: "engagement", Value: "2" });

        var page = await admin.GetPageAsync<LeadActivityDto>($"{LeadsUrl}/{lead.Id}/activities");
        Assert.Equal(["Intro call", "Found on LinkedIn"], page.Items.Select(a => a.Subject));
        var task = await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/activities", new LeadActivityInput { Kind = InteractionKind.Task, Subject = "x" });
        await task.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Assignment_rules_route_by_territory_and_take_turns_within_a_team()
    {
        var admin = await app.AdminClientAsync();
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new Rapport.Core.Access.TeamInput("Inbound " + Unique(), null))).ReadAsync<Rapport.Core.Access.TeamDto>();
        var (_, a) = await UserAsync(Roles.SalesRepresentative, team.Id);
        var (_, b) = await UserAsync(Roles.SalesRepresentative, team.Id);
        var (_, west) = await UserAsync(Roles.SalesRepresentative);
        var region = "West " + Unique();
        var rules = new LeadAssignment([new LeadAssignmentRule(Region: region, UserIds: [west]), new LeadAssignmentRule(Source: "Website", TeamId: team.Id)]);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/lead-assignment", rules)).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            var owners = new List<Guid?>();
            for (var i = 0; i < 4; i++) owners.Add((await CreateLeadAsync(admin, NewLead(source: "website"))).OwnerId);
            Assert.Equal(2, owners.Count(o => o == a));
            Assert.Equal(2, owners.Count(o => o == b));
            Assert.NotEqual(owners[0], owners[1]);
            Assert.Equal(owners[0], owners[2]);

            var territory = await CreateLeadAsync(admin, NewLead(source: "Website") with { Region = region });
            Assert.Equal(west, territory.OwnerId);
            var unmatched = await CreateLeadAsync(admin, NewLead(source: "Event"));
            Assert.Equal(await admin.MeAsync(), unmatched.OwnerId);

            // Manual reassignment, and re-running the rules.
            var moved = await (await admin.PostJsonAsync($"{LeadsUrl}/{unmatched.Id}/assign", new LeadAssignInput(west))).ReadAsync<LeadDto>();
            Assert.Equal(west, moved.OwnerId);
            var rerun = await admin.PostJsonAsync($"{LeadsUrl}/{unmatched.Id}/assign", new LeadAssignInput(null));
            Assert.NotNull((await rerun.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["ownerId"]);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/lead-assignment", LeadAssignment.Defaults);
        }
    }

    [Fact]
    public async Task Converting_creates_customer_and_contact_in_one_go_and_moves_the_history_to_the_timeline()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await UserAsync(Roles.SalesRepresentative);
        var lead = await CreateLeadAsync(rep, NewLead("星辰科技" + Unique()) with { Title = "采购经理", Phone = "+86 139 0000 " + Random.Shared.Next(1000, 9999) });
        await (await rep.PostJsonAsync($"{LeadsUrl}/{lead.Id}/activities", new LeadActivityInput { Kind = InteractionKind.Call, Subject = "Discovery call" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        var response = await rep.PostJsonAsync($"{LeadsUrl}/{lead.Id}/convert", new LeadConvertInput());
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var conversion = await response.ReadAsync<LeadConversion>();

        var customer = await rep.GetCustomerAsync(conversion.CustomerId);
        Assert.Equal((lead.Company, CustomerKind.Company, repId), (customer.Name, customer.Kind, customer.OwnerId));
        Assert.Equal([lead.Email!], customer.Emails);
        Assert.Equal("Hangzhou", customer.Addresses[0].City);
        var contact = await rep.GetFromJsonAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts/{conversion.ContactId}", Json.Options, Ct);
        Assert.Equal((lead.Name, "采购经理"), (contact!.Name, contact.Title));
        var timeline = await rep.GetPageAsync<InteractionDto>($"{CustomersUrl}/{customer.Id}/interactions");
        Assert.Contains(timeline.Items, i => i.Subject == "Discovery call" && i.Kind == InteractionKind.Call);

        var converted = (await rep.GetFromJsonAsync<LeadDto>($"{LeadsUrl}/{lead.Id}", Json.Options, Ct))!;
        Assert.Equal((LeadStatus.Converted, (Guid?)customer.Id, conversion.ContactId), (converted.Status, converted.CustomerId, converted.ContactId));
        Assert.NotNull(converted.ConvertedAt);
        await (await rep.PostJsonAsync($"{LeadsUrl}/{lead.Id}/convert", new LeadConvertInput())).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await rep.PutJsonAsync($"{LeadsUrl}/{lead.Id}", NewLead())).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_conversion_that_fails_writes_nothing_and_can_be_retried_or_linked_to_an_existing_customer()
    {
        var admin = await app.AdminClientAsync();
        var lead = await CreateLeadAsync(admin, NewLead() with { Country = null, City = null });
        var customersBefore = await admin.CountCustomersAsync();

        // No address: the customer's own rules refuse it, and nothing is half-written.
        var failed = await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/convert", new LeadConvertInput());
        Assert.NotNull((await failed.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["addresses"]);
        Assert.Equal(customersBefore, await admin.CountCustomersAsync());
        Assert.Equal(LeadStatus.New, (await admin.GetFromJsonAsync<LeadDto>($"{LeadsUrl}/{lead.Id}", Json.Options, Ct))!.Status);

        // Linking to an existing company customer adds the person as a contact there.
        var existing = await admin.CreateAsync(CustomerSamples.Valid());
        var linked = await (await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/convert", new LeadConvertInput(existing.Id))).ReadAsync<LeadConversion>();
        Assert.Equal((existing.Id, false), (linked.CustomerId, linked.CreatedCustomer));
        Assert.Equal(customersBefore + 1, await admin.CountCustomersAsync());
        var contacts = await admin.GetPageAsync<ContactDto>($"{CustomersUrl}/{existing.Id}/contacts");
        Assert.Contains(contacts.Items, c => c.Id == linked.ContactId && c.Name == lead.Name);
    }

    [Fact]
    public async Task A_lead_that_matches_a_customer_asks_before_converting_into_a_second_one()
    {
        var admin = await app.AdminClientAsync();
        var email = $"dup{Unique()}@example.com";
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Emails = [email] });
        var lead = await CreateLeadAsync(admin, NewLead() with { Email = email });

        var warned = await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/convert", new LeadConvertInput());
        var problem = await warned.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(problem["matches"]!.AsArray(), m => (string?)m!["id"] == customer.Id.ToString());

        var confirmed = await admin.PostJsonAsync($"{LeadsUrl}/{lead.Id}/convert", new LeadConvertInput(ConfirmDuplicate: true));
        Assert.True((await confirmed.ReadAsync<LeadConversion>()).CreatedCustomer);
    }

    [Fact]
    public async Task A_sales_rep_works_only_their_own_leads_and_cannot_see_others()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await UserAsync(Roles.SalesRepresentative);
        var tag = Unique();
        var mine = await CreateLeadAsync(admin, NewLead("Mine " + tag) with { OwnerId = repId });
        var other = await CreateLeadAsync(admin, NewLead("Other " + tag));

        var page = await rep.GetPageAsync<LeadListItem>($"{LeadsUrl}?q={tag}");
        Assert.Equal([mine.Id], page.Items.Select(l => l.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"{LeadsUrl}/{other.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.PostJsonAsync($"{LeadsUrl}/{other.Id}/convert", new LeadConvertInput())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.DeleteAsync($"{LeadsUrl}/{mine.Id}", Ct)).StatusCode);

        // Giving a lead to someone else needs leads.assign.
        var created = await rep.PostJsonAsync(LeadsUrl, NewLead() with { OwnerId = await admin.MeAsync() });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_sorts_by_score_with_a_keyset_cursor()
    {
        var admin = await app.AdminClientAsync();
        var tag = Unique();
        var sources = new[] { "Referral", "Partner", "Event", "Website", "Advertisement" };
        foreach (var s in sources) await CreateLeadAsync(admin, NewLead("Sort " + tag + " " + s, s));
        var qualified = await CreateLeadAsync(admin, NewLead("Sort " + tag + " q", "Event"));
        await admin.PostJsonAsync($"{LeadsUrl}/{qualified.Id}/status", new LeadStatusInput(LeadStatus.Qualified));

        var first = await admin.GetPageAsync<LeadListItem>($"{LeadsUrl}?q=sort%20{tag}&sort=-score&limit=4");
        var second = await admin.GetPageAsync<LeadListItem>($"{LeadsUrl}?q=sort%20{tag}&sort=-score&limit=4&cursor={first.NextCursor}");
        var scores = first.Items.Concat(second.Items).Select(l => l.Score).ToList();
        Assert.Equal(6, scores.Count);
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(6, first.Total);

        var onlyQualified = await admin.GetPageAsync<LeadListItem>($"{LeadsUrl}?q=sort%20{tag}&status=qualified");
        Assert.Equal([qualified.Id], onlyQualified.Items.Select(l => l.Id));
    }
}

public sealed class LeadApiOnSqlite(SqliteApp app) : LeadApiTests(app), IClassFixture<SqliteApp>;

public sealed class LeadApiOnPostgres(PostgresApp app) : LeadApiTests(app), IClassFixture<PostgresApp>;
