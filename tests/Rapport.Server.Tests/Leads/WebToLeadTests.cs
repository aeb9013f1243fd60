using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.Leads;

/// <summary>Public web-to-lead forms: what a visitor to the company's website meets, with no account, and what the
/// sales team gets from it.</summary>
public abstract class WebToLeadTests(RapportApp app)
{
    private HttpClient Visitor() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

    private async Task<LeadFormDto> FormAsync(HttpClient admin, LeadFormInput input)
    {
        return await admin.PostCreatedAsync<LeadFormDto>("/api/v1/lead-forms", input);
    }

    private static FormUrlEncodedContent Fields(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<List<LeadListItem>> LeadsMatchingAsync(HttpClient admin, string q) =>
        [.. (await admin.GetPageAsync<LeadListItem>($"/api/v1/leads?q={Uri.EscapeDataString(q)}")).Items];

    [Fact]
    public async Task A_visitor_fills_in_the_form_and_the_lead_arrives_scored_sourced_and_assigned()
    {
        var admin = await app.AdminClientAsync();
        var (marketing, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var (_, rep) = await app.NewUserAsync(Roles.SalesRepresentative);
        var form = await FormAsync(marketing, new LeadFormInput("Contact us " + Unique(), "Website"));
        await (await marketing.PutJsonAsync("/api/v1/admin/settings/lead-assignment",
            new LeadAssignment([new LeadAssignmentRule(Source: "Website", UserIds: [rep])]))).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            var visitor = Visitor();
            var page = await visitor.GetAsync($"/forms/{form.Token}", Ct);
            await page.ShouldBeAsync(HttpStatusCode.OK);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Contains(WebUtility.HtmlEncode(form.Name), html, StringComparison.Ordinal);
            Assert.Contains("name=\"website\"", html, StringComparison.Ordinal);
            // Made to be framed on the company's site.
            Assert.DoesNotContain("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

            var email = $"visitor{Unique()}@example.com";
            var posted = await visitor.PostAsync($"/forms/{form.Token}", Fields(("name", "李雷"), ("company", "Acme " + Unique()), ("email", email),
                ("phone", ""), ("message", "Please call me"), ("website", "")), Ct);
            await posted.ShouldBeAsync(HttpStatusCode.OK);
            Assert.Contains("Thank you", await posted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

            var item = Assert.Single(await LeadsMatchingAsync(admin, email));
            var lead = (await admin.GetFromJsonAsync<LeadDto>($"/api/v1/leads/{item.Id}", Json.Options, Ct))!;
            Assert.Equal(("李雷", "Website", form.Id, rep, "Please call me"), (lead.Name, lead.Source, lead.FormId, lead.OwnerId, lead.Notes));
            Assert.Contains(lead.ScoreParts, p => p is { Rule: "source", Points: 10 });
            var forms = await marketing.GetFromJsonAsync<List<LeadFormDto>>("/api/v1/lead-forms", Json.Options, Ct);
            Assert.Equal(1, forms!.Single(f => f.Id == form.Id).SubmissionCount);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/lead-assignment", LeadAssignment.Defaults);
        }
    }

    [Fact]
    public async Task Without_a_matching_assignment_rule_the_lead_goes_to_the_forms_default_owner()
    {
        var (marketing, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var (_, rep) = await app.NewUserAsync(Roles.SalesRepresentative);
        // A source no assignment rule names, so the rules leave the lead to the form.
        var source = "Partner site " + Unique();
        await (await marketing.PostJsonAsync("/api/v1/lead-forms", new LeadFormInput("Partners " + Unique(), source, DefaultOwnerId: Guid.NewGuid())))
            .ShouldRejectAsync("defaultOwnerId", "Validation.ActiveUser");
        var form = await FormAsync(marketing, new LeadFormInput("Partners " + Unique(), source, DefaultOwnerId: rep));
        Assert.Equal(rep, form.DefaultOwnerId);

        var email = $"partner{Unique()}@example.com";
        await (await Visitor().PostAsync($"/forms/{form.Token}", Fields(("name", "韩梅梅"), ("email", email), ("website", "")), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var admin = await app.AdminClientAsync();
        Assert.Equal(rep, Assert.Single(await LeadsMatchingAsync(admin, email)).OwnerId);

        // Cleared, the form's next leads arrive unassigned again.
        await (await marketing.PutJsonAsync($"/api/v1/lead-forms/{form.Id}", new LeadFormInput(form.Name, source))).ShouldBeAsync(HttpStatusCode.OK);
        var later = $"partner{Unique()}@example.com";
        await (await Visitor().PostAsync($"/forms/{form.Token}", Fields(("name", "李华"), ("email", later), ("website", "")), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Null(Assert.Single(await LeadsMatchingAsync(admin, later)).OwnerId);
    }

    [Fact]
    public async Task Bots_that_fill_the_honeypot_get_a_thank_you_and_no_lead()
    {
        var admin = await app.AdminClientAsync();
        var form = await FormAsync(admin, new LeadFormInput("Bots " + Unique()));
        var email = $"bot{Unique()}@example.com";
        var posted = await Visitor().PostAsync($"/forms/{form.Token}", Fields(("name", "Bot"), ("email", email), ("website", "http://spam.example")), Ct);
        await posted.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty(await LeadsMatchingAsync(admin, email));

        var json = await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}",
            new LeadFormSubmission { Name = "Bot", Email = email, Website = "x" }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        Assert.Empty(await LeadsMatchingAsync(admin, email));
    }

    [Fact]
    public async Task Mistakes_are_shown_on_the_form_in_the_visitors_language_with_what_they_typed_kept()
    {
        var admin = await app.AdminClientAsync();
        var form = await FormAsync(admin, new LeadFormInput("Mistakes " + Unique()));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/forms/{form.Token}") { Content = Fields(("name", "韩梅梅"), ("company", "星辰科技"), ("email", "not-an-email")) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var response = await Visitor().SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("不是有效的电子邮箱地址。", html, StringComparison.Ordinal);
        Assert.Contains("value=\"星辰科技\"", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_address_sends_the_visitor_back_to_the_company_site_and_a_switched_off_form_is_gone()
    {
        var admin = await app.AdminClientAsync();
        var form = await FormAsync(admin, new LeadFormInput("Redirect " + Unique(), null, "https://www.example.com/thanks"));
        var posted = await Visitor().PostAsync($"/forms/{form.Token}", Fields(("name", "Han Meimei"), ("phone", "+86 139 1111 2222")), Ct);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, posted.StatusCode.ToString());
        Assert.Equal("https://www.example.com/thanks", posted.Headers.Location?.ToString());

        await (await admin.PutJsonAsync($"/api/v1/lead-forms/{form.Id}", new LeadFormInput(form.Name, null, null, Active: false))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await Visitor().GetAsync($"/forms/{form.Token}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Visitor().PostAsync($"/forms/{form.Token}", Fields(("name", "x"), ("phone", "+86 139 1111 2222")), Ct)).StatusCode);
        var json = await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}", new LeadFormSubmission { Name = "x", Phone = "+86 139 1111 2222" }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);

        var badRedirect = await admin.PostJsonAsync("/api/v1/lead-forms", new LeadFormInput("Bad", null, "javascript:alert(1)"));
        Assert.NotNull((await badRedirect.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["redirectUrl"]);
    }

    [Fact]
    public async Task The_json_endpoint_takes_the_same_submission_and_validates_it_the_same_way()
    {
        var admin = await app.AdminClientAsync();
        var form = await FormAsync(admin, new LeadFormInput("Json " + Unique(), "Partner"));
        var email = $"json{Unique()}@example.com";
        var ok = await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}", new LeadFormSubmission { Name = "Jia", Email = email }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("Partner", (await admin.GetFromJsonAsync<LeadDto>($"/api/v1/leads/{Assert.Single(await LeadsMatchingAsync(admin, email)).Id}", Json.Options, Ct))!.Source);

        var bad = await Visitor().PostAsJsonAsync($"/api/v1/public/lead-forms/{form.Token}", new LeadFormSubmission { Name = "" }, Json.Options, Ct);
        Assert.NotNull((await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
    }
}

public sealed class WebToLeadOnSqlite(SqliteApp app) : WebToLeadTests(app), IClassFixture<SqliteApp>;

public sealed class WebToLeadOnPostgres(PostgresApp app) : WebToLeadTests(app), IClassFixture<PostgresApp>;

/// <summary>The per-address limit on public submissions, on an app of its own (3 a minute) so nothing else spends its permits.</summary>
public sealed class WebToLeadRateLimitTests(RateLimitedSqliteApp app) : IClassFixture<RateLimitedSqliteApp>
{
    [Fact]
    public async Task Submissions_from_one_address_are_rate_limited()
    {
        var admin = await app.AdminClientAsync();
        var form = await (await admin.PostJsonAsync("/api/v1/lead-forms", new LeadFormInput("Limited"))).ReadAsync<LeadFormDto>();
        var visitor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var body = new FormUrlEncodedContent([new("name", "Flood " + i), new("phone", "+86 139 2222 " + (1000 + i))]);
            statuses.Add((await visitor.PostAsync($"/forms/{form.Token}", body, Ct)).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, (await admin.GetPageAsync<LeadListItem>("/api/v1/leads?q=flood")).Items.Count);
    }
}
