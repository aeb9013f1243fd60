using Rapport.Core.Marketing.Classification;
using Rapport.Core.Marketing.Segments;
using Rapport.Server.Tests.Identity;
using Rapport.Server.Tests.ServiceDesk;

namespace Rapport.Server.Tests.Marketing;

/// <summary>The set-based recomputation through the API on both databases, with a moved clock: RFM quintiles, tiers and
/// behaviour against a hand-computed fixture, the history it keeps, overrides that stick, and a rule tag put on and
/// taken off. Only the first test gives customers orders, so the quintiles are over its five buyers alone.</summary>
public abstract class ClassificationTests(RapportApp app, ManualClock clock)
{
    private async Task<HttpClient> AdminAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    private static async Task<ClassificationRunDto> RunAsync(HttpClient admin) =>
        await (await admin.PostAsync("/api/v1/classification/run", null, Ct)).ReadAsync<ClassificationRunDto>();

    private static async Task<CustomerClassificationDto> GetAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<CustomerClassificationDto>($"/api/v1/customers/{id}/classification", Json.Options, Ct)
        ?? throw new InvalidOperationException();

    private static async Task<List<ClassificationChangeDto>> HistoryAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<List<ClassificationChangeDto>>($"/api/v1/customers/{id}/classification/history", Json.Options, Ct) ?? [];

    [Fact]
    public async Task Rfm_quintiles_give_the_hand_computed_tiers_behaviour_and_stages_and_each_change_is_kept()
    {
        // Five buyers, created 400 days ago, each ranking 1–5 on recency and frequency; monetary ranks B<C<D<A<E.
        Customer a = null!, b = null!, c = null!, d = null!, e = null!;
        var created = clock.GetUtcNow().UtcDateTime;
        await MarketingFixture.ArrangeAsync(app, created, f =>
        {
            (a, b, c, d, e) = (f.Customer("A " + Unique()), f.Customer("B " + Unique()), f.Customer("C " + Unique()), f.Customer("D " + Unique()), f.Customer("E " + Unique()));
            return Task.CompletedTask;
        });
        clock.Advance(TimeSpan.FromDays(400));
        await MarketingFixture.ArrangeAsync(app, clock.GetUtcNow().UtcDateTime, f =>
        {
            f.Order(a, 300, 5000_00);
            for (var i = 0; i < 2; i++) f.Order(b, 200 + 10 * i, 100_00);
            for (var i = 0; i < 3; i++) f.Order(c, 100 + 10 * i, 100_00);
            for (var i = 0; i < 4; i++) f.Order(d, 30 + 10 * i, 1000_00);
            for (var i = 0; i < 5; i++) f.Order(e, 5 + 5 * i, 2000_00);
            return Task.CompletedTask;
        });
        var admin = await AdminAsync();
        var run = await RunAsync(admin);
        Assert.True(run.Customers >= 5);

        // R+F+M: A 1+1+4=6 low, B 2+2+1=5 low, C 3+3+2=8 medium, D 4+4+3=11 medium, E 5+5+5=15 high (high ≥ 12, medium ≥ 7).
        (Customer Who, int R, int F, int M, ValueTier Tier, CustomerBehaviour Behaviour, LifecycleStage Stage)[] expected =
        [
            (a, 1, 1, 4, ValueTier.Low, CustomerBehaviour.Dormant, LifecycleStage.Declining),
            (b, 2, 2, 1, ValueTier.Low, CustomerBehaviour.Dormant, LifecycleStage.Declining),
            (c, 3, 3, 2, ValueTier.Medium, CustomerBehaviour.Dormant, LifecycleStage.Declining),
            (d, 4, 4, 3, ValueTier.Medium, CustomerBehaviour.Active, LifecycleStage.Growing),
            (e, 5, 5, 5, ValueTier.High, CustomerBehaviour.Active, LifecycleStage.Mature),
        ];
        foreach (var x in expected)
        {
            var k = await GetAsync(admin, x.Who.Id);
            Assert.Equal((x.R, x.F, x.M, x.Tier, x.Behaviour, x.Stage), (k.RecencyScore, k.FrequencyScore, k.MonetaryScore, k.Tier, k.Behaviour, k.Stage));
        }
        Assert.Equal(5000m, (await GetAsync(admin, a.Id)).Monetary);
        var history = await HistoryAsync(admin, e.Id);
        Assert.Contains(history, h => h is { Field: "tier", From: "Medium", To: "High", Manual: false, ById: not null });
        Assert.Contains(history, h => h is { Field: "stage", From: "New", To: "Mature" });
        Assert.DoesNotContain(await HistoryAsync(admin, c.Id), h => h.Field == "tier");

        // 200 days on: nobody has been heard of for 200 days; A's last purchase is 500 days old (churned).
        clock.Advance(TimeSpan.FromDays(200));
        admin = await AdminAsync();
        await RunAsync(admin);
        Assert.Equal(CustomerBehaviour.Churned, (await GetAsync(admin, a.Id)).Behaviour);
        Assert.Equal(LifecycleStage.Churned, (await GetAsync(admin, a.Id)).Stage);
        Assert.Equal(CustomerBehaviour.Dormant, (await GetAsync(admin, e.Id)).Behaviour);
        Assert.Contains(await HistoryAsync(admin, e.Id), h => h is { Field: "behaviour", From: "Active", To: "Dormant" });
        Assert.Contains(await HistoryAsync(admin, a.Id), h => h is { Field: "behaviour", From: "Dormant", To: "Churned" });

        // A night with nothing new writes nothing: no history, and each customer's values keep the time they last changed.
        var changedAt = (await GetAsync(admin, a.Id)).ComputedAt;
        var kept = (await HistoryAsync(admin, a.Id)).Count;
        clock.Advance(TimeSpan.FromMinutes(1));
        await RunAsync(admin);
        Assert.NotNull(changedAt);
        Assert.Equal((changedAt, kept, LifecycleStage.Churned), ((await GetAsync(admin, a.Id)).ComputedAt, (await HistoryAsync(admin, a.Id)).Count, (await GetAsync(admin, a.Id)).Stage));
    }

    [Fact]
    public async Task An_override_sticks_through_recomputations_until_it_is_cleared()
    {
        var admin = await AdminAsync();
        Customer x = null!;
        await MarketingFixture.ArrangeAsync(app, clock.GetUtcNow().UtcDateTime, f =>
        {
            x = f.Customer("Override " + Unique(), tier: ValueTier.Low);
            return Task.CompletedTask;
        });
        var url = $"/api/v1/customers/{x.Id}/classification";
        var set = await (await admin.PutJsonAsync(url, new ClassificationOverrideInput(Tier: ValueTier.High))).ReadAsync<CustomerClassificationDto>();
        Assert.Equal((ValueTier.High, ValueTier.High), (set.Tier, set.TierOverride));

        await RunAsync(admin);
        Assert.Equal(ValueTier.High, (await GetAsync(admin, x.Id)).Tier);
        Assert.Contains(await HistoryAsync(admin, x.Id), h => h is { Field: "tier", From: "Low", To: "High", Manual: true });

        await (await admin.PutJsonAsync(url, new ClassificationOverrideInput())).ShouldBeAsync(HttpStatusCode.OK);
        await RunAsync(admin);
        // Never bought: R+F+M = 0, low value.
        Assert.Equal(ValueTier.Low, (await GetAsync(admin, x.Id)).Tier);
    }

    [Fact]
    public async Task A_rule_tag_is_put_on_the_customers_its_rule_selects_and_taken_off_when_it_no_longer_holds()
    {
        var admin = await AdminAsync();
        var industry = "Aero-" + Unique();
        var tag = "auto-" + Unique();
        Customer hit = null!, miss = null!;
        await MarketingFixture.ArrangeAsync(app, clock.GetUtcNow().UtcDateTime, f =>
        {
            (hit, miss) = (f.Customer("Hit " + Unique(), industry), f.Customer("Miss " + Unique(), "Other"));
            return Task.CompletedTask;
        });
        const string settingsUrl = "/api/v1/admin/settings/classification";
        var settings = await admin.GetFromJsonAsync<ClassificationSettings>(settingsUrl, Json.Options, Ct);
        await (await admin.PutJsonAsync(settingsUrl, settings! with { TagRules = [new TagRule(tag, SegmentRule.When("industry", "eq", industry))] }))
            .ShouldBeAsync(HttpStatusCode.OK);

        await RunAsync(admin);
        Assert.Equal([tag], await TagsAsync(hit.Id));
        Assert.Empty(await TagsAsync(miss.Id));

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Customers.Where(c => c.Id == hit.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Industry, "Other"), Ct);
        await RunAsync(admin);
        Assert.Empty(await TagsAsync(hit.Id));

        await (await admin.PutJsonAsync(settingsUrl, settings with { TagRules = [new TagRule(tag, SegmentRule.When("nope", "eq", "x"))] }))
            .ShouldRejectAsync("tagRules[0].rule.field", "Segment.UnknownField");
    }

    [Fact]
    public async Task A_customer_whose_processing_is_restricted_is_not_reclassified_retagged_or_put_in_a_segment()
    {
        var admin = await AdminAsync();
        var industry = "Held-" + Unique();
        var (tag, kept) = ("auto-" + Unique(), "kept-" + Unique());
        Customer held = null!, free = null!;
        await MarketingFixture.ArrangeAsync(app, clock.GetUtcNow().UtcDateTime, f =>
        {
            held = f.Customer("Held " + Unique(), industry, tier: ValueTier.High, stage: LifecycleStage.Mature, tags: kept);
            held.ProcessingRestricted = true;
            free = f.Customer("Free " + Unique(), industry, tier: ValueTier.High, stage: LifecycleStage.Mature, tags: kept);
            // Both were classified before, as active.
            f.Behaviour(held, CustomerBehaviour.Active);
            f.Behaviour(free, CustomerBehaviour.Active);
            return Task.CompletedTask;
        });
        const string settingsUrl = "/api/v1/admin/settings/classification";
        var settings = await admin.GetFromJsonAsync<ClassificationSettings>(settingsUrl, Json.Options, Ct);
        await (await admin.PutJsonAsync(settingsUrl, settings! with
        {
            TagRules = [new TagRule(tag, SegmentRule.When("industry", "eq", industry)), new TagRule(kept, SegmentRule.When("industry", "eq", "Other"))],
        })).ShouldBeAsync(HttpStatusCode.OK);

        await RunAsync(admin);
        // Never bought: the free customer falls to low value; the restricted one keeps what it had, with no history.
        Assert.Equal(ValueTier.Low, (await GetAsync(admin, free.Id)).Tier);
        Assert.Equal(CustomerBehaviour.Potential, (await GetAsync(admin, free.Id)).Behaviour);
        var k = await GetAsync(admin, held.Id);
        Assert.Equal((ValueTier.High, LifecycleStage.Mature, CustomerBehaviour.Active), (k.Tier, k.Stage, k.Behaviour));
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<RapportDbContext>().CustomerClassifications
                .Where(x => x.CustomerId == held.Id).Select(x => x.ComputedAt).SingleAsync(Ct));
        Assert.Empty(await HistoryAsync(admin, held.Id));
        Assert.Equal([tag], await TagsAsync(free.Id));
        Assert.Equal([kept], await TagsAsync(held.Id));

        var preview = await (await admin.PostJsonAsync("/api/v1/segments/preview", new SegmentPreviewInput(SegmentRule.When("industry", "eq", industry))))
            .ReadAsync<Page<SegmentMemberDto>>();
        Assert.Equal([free.Id], preview.Items.Select(m => m.Id));
        var segment = await (await admin.PostJsonAsync("/api/v1/segments", new SegmentInput("Held " + Unique(), IsStatic: true, CustomerIds: [held.Id, free.Id])))
            .ReadAsync<SegmentDto>();
        var members = await admin.GetFromJsonAsync<Page<SegmentMemberDto>>($"/api/v1/segments/{segment.Id}/members", Json.Options, Ct);
        Assert.Equal([free.Id], members!.Items.Select(m => m.Id));
        await (await admin.PutJsonAsync(settingsUrl, settings)).ShouldBeAsync(HttpStatusCode.OK);
    }

    private async Task<List<string>> TagsAsync(Guid customerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RapportDbContext>().CustomerTags.Where(t => t.CustomerId == customerId).Select(t => t.Name).ToListAsync(Ct);
    }
}

public sealed class ClassificationOnSqlite(ClockedSqliteApp app) : ClassificationTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class ClassificationOnPostgres(ClockedPostgresApp app) : ClassificationTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;
