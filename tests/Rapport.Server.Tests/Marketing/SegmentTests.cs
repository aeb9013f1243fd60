using Rapport.Core.Marketing.Classification;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Reports;

namespace Rapport.Server.Tests.Marketing;

/// <summary>Segments through the API on both databases: every operator of the rule language against a small fixture,
/// record scope on members, static lists, sharing, and a bad field named in the 400.</summary>
public abstract class SegmentTests(RapportApp app)
{
    private const string Url = "/api/v1/segments";

    private static SegmentRule W(string field, string op, string? value = null, params string[] values) => SegmentRule.When(field, op, value, values);

    private static async Task<List<string>> PreviewAsync(HttpClient client, SegmentRule rule)
    {
        var page = await (await client.PostJsonAsync($"{Url}/preview", new SegmentPreviewInput(rule))).ReadAsync<Page<SegmentMemberDto>>();
        Assert.Equal(page.Items.Count, (int)page.Total!.Value);
        return [.. page.Items.Select(m => m.Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Each_operator_selects_the_customers_it_says()
    {
        var admin = await app.AdminClientAsync();
        var (_, repA) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, repB) = await app.NewUserAsync(Roles.SalesRepresentative);
        var marker = "Ind-" + Unique();
        await MarketingFixture.ArrangeAsync(app, DateTime.UtcNow, async f =>
        {
            var c1 = f.Customer("c1", marker, repA, CustomerKind.Company, ValueTier.High, LifecycleStage.Mature, "web",
                new Address { Country = "CN", City = "Shanghai" }, "gold");
            var c2 = f.Customer("c2", marker, null, CustomerKind.Individual, ValueTier.Low, LifecycleStage.New, null,
                new Address { Country = "US", City = "Boston" });
            var c3 = f.Customer("c3", marker, repB, CustomerKind.Company, ValueTier.Medium, LifecycleStage.Growing, "fair", null, "silver");
            f.Interaction(c1, 5);
            f.Interaction(c2, 100);
            f.Order(c1, 10, 500_00);
            f.Order(c3, 200, 5000_00);
            f.Order(c3, 20, 9999_00, "USD");
            await f.DealAsync(c1, StageKind.Won);
            await f.DealAsync(c2, StageKind.Lost);
            f.Behaviour(c3, CustomerBehaviour.Churned);
        });
        (SegmentRule Rule, string Expected)[] cases =
        [
            (W("kind", "eq", "company"), "c1,c3"),
            (W("kind", "ne", "company"), "c2"),
            (W("tier", "in", null, "high", "low"), "c1,c2"),
            (W("stage", "eq", "new"), "c2"),
            (W("behaviour", "eq", "churned"), "c3"),
            (W("behaviour", "ne", "churned"), "c1,c2"),
            (W("source", "eq", "web"), "c1"),
            (W("source", "ne", "web"), "c2,c3"),
            (W("source", "in", null, "web", "fair"), "c1,c3"),
            (W("source", "empty"), "c2"),
            (W("source", "notEmpty"), "c1,c3"),
            (W("owner", "eq", repA.ToString()), "c1"),
            (W("owner", "in", null, repA.ToString(), repB.ToString()), "c1,c3"),
            (W("owner", "empty"), "c2"),
            (W("country", "eq", "CN"), "c1"),
            (W("city", "in", null, "Boston", "Paris"), "c2"),
            (W("createdAt", "withinDays", "1"), "c1,c2,c3"),
            (W("createdAt", "before", "2000-01-01"), ""),
            (W("createdAt", "after", "2000-01-01"), "c1,c2,c3"),
            (W("tag", "has", "gold"), "c1"),
            (W("tag", "hasNot", "gold"), "c2,c3"),
            (W("interactions", "withinDays", "30"), "c1"),
            (W("interactions", "notWithinDays", "30"), "c2,c3"),
            (W("orders", "withinDays", "30"), "c1,c3"),
            (W("orders", "notWithinDays", "30"), "c2"),
            (W("orderTotal", "gte", "1000"), "c3"),
            (W("orderTotal", "lte", "1000"), "c1,c2"),
            (W("dealsWon", "gte", "1"), "c1"),
            (W("dealsWon", "lte", "0"), "c2,c3"),
            (W("dealsLost", "gte", "1"), "c2"),
            (SegmentRule.Any(W("kind", "eq", "individual"), W("tag", "has", "silver")), "c2,c3"),
            (SegmentRule.All(W("kind", "eq", "company"), SegmentRule.Any(W("tag", "has", "gold"), W("tier", "eq", "low"))), "c1"),
        ];
        foreach (var (rule, expected) in cases)
        {
            var names = await PreviewAsync(admin, SegmentRule.All(W("industry", "eq", marker), rule));
            Assert.True(expected == string.Join(",", names), $"{rule.Field} {rule.Op}: expected [{expected}], got [{string.Join(",", names)}]");
        }
    }

    [Fact]
    public async Task A_sales_rep_sees_only_their_own_customers_among_the_members_of_a_shared_segment()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, otherId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var marker = "Ind-" + Unique();
        await MarketingFixture.ArrangeAsync(app, DateTime.UtcNow, f =>
        {
            f.Interaction(f.Customer("mine", marker, repId), 5);
            f.Interaction(f.Customer("theirs", marker, otherId), 5);
            f.Customer("nobody's", marker);
            return Task.CompletedTask;
        });
        var segment = await admin.PostCreatedAsync<SegmentDto>(Url, new SegmentInput("By industry " + marker, Rule: W("industry", "eq", marker),
            Shares: [new ReportShareDto(ShareKind.Role, Roles.SalesRepresentative, ReportAccess.View)]));

        var all = await admin.GetPageAsync<SegmentMemberDto>($"{Url}/{segment.Id}/members");
        Assert.Equal(3, all.Total);
        var mine = await rep.GetPageAsync<SegmentMemberDto>($"{Url}/{segment.Id}/members");
        Assert.Equal(["mine"], mine.Items.Select(m => m.Name));
        Assert.Equal(1, mine.Total);
        Assert.Equal(["mine"], await PreviewAsync(rep, W("industry", "eq", marker)));
        var contacted = SegmentRule.All(W("industry", "eq", marker), W("interactions", "withinDays", "30"));
        Assert.Equal(["mine", "theirs"], await PreviewAsync(admin, contacted));
        Assert.Equal(["mine"], await PreviewAsync(rep, contacted));
    }

    [Fact]
    public async Task A_static_list_holds_exactly_the_customers_named_and_pages_by_name()
    {
        var admin = await app.AdminClientAsync();
        Customer? a = null, b = null;
        await MarketingFixture.ArrangeAsync(app, DateTime.UtcNow, f =>
        {
            a = f.Customer("Static A " + Unique());
            b = f.Customer("Static B " + Unique());
            f.Customer("Static C " + Unique());
            return Task.CompletedTask;
        });
        var segment = await admin.PostCreatedAsync<SegmentDto>(Url, new SegmentInput("List " + Unique(), IsStatic: true, CustomerIds: [b!.Id, a!.Id]));
        Assert.Equal(2, segment.StaticCount);

        var first = await admin.GetPageAsync<SegmentMemberDto>($"{Url}/{segment.Id}/members?limit=1");
        Assert.Equal([a.Name], first.Items.Select(m => m.Name));
        Assert.Equal(2, first.Total);
        var uncounted = await admin.GetPageAsync<SegmentMemberDto>($"{Url}/{segment.Id}/members?limit=1&count=false");
        Assert.Equal([a.Name], uncounted.Items.Select(m => m.Name));
        Assert.Null(uncounted.Total);
        var preview = await (await admin.PostJsonAsync($"{Url}/preview", new SegmentPreviewInput(W("industry", "eq", "none"), Count: false)))
            .ReadAsync<Page<SegmentMemberDto>>();
        Assert.Empty(preview.Items);
        Assert.Equal(0, preview.Total);   // a single page is its own count
        var second = await admin.GetPageAsync<SegmentMemberDto>($"{Url}/{segment.Id}/members?limit=1&after={first.NextCursor}");
        Assert.Equal([b.Name], second.Items.Select(m => m.Name));
        Assert.Null(second.NextCursor);

        var unknown = Guid.NewGuid();
        await (await admin.PostJsonAsync(Url, new SegmentInput("List " + Unique(), IsStatic: true, CustomerIds: [unknown])))
            .ShouldRejectAsync("customerIds", "Segment.UnknownCustomer");
    }

    [Fact]
    public async Task Pages_are_complete_and_in_name_order_whether_the_members_come_first_by_name_or_after_ten_thousand_others()
    {
        var admin = await app.AdminClientAsync();
        var (near, far) = ("Near-" + Unique(), "Far-" + Unique());
        // Names that sort before the other tests' customers: ten thousand "near" ones, then sixty "far" ones.
        var prefix = "000 " + Unique()[..8] + " ";
        var customers = Enumerable.Range(0, SegmentService.Window + 60).Select(i => new Customer
        {
            Number = $"WIN-{Unique()[..8]}-{i}", Name = $"{prefix}{i:D5}", Industry = i < SegmentService.Window ? near : far,
        }).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await BulkInsert.InsertAsync(db, customers, DateTime.UtcNow, Ct);
            await tx.CommitAsync(Ct);
        }
        async Task<Page<SegmentMemberDto>> PreviewPageAsync(string industry) =>
            await (await admin.PostJsonAsync($"{Url}/preview", new SegmentPreviewInput(W("industry", "eq", industry)))).ReadAsync<Page<SegmentMemberDto>>();
        string[] Names(int from, int count) => [.. Enumerable.Range(from, count).Select(i => $"{prefix}{i:D5}")];

        var first = await PreviewPageAsync(far);
        Assert.Equal(Names(SegmentService.Window, 50), first.Items.Select(m => m.Name));
        Assert.Equal(60, first.Total);
        var saved = await admin.PostCreatedAsync<SegmentDto>(Url, new SegmentInput("Far " + Unique(), Rule: W("industry", "eq", far)));
        var second = await admin.GetPageAsync<SegmentMemberDto>($"{Url}/{saved.Id}/members?after={first.NextCursor}");
        Assert.Equal(Names(SegmentService.Window + 50, 10), second.Items.Select(m => m.Name));
        Assert.Null(second.NextCursor);
        var nearFirst = await PreviewPageAsync(near);
        Assert.Equal(Names(0, 50), nearFirst.Items.Select(m => m.Name));
        Assert.Equal((SegmentService.Window, false), (nearFirst.Total, nearFirst.TotalIsCapped));
        var farFirst = await admin.GetPageAsync<SegmentMemberDto>($"{Url}/{saved.Id}/members?limit=1");
        Assert.Equal(Names(SegmentService.Window, 1), farFirst.Items.Select(m => m.Name));
    }

    [Fact]
    public async Task Sharing_lets_others_view_or_edit_and_only_the_owner_reshares_or_deletes()
    {
        var (owner, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var (viewer, viewerId) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var (editor, editorId) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var (stranger, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var rule = W("tier", "eq", "high");
        var segment = await owner.PostCreatedAsync<SegmentDto>(Url, new SegmentInput("Shared " + Unique(), Rule: rule, Shares:
        [
            new ReportShareDto(ShareKind.User, viewerId.ToString(), ReportAccess.View),
            new ReportShareDto(ShareKind.User, editorId.ToString(), ReportAccess.Edit),
        ]));
        var url = $"{Url}/{segment.Id}";

        await (await stranger.GetAsync(url, Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await stranger.GetFromJsonAsync<List<SegmentSummary>>(Url, Json.Options, Ct) ?? [], s => s.Id == segment.Id);
        var seen = await (await viewer.GetAsync(url, Ct)).ReadAsync<SegmentDto>();
        Assert.False(seen.CanEdit);
        await (await viewer.SendAsync(Put(url, new SegmentInput("Renamed", Rule: rule), seen.Version), Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);

        var renamed = await (await editor.SendAsync(Put(url, new SegmentInput("Renamed by editor", Rule: rule), seen.Version), Ct)).ReadAsync<SegmentDto>();
        Assert.Equal("Renamed by editor", renamed.Name);
        await (await editor.SendAsync(Put(url, new SegmentInput("Renamed", Rule: rule, Shares: []), renamed.Version), Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await editor.SendAsync(Delete(url, renamed.Version), Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await owner.SendAsync(Delete(url, renamed.Version), Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_bad_field_operator_or_value_is_a_400_naming_the_node()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PostJsonAsync($"{Url}/preview", new SegmentPreviewInput(SegmentRule.All(W("tier", "eq", "high"), W("passwordHash", "eq", "x")))))
            .ShouldRejectAsync("rule.rules[1].field", "Segment.UnknownField");
        await (await admin.PostJsonAsync(Url, new SegmentInput("Bad " + Unique(), Rule: SegmentRule.Any(W("tier", "withinDays", "3")))))
            .ShouldRejectAsync("rule.rules[0].op", "Segment.UnknownOperator");
        await (await admin.PostJsonAsync($"{Url}/preview", new SegmentPreviewInput(W("orders", "withinDays", "soon"))))
            .ShouldRejectAsync("rule.value", "Segment.BadValue");
        await (await admin.PostJsonAsync($"{Url}/preview", new SegmentPreviewInput(new SegmentRule("either", []))))
            .ShouldRejectAsync("rule.match", "Segment.UnknownMatch");
    }

    private static HttpRequestMessage Put(string url, SegmentInput input, long version) =>
        new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(input, options: Json.Options) }.WithIfMatch($"\"{version}\"");

    private static HttpRequestMessage Delete(string url, long version) => new HttpRequestMessage(HttpMethod.Delete, url).WithIfMatch($"\"{version}\"");
}

public sealed class SegmentsOnSqlite(SqliteApp app) : SegmentTests(app), IClassFixture<SqliteApp>;

public sealed class SegmentsOnPostgres(PostgresApp app) : SegmentTests(app), IClassFixture<PostgresApp>;
