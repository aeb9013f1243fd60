using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Privacy;
using Rapport.Server.Tests.Mail;

namespace Rapport.Server.Tests.Marketing;

/// <summary>Campaigns end to end through the API: members only with consent (once each), personalised email in the
/// recipient's language through the outbox with signed tracking, an A/B test decided by significance after its wait
/// (the clock moved), and the marketer's pick when nothing is significant.</summary>
public abstract class CampaignTests(CampaignApp app)
{
    private const string Url = "/api/v1/campaigns";

    /// <summary>A fresh token each time: these tests move the clock by hours, past an older token's lifetime.</summary>
    private async Task<HttpClient> AdminAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    private static string NewEmail() => $"m{Unique()}@example.com";

    /// <summary>A customer with an email address, and (when <paramref name="consent"/>) marketing-email consent for it.</summary>
    private static async Task<(Guid Id, string Email)> CustomerAsync(HttpClient admin, bool consent, string? name = null, string? tag = null)
    {
        var email = NewEmail();
        var c = await admin.CreateAsync(CustomerSamples.Valid(name ?? "Buyer " + Unique(), tag: tag) with { Emails = [email], Phones = null });
        if (consent)
            await admin.PostCreatedAsync<ConsentEntryDto>($"{CustomersUrl}/{c.Id}/consents", new ConsentInput(ConsentPurpose.MarketingEmail, true, Address: email));
        return (c.Id, email);
    }

    private static async Task<CampaignDto> CampaignAsync(HttpClient admin, int testShare = 0, int variants = 1, AbMetric metric = AbMetric.Open)
    {
        var c = await admin.PostCreatedAsync<CampaignDto>(Url, new CampaignInput("Spring " + Unique(), "More repeat orders", [CampaignChannel.Email],
            "CNY", 5000m, 1200m, TestSharePercent: testShare, TestWaitHours: 2, WinnerMetric: metric));
        var content = Enumerable.Range(0, variants).Select(i => new CampaignVariantInput(
            $"Offer {(char)('A' + i)} for {{{{ customer.name | default: \"customer\" }}}}",
            "Hello {{ customer.name | default: \"customer\" }}, see https://shop.example.com/spring",
            "<p>Hello {{ customer.name | default: \"customer\" }}</p><p><a href=\"https://shop.example.com/spring?a=1&amp;b=2\">Shop</a></p><script>alert(1)</script>",
            $"给 {{{{ customer.name }}}} 的优惠 {(char)('A' + i)}", "您好 {{ customer.name }}", "<p>您好 {{ customer.name }}</p><a href=\"https://shop.example.com/cn\">商店</a>")).ToList();
        return await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{c.Id}/content", new CampaignContentInput(content)));
    }

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;
    }

    private Task<CampaignResults> ResultsAsync(HttpClient admin, Guid id) => admin.GetFromJsonAsync<CampaignResults>($"{Url}/{id}/results", Json.Options, Ct)!;

    private async Task<List<CampaignMember>> MembersAsync(Guid campaignId) =>
        await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().CampaignMembers.AsNoTracking().Where(m => m.CampaignId == campaignId).ToListAsync(Ct));

    /// <summary>Sends the campaign and runs the campaigns job, which queues its messages.</summary>
    private async Task SendAsync(HttpClient admin, Guid id)
    {
        await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{id}/send", new { }));
        await RunJobAsync();
    }

    private Task<int> RunJobAsync(CancellationToken? ct = null) => app.WithAsync(sp => sp.GetRequiredService<CampaignSender>().RunDueAsync(ct ?? Ct));

    private static async Task<CampaignDto> GetAsync(HttpClient admin, Guid id) => (await admin.GetFromJsonAsync<CampaignDto>($"{Url}/{id}", Json.Options, Ct))!;

    /// <summary>The job's process dies just after its first batch was saved (the next database call is cancelled).</summary>
    private async Task CrashAfterFirstBatchAsync()
    {
        using var crash = new CancellationTokenSource();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RapportDbContext>().SavedChanges += (_, _) => crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scope.ServiceProvider.GetRequiredService<CampaignSender>().RunDueAsync(crash.Token));
    }

    private async Task<(CampaignDto Campaign, List<(Guid Id, string Email)> Customers)> SendingToFiveAsync(HttpClient admin)
    {
        var customers = new List<(Guid Id, string Email)>();
        for (var i = 0; i < 5; i++) customers.Add(await CustomerAsync(admin, consent: true));
        var campaign = await CampaignAsync(admin);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [.. customers.Select(c => c.Id)])));
        var sending = await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/send", new { }));
        Assert.Equal((CampaignStatus.Sending, 0, 5), (sending.Status, sending.Dispatched, sending.Members));
        return (sending, customers);
    }

    [Fact]
    public async Task A_send_stopped_mid_way_resumes_and_queues_no_member_twice()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await UseReceiverAsync(admin, receiver);
        var (campaign, customers) = await SendingToFiveAsync(admin);

        await CrashAfterFirstBatchAsync();
        var halfway = await GetAsync(admin, campaign.Id);
        Assert.Equal((CampaignStatus.Sending, CampaignApp.BatchSize), (halfway.Status, halfway.Dispatched));
        await RunJobAsync();   // the job again, as after a restart
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.SendDueAsync();

        var done = await GetAsync(admin, campaign.Id);
        Assert.Equal((CampaignStatus.Running, 5), (done.Status, done.Dispatched));
        foreach (var (_, email) in customers) Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(b => b.Address == email));
        Assert.All(await MembersAsync(campaign.Id), m => Assert.Equal(MemberStatus.Delivered, m.Status));
    }

    [Fact]
    public async Task Four_smtp_connections_side_by_side_send_every_member_exactly_one_mail()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await UseReceiverAsync(admin, receiver);
        var customers = new List<(Guid Id, string Email)>();
        for (var i = 0; i < 36; i++) customers.Add(await CustomerAsync(admin, consent: true));
        var campaign = await CampaignAsync(admin);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [.. customers.Select(c => c.Id)])));

        await SendAsync(admin, campaign.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.SendDueAsync();

        Assert.True(receiver.MostConnections > 1, $"the outbox used {receiver.MostConnections} connection(s) at a time");
        foreach (var (_, email) in customers) Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(b => b.Address == email));
        Assert.All(await MembersAsync(campaign.Id), m => Assert.Equal(MemberStatus.Delivered, m.Status));
        Assert.Equal(36, (await ResultsAsync(admin, campaign.Id)).Variants.Single().Recipients);
    }

    [Fact]
    public async Task Cancelling_a_sending_campaign_stops_the_job_and_takes_back_its_waiting_messages()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await UseReceiverAsync(admin, receiver);
        var (campaign, customers) = await SendingToFiveAsync(admin);
        await CrashAfterFirstBatchAsync();

        var cancelled = await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/cancel", new { }));
        await RunJobAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.SendDueAsync();

        Assert.Equal((CampaignStatus.Cancelled, 0), (cancelled.Status, cancelled.Dispatched));
        Assert.DoesNotContain(receiver.Received, m => m.To.Mailboxes.Any(b => customers.Any(c => c.Email == b.Address)));
        Assert.All(await MembersAsync(campaign.Id), m => Assert.Equal((MemberStatus.Targeted, (Guid?)null), (m.Status, m.MessageId)));
        Assert.Equal(CampaignStatus.Cancelled, (await GetAsync(admin, campaign.Id)).Status);
    }

    private HttpClient Visitor() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task UseReceiverAsync(HttpClient admin, SmtpReceiver receiver) =>
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp", new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null,
            "news@rapport.example.com", "Rapport News"))).ShouldBeAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Members_are_added_once_each_and_only_where_email_consent_holds_now()
    {
        var admin = await AdminAsync();
        var tag = "spring-" + Unique();
        var opted = await CustomerAsync(admin, consent: true, tag: tag);
        var withdrew = await CustomerAsync(admin, consent: true, tag: tag);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await admin.PostCreatedAsync<ConsentEntryDto>($"{CustomersUrl}/{withdrew.Id}/consents",
            new ConsentInput(ConsentPurpose.MarketingEmail, false, Address: withdrew.Email));
        var never = await CustomerAsync(admin, consent: false, tag: tag);
        var campaign = await CampaignAsync(admin);

        var first = await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members",
            new AddMembersInput(Tag: tag, CustomerIds: [opted.Id, never.Id, opted.Id, Guid.NewGuid()])));
        var again = await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(Tag: tag)));

        Assert.Equal(new AddMembersResult(1, 1), first);
        Assert.Equal(new AddMembersResult(0, 1), again);
        var member = Assert.Single(await MembersAsync(campaign.Id));
        Assert.Equal((opted.Id, opted.Email, MemberStatus.Targeted), (member.CustomerId, member.Email, member.Status));
        var page = await admin.GetPageAsync<CampaignMemberDto>($"{Url}/{campaign.Id}/members");
        Assert.Equal(opted.Id, Assert.Single(page.Items).CustomerId);
    }

    [Fact]
    public async Task Members_come_from_an_audience_deduplicated_against_those_already_added()
    {
        var admin = await AdminAsync();
        var a = await CustomerAsync(admin, consent: true);
        var b = await CustomerAsync(admin, consent: true);
        var c = await CustomerAsync(admin, consent: false);
        var audience = Guid.NewGuid();
        app.Audiences[audience] = [a.Id, b.Id, c.Id];
        var campaign = await CampaignAsync(admin);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [a.Id])));

        var added = await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(AudienceId: audience)));

        Assert.Equal(new AddMembersResult(1, 2), added);
        Assert.Equal([a.Id, b.Id], (await MembersAsync(campaign.Id)).Select(m => m.CustomerId).Order());
    }

    [Fact]
    public async Task An_unknown_audience_or_a_rep_without_the_permission_is_refused()
    {
        var admin = await AdminAsync();
        var campaign = await CampaignAsync(admin);
        await (await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(AudienceId: Guid.NewGuid())))
            .ShouldRejectAsync("audienceId", "Campaign.AudienceUnknown");
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        await (await rep.GetAsync($"{Url}/{campaign.Id}", Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
        var (marketer, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        await (await marketer.GetAsync($"{Url}/{campaign.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sending_renders_each_member_in_their_language_encoded_sanitised_with_unsubscribe_and_tracking_and_records_what_they_do()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await UseReceiverAsync(admin, receiver);
        var english = await CustomerAsync(admin, consent: true, name: "Ana <b>Li</b> " + Unique());
        var chinese = await CustomerAsync(admin, consent: true, name: "王芳" + Unique());
        var campaign = await CampaignAsync(admin);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [english.Id, chinese.Id])));

        var sent = await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/send", new { }));
        Assert.Equal(CampaignStatus.Sending, sent.Status);
        await RunJobAsync();
        var queued = await GetAsync(admin, campaign.Id);
        Assert.Equal((CampaignStatus.Running, 2), (queued.Status, queued.Dispatched));
        app.Clock.Advance(TimeSpan.FromMinutes(1));   // past the throttling interval of the second message
        await app.SendDueAsync();

        var en = Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(b => b.Address == english.Email));
        var zh = Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(b => b.Address == chinese.Email));
        Assert.StartsWith("Offer A for Ana <b>Li</b>", en.Subject, StringComparison.Ordinal);
        Assert.StartsWith("给 王芳", zh.Subject, StringComparison.Ordinal);
        Assert.Contains("Ana &lt;b&gt;Li&lt;/b&gt;", en.HtmlBody, StringComparison.Ordinal);     // fields are HTML-encoded
        Assert.DoesNotContain("<script", en.HtmlBody, StringComparison.OrdinalIgnoreCase);    // the authored HTML was sanitised
        Assert.DoesNotContain("shop.example.com", en.HtmlBody, StringComparison.Ordinal);      // links go through tracking
        Assert.Contains("Hello Ana <b>Li</b>", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("/unsubscribe/", en.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", en.Headers["List-Unsubscribe-Post"]);

        var visitor = Visitor();
        var click = new Uri(Regex.Match(en.HtmlBody!, "href=\"([^\"]+/m/c/[^\"]+)\"").Groups[1].Value);
        var redirect = await visitor.GetAsync(click.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://shop.example.com/spring?a=1&b=2", redirect.Headers.Location!.ToString());
        var zhClick = new Uri(Regex.Match(zh.HtmlBody!, "href=\"([^\"]+/m/c/[^\"]+)\"").Groups[1].Value);
        Assert.Equal("https://shop.example.com/cn", (await visitor.GetAsync(zhClick.PathAndQuery, Ct)).Headers.Location!.ToString());
        var pixel = new Uri(Regex.Match(zh.HtmlBody!, "src=\"([^\"]+/m/o/[^\"]+)\"").Groups[1].Value);
        var gif = await visitor.GetAsync(pixel.PathAndQuery, Ct);
        Assert.Equal("image/gif", gif.Content.Headers.ContentType!.MediaType);

        var members = await MembersAsync(campaign.Id);
        Assert.Equal(MemberStatus.Clicked, members.Single(m => m.CustomerId == english.Id).Status);
        Assert.NotNull(members.Single(m => m.CustomerId == english.Id).OpenedAt);   // a click counts as an open
        Assert.Equal(MemberStatus.Clicked, members.Single(m => m.CustomerId == chinese.Id).Status);   // the later open does not step back
        var results = await ResultsAsync(admin, campaign.Id);
        Assert.Equal([2, 2, 2, 2, 2, 0, 0, 0, 0], results.Funnel.Select(f => f.Count));
    }

    [Fact]
    public async Task A_forged_or_altered_tracking_token_is_not_found_and_records_nothing()
    {
        var admin = await AdminAsync();
        var member = await CustomerAsync(admin, consent: true);
        var campaign = await CampaignAsync(admin);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [member.Id])));
        var links = app.Services.GetRequiredService<ICampaignLinks>();
        var genuine = new Uri(links.ClickUrl(campaign.Id, member.Id, campaign.Variants[0].Id, "en", 0)).AbsolutePath;
        var altered = genuine[..^3] + (genuine[^3] == 'A' ? 'B' : 'A') + genuine[^2..];
        var visitor = Visitor();

        foreach (var path in new[] { altered, "/m/c/not-a-token", "/m/o/AAAA", new Uri(links.ClickUrl(campaign.Id, member.Id, campaign.Variants[0].Id, "en", 7)).AbsolutePath })
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(path, Ct)).StatusCode);
        Assert.Null(Assert.Single(await MembersAsync(campaign.Id)).ClickedAt);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync(genuine, Ct)).StatusCode);
        Assert.NotNull(Assert.Single(await MembersAsync(campaign.Id)).ClickedAt);
    }

    [Fact]
    public async Task An_AB_test_sends_the_winner_to_the_rest_after_the_wait_only_when_the_difference_is_significant()
    {
        var admin = await AdminAsync();
        var customers = new List<Guid>();
        for (var i = 0; i < 40; i++) customers.Add((await CustomerAsync(admin, consent: true)).Id);
        var campaign = await CampaignAsync(admin, testShare: 50, variants: 2);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: customers)));

        await SendAsync(admin, campaign.Id);
        var test = (await MembersAsync(campaign.Id)).Where(m => m.InTest).ToList();
        Assert.Equal(20, test.Count);
        Assert.Equal(20, (await MembersAsync(campaign.Id)).Count(m => m.Status == MemberStatus.Targeted));   // the rest wait
        var b = campaign.Variants.Single(v => v.Label == "B").Id;
        Assert.Equal(10, test.Count(m => m.VariantId == b));
        // Every B recipient opens, no A recipient does: 0/10 against 10/10.
        var links = app.Services.GetRequiredService<ICampaignLinks>();
        foreach (var m in test.Where(m => m.VariantId == b))
            Assert.Equal(HttpStatusCode.OK, (await Visitor().GetAsync(new Uri(links.OpenUrl(campaign.Id, m.CustomerId, b)).AbsolutePath, Ct)).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(1.5));
        await RunJobAsync();
        Assert.Equal(AbState.Testing, (await admin.GetFromJsonAsync<CampaignDto>($"{Url}/{campaign.Id}", Json.Options, Ct))!.AbState);   // still waiting
        app.Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();

        var decided = (await admin.GetFromJsonAsync<CampaignDto>($"{Url}/{campaign.Id}", Json.Options, Ct))!;
        Assert.Equal((AbState.Decided, b, (bool?)false), (decided.AbState, decided.WinnerVariantId, decided.WinnerChosenByHand));
        var all = await MembersAsync(campaign.Id);
        Assert.All(all.Where(m => !m.InTest), m => Assert.Equal((b, MemberStatus.Sent), (m.VariantId!.Value, m.Status)));
        var results = await ResultsAsync(admin, campaign.Id);
        var comparison = results.Comparison!;
        Assert.Equal(("B", 1.0, "A", 0.0, true), (comparison.Leader, comparison.LeaderRate, comparison.RunnerUp, comparison.RunnerUpRate, comparison.Significant));
        Assert.Equal(4.472, comparison.Z, 0.001);   // pooled p = 0.5, se = sqrt(0.25 × 0.2) = 0.2236, z = 1 / 0.2236
        Assert.Equal(30, results.Variants.Single(v => v.Label == "B").Recipients);
    }

    [Fact]
    public async Task Without_a_significant_difference_the_marketer_picks_the_winner_with_the_figures_shown()
    {
        var admin = await AdminAsync();
        var customers = new List<Guid>();
        for (var i = 0; i < 12; i++) customers.Add((await CustomerAsync(admin, consent: true)).Id);
        var campaign = await CampaignAsync(admin, testShare: 50, variants: 2);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: customers)));
        await SendAsync(admin, campaign.Id);
        var links = app.Services.GetRequiredService<ICampaignLinks>();
        // One open each side: 1/3 against 1/3.
        foreach (var m in (await MembersAsync(campaign.Id)).Where(m => m.InTest).GroupBy(m => m.VariantId).Select(g => g.First()))
            await Visitor().GetAsync(new Uri(links.OpenUrl(campaign.Id, m.CustomerId, m.VariantId!.Value)).AbsolutePath, Ct);

        app.Clock.Advance(TimeSpan.FromHours(3));
        await RunJobAsync();
        var waiting = (await admin.GetFromJsonAsync<CampaignDto>($"{Url}/{campaign.Id}", Json.Options, Ct))!;
        Assert.Equal(AbState.AwaitingDecision, waiting.AbState);
        var results = await ResultsAsync(admin, campaign.Id);
        Assert.False(results.Comparison!.Significant);
        Assert.Equal(1.0, results.Comparison.P, 0.001);
        Assert.Equal(6, (await MembersAsync(campaign.Id)).Count(m => m.Status == MemberStatus.Targeted));

        var a = campaign.Variants.Single(v => v.Label == "A").Id;
        var chosen = await OkAsync<CampaignDto>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/winner", new CampaignWinnerInput(a)));
        await RunJobAsync();
        Assert.Equal((AbState.Decided, a, (bool?)true), (chosen.AbState, chosen.WinnerVariantId, chosen.WinnerChosenByHand));
        Assert.DoesNotContain(await MembersAsync(campaign.Id), m => m.Status == MemberStatus.Targeted);
    }

    [Fact]
    public async Task A_withdrawal_after_sending_suppresses_the_message_and_a_refusal_bounces_the_member()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await UseReceiverAsync(admin, receiver);
        var changedMind = await CustomerAsync(admin, consent: true);
        var refused = await CustomerAsync(admin, consent: true);
        var campaign = await CampaignAsync(admin);
        await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"{Url}/{campaign.Id}/members", new AddMembersInput(CustomerIds: [changedMind.Id, refused.Id])));
        await SendAsync(admin, campaign.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await admin.PostCreatedAsync<ConsentEntryDto>($"{CustomersUrl}/{changedMind.Id}/consents",
            new ConsentInput(ConsentPurpose.MarketingEmail, false, Address: changedMind.Email));
        var message = (await MembersAsync(campaign.Id)).Single(m => m.CustomerId == refused.Id).MessageId!.Value;
        receiver.Refuse((await app.MessageAsync(message)).MessageId, 550, 5, "No such user");

        await app.SendDueAsync();

        var members = await MembersAsync(campaign.Id);
        Assert.Equal(MemberStatus.Unsubscribed, members.Single(m => m.CustomerId == changedMind.Id).Status);
        var bounced = members.Single(m => m.CustomerId == refused.Id);
        Assert.Equal(MemberStatus.Bounced, bounced.Status);
        Assert.Contains("No such user", bounced.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_send_reaches_the_given_address_with_working_links_and_records_nothing()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await UseReceiverAsync(admin, receiver);
        var campaign = await CampaignAsync(admin, variants: 2);
        var to = NewEmail();
        var response = await admin.PostJsonAsync($"{Url}/{campaign.Id}/test-send", new CampaignTestSendInput(to, campaign.Variants[1].Id));
        await response.ShouldBeAsync(HttpStatusCode.Accepted);
        await app.SendDueAsync();

        var mail = Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(b => b.Address == to));
        Assert.Equal("[Test] Offer B for customer", mail.Subject);
        var click = new Uri(Regex.Match(mail.HtmlBody!, "href=\"([^\"]+/m/c/[^\"]+)\"").Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, (await Visitor().GetAsync(click.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(0, (await ResultsAsync(admin, campaign.Id)).Members);
    }
}

public sealed class CampaignsOnSqlite(CampaignSqliteApp app) : CampaignTests(app), IClassFixture<CampaignSqliteApp>;

public sealed class CampaignsOnPostgres(CampaignPostgresApp app) : CampaignTests(app), IClassFixture<CampaignPostgresApp>;
