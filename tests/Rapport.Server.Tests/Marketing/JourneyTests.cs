using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Marketing.Journeys;
using Rapport.Core.Privacy;

namespace Rapport.Server.Tests.Marketing;

/// <summary>Journeys end to end with a moved clock: the right members get the right mail and tag, each step runs once
/// however often the job runs, a paused journey stands still, and consent withdrawn mid-journey stops its sends.</summary>
public abstract class JourneyTests(CampaignApp app)
{
    private const string Url = "/api/v1/journeys";

    private async Task<HttpClient> AdminAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    private static async Task<(Guid Id, string Email)> CustomerAsync(HttpClient admin, bool consent, string? tag = null)
    {
        var email = $"j{Unique()}@example.com";
        var c = await admin.CreateAsync(CustomerSamples.Valid("Journey " + Unique(), tag: tag) with { Emails = [email], Phones = null });
        if (consent) await ConsentAsync(admin, c.Id, email, true);
        return (c.Id, email);
    }

    private static Task<ConsentEntryDto> ConsentAsync(HttpClient admin, Guid customer, string email, bool granted) =>
        admin.PostCreatedAsync<ConsentEntryDto>($"{CustomersUrl}/{customer}/consents", new ConsentInput(ConsentPurpose.MarketingEmail, granted, Address: email));

    /// <summary>An event campaign (its members need no email consent) holding the customers: the journey's audience.</summary>
    private static async Task<Guid> AudienceAsync(HttpClient admin, params Guid[] customers)
    {
        var c = await admin.PostCreatedAsync<CampaignDto>("/api/v1/campaigns", new CampaignInput("Fair " + Unique(), Channels: [CampaignChannel.Event]));
        await (await admin.PostJsonAsync($"/api/v1/campaigns/{c.Id}/members", new AddMembersInput(CustomerIds: customers))).ShouldBeAsync(HttpStatusCode.OK);
        return c.Id;
    }

    private static JourneyStepInput Email(string subject) =>
        new(JourneyStepKind.Email, new CampaignVariantInput(subject + " for {{ customer.name }}", "Hello, see https://shop.example.com",
            "<p>Hello</p><a href=\"https://shop.example.com/new\">Shop</a>"));

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    private async Task<JourneyDto> StartAsync(HttpClient admin, Guid audience, params JourneyStepInput[] steps)
    {
        var j = await admin.PostCreatedAsync<JourneyDto>(Url, new JourneyInput("Welcome " + Unique(), CampaignId: audience, Steps: steps));
        return await OkAsync<JourneyDto>(await admin.PostAsync($"{Url}/{j.Id}/activate", null, Ct));
    }

    private Task<int> RunAsync() => app.WithAsync(sp => sp.GetRequiredService<JourneyRunner>().RunDueAsync(Ct));

    /// <summary>The journey as its page shows it, read with a fresh token (the clock has moved past the first one's life).</summary>
    private async Task<JourneyDto> GetAsync(Guid id) => (await (await AdminAsync()).GetFromJsonAsync<JourneyDto>($"{Url}/{id}", Json.Options, Ct))!;

    /// <summary>The messages the step's email queued, by customer.</summary>
    private async Task<List<Guid>> MailedAsync(JourneyDto j, int step)
    {
        var campaign = j.Steps.Single(s => s.Number == step).CampaignId!.Value;
        var prefix = $"campaign:{campaign}:";
        var correlations = await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Correlation!.StartsWith(prefix)).Select(m => m.Correlation!).ToListAsync(Ct));
        return [.. correlations.Select(c => Guid.Parse(c[prefix.Length..])).Order()];
    }

    private Task<List<string>> TagsAsync(Guid customer) =>
        app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().CustomerTags.AsNoTracking().Where(t => t.CustomerId == customer).Select(t => t.Name).ToListAsync(Ct));

    [Fact]
    public async Task Send_wait_two_days_then_a_tag_for_who_clicked_and_a_reminder_for_the_rest_each_step_once()
    {
        var admin = await AdminAsync();
        var clicker = await CustomerAsync(admin, consent: true);
        var cold = "cold-" + Unique();
        var idle = await CustomerAsync(admin, consent: true, tag: cold);
        var never = await CustomerAsync(admin, consent: false);
        var tag = "engaged-" + Unique();
        var j = await StartAsync(admin, await AudienceAsync(admin, clicker.Id, idle.Id, never.Id),
            Email("New range"),
            new JourneyStepInput(JourneyStepKind.Wait, WaitHours: 48),
            new JourneyStepInput(JourneyStepKind.Branch, Condition: JourneyCondition.Clicked, Then: 4, Else: 6),
            new JourneyStepInput(JourneyStepKind.AddTag, Tag: tag),
            new JourneyStepInput(JourneyStepKind.End),
            Email("Reminder"),
            new JourneyStepInput(JourneyStepKind.RemoveTag, Tag: cold));
        Assert.Equal((JourneyStatus.Active, 2), (j.Status, j.Members));   // enrolment respects consent

        await RunAsync();
        Assert.Equal(new[] { clicker.Id, idle.Id }.Order(), await MailedAsync(j, 1));
        var campaign = await admin.GetFromJsonAsync<CampaignDto>($"/api/v1/campaigns/{j.Steps[0].CampaignId}", Json.Options, Ct);
        var links = app.Services.GetRequiredService<ICampaignLinks>();
        var visitor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var click = await visitor.GetAsync(new Uri(links.ClickUrl(campaign!.Id, clicker.Id, campaign.Variants[0].Id, "en", 0)).AbsolutePath, Ct);
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(47));
        await RunAsync();
        Assert.Empty(await TagsAsync(clicker.Id));   // still waiting
        Assert.Empty(await MailedAsync(j, 6));

        app.Clock.Advance(TimeSpan.FromHours(1));
        await RunAsync();
        await RunAsync();   // a second run repeats nothing

        Assert.Contains(tag, await TagsAsync(clicker.Id));
        Assert.DoesNotContain(tag, await TagsAsync(idle.Id));
        Assert.DoesNotContain(cold, await TagsAsync(idle.Id));
        Assert.Equal([idle.Id], await MailedAsync(j, 6));
        Assert.Equal(2, (await MailedAsync(j, 1)).Count);
        var done = await GetAsync(j.Id);
        Assert.Equal((2, 0, 2), (done.Members, done.Active, done.Done));
        Assert.Equal([2, 2, 2, 1, 1, 1, 1], done.Steps.Select(s => s.Passed));
    }

    [Fact]
    public async Task A_paused_journey_stands_still_and_goes_on_when_activated_again_without_enrolling_anyone_twice()
    {
        var admin = await AdminAsync();
        var member = await CustomerAsync(admin, consent: true);
        var j = await StartAsync(admin, await AudienceAsync(admin, member.Id),
            Email("First"), new JourneyStepInput(JourneyStepKind.Wait, WaitHours: 1), Email("Second"));
        await RunAsync();
        var paused = await OkAsync<JourneyDto>(await admin.PostAsync($"{Url}/{j.Id}/pause", null, Ct));
        Assert.Equal(JourneyStatus.Paused, paused.Status);

        app.Clock.Advance(TimeSpan.FromHours(2));
        await RunAsync();
        Assert.Empty(await MailedAsync(paused, 3));
        Assert.Equal(1, (await GetAsync(j.Id)).Steps.Single(s => s.Number == 3).At);

        var resumed = await OkAsync<JourneyDto>(await (await AdminAsync()).PostAsync($"{Url}/{j.Id}/activate", null, Ct));
        await RunAsync();
        Assert.Equal(1, resumed.Members);
        Assert.Equal([member.Id], await MailedAsync(paused, 3));
    }

    [Fact]
    public async Task Consent_withdrawn_mid_journey_stops_the_member_before_the_next_send()
    {
        var admin = await AdminAsync();
        var stays = await CustomerAsync(admin, consent: true);
        var leaves = await CustomerAsync(admin, consent: true);
        var j = await StartAsync(admin, await AudienceAsync(admin, stays.Id, leaves.Id),
            Email("First"), new JourneyStepInput(JourneyStepKind.Wait, WaitHours: 24), Email("Second"), new JourneyStepInput(JourneyStepKind.AddTag, Tag: "after-" + Unique()));
        await RunAsync();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await ConsentAsync(admin, leaves.Id, leaves.Email, false);

        app.Clock.Advance(TimeSpan.FromHours(24));
        await RunAsync();

        Assert.Equal([stays.Id], await MailedAsync(j, 3));
        Assert.Empty(await TagsAsync(leaves.Id));
        var after = await GetAsync(j.Id);
        Assert.Equal((1, 1), (after.Done, after.Stopped));
    }

    [Fact]
    public async Task Steps_are_checked_and_change_only_while_a_draft()
    {
        var admin = await AdminAsync();
        var bad = await admin.PostJsonAsync(Url, new JourneyInput("Bad " + Unique(), Steps:
        [
            new JourneyStepInput(JourneyStepKind.Branch, Condition: JourneyCondition.Opened, Then: 1, Else: 2),
            new JourneyStepInput(JourneyStepKind.Wait, WaitHours: 0),
            new JourneyStepInput(JourneyStepKind.Email),
        ]));
        var problem = await bad.ShouldRejectAsync("steps[0].then", "Journey.BranchTarget");   // branches only jump forward
        Assert.Equal(["Validation.Range"], problem.Codes("steps[1].waitHours"));
        Assert.Equal(["Validation.Required"], problem.Codes("steps[2].email"));

        var member = await CustomerAsync(admin, consent: true);
        var j = await StartAsync(admin, await AudienceAsync(admin, member.Id), Email("Only"));
        await (await admin.PutJsonAsync($"{Url}/{j.Id}", new JourneyInput("Changed", Steps: [Email("Other")]))).ShouldRejectAsync("status", "Journey.NotDraft");
    }
}

public sealed class JourneysOnSqlite(CampaignSqliteApp app) : JourneyTests(app), IClassFixture<CampaignSqliteApp>;

public sealed class JourneysOnPostgres(CampaignPostgresApp app) : JourneyTests(app), IClassFixture<CampaignPostgresApp>;
