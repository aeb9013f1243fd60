namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>Assignment rules through the API on both databases: a new case (typed in, or mailed in) goes to the queue of
/// the first active rule whose conditions it meets — category or one below it, priority, customer tier, channel, a
/// keyword (Chinese too) — and to a member by round-robin (suspended members skipped, parallel creations taking different
/// turns) or by fewest active cases; no match leaves it as before. Re-run on one case, or on every unowned case.
/// Each test isolates its rules by a category (or keyword) of its own, so rules of other tests never match its cases.</summary>
public abstract class AssignmentRuleTests(RapportApp app)
{
    private const string Rules = "/api/v1/assignment-rules";
    private const string Cases = "/api/v1/cases";
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static async Task<TeamDto> TeamAsync(HttpClient admin) =>
        await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Desk " + Unique(), null))).ReadAsync<TeamDto>();

    private static Task<CaseCategoryDto> CategoryAsync(HttpClient admin, Guid? parent = null) =>
        admin.PostCreatedAsync<CaseCategoryDto>("/api/v1/case-categories", new CaseCategoryInput("Cat " + Unique(), ParentId: parent));

    private static Task<AssignmentRuleDto> RuleAsync(HttpClient admin, AssignmentRuleInput input) => admin.PostCreatedAsync<AssignmentRuleDto>(Rules, input);

    private static Task<CaseDto> CaseAsync(HttpClient admin, Guid customerId, string subject, Guid? category = null, CasePriority priority = CasePriority.Normal,
        CaseChannel channel = CaseChannel.Phone, string? description = null, Guid? queueId = null, Guid? ownerId = null) =>
        admin.PostCreatedAsync<CaseDto>(Cases, new CaseInput(customerId, subject, description, CaseType.Inquiry, channel, priority, CategoryId: category,
            QueueId: queueId, OwnerId: ownerId));

    private async Task<Guid> AgentAsync(Guid team) => (await app.NewUserAsync(Roles.ServiceAgent, team)).Id;

    private async Task<(HttpClient Admin, Guid AdminId, CustomerDto Customer)> ArrangeAsync(ValueTier tier = ValueTier.Medium)
    {
        var admin = await app.AdminClientAsync();
        return (admin, await admin.MeAsync(), await admin.CreateAsync(CustomerSamples.Valid() with { Tier = tier }));
    }

    [Fact]
    public async Task A_rule_on_a_category_routes_cases_of_that_category_and_the_ones_below_it_to_its_queue()
    {
        var (admin, adminId, customer) = await ArrangeAsync();
        var (team, parent) = (await TeamAsync(admin), await CategoryAsync(admin));
        var child = await CategoryAsync(admin, parent.Id);
        var rule = await RuleAsync(admin, new AssignmentRuleInput("Billing", team.Id, CategoryId: parent.Id));
        Assert.Equal((team.Id, team.Name, AssignmentMethod.None), (rule.QueueId, rule.QueueName, rule.Method));

        var inParent = await CaseAsync(admin, customer.Id, "Invoice twice", parent.Id);
        var inChild = await CaseAsync(admin, customer.Id, "Credit note", child.Id);
        var elsewhere = await CaseAsync(admin, customer.Id, "Invoice twice", (await CategoryAsync(admin)).Id);

        Assert.Equal((team.Id, (Guid?)null), (inParent.QueueId, inParent.OwnerId));
        Assert.Equal((team.Id, (Guid?)null), (inChild.QueueId, inChild.OwnerId));
        // No rule matches: as before, taken down by an agent it is theirs, in no queue.
        Assert.Equal(((Guid?)null, adminId), (elsewhere.QueueId, elsewhere.OwnerId));
    }

    [Fact]
    public async Task Priority_tier_and_channel_must_all_hold()
    {
        var (admin, _, vip) = await ArrangeAsync(ValueTier.High);
        var small = await admin.CreateAsync(CustomerSamples.Valid() with { Tier = ValueTier.Low });
        var (team, category) = (await TeamAsync(admin), await CategoryAsync(admin));
        await RuleAsync(admin, new AssignmentRuleInput("VIP urgent mail", team.Id, CategoryId: category.Id, Priority: CasePriority.Urgent,
            Tier: ValueTier.High, Channel: CaseChannel.Email));

        var all = await CaseAsync(admin, vip.Id, "Down", category.Id, CasePriority.Urgent, CaseChannel.Email);
        var notUrgent = await CaseAsync(admin, vip.Id, "Down", category.Id, CasePriority.High, CaseChannel.Email);
        var notVip = await CaseAsync(admin, small.Id, "Down", category.Id, CasePriority.Urgent, CaseChannel.Email);
        var byPhone = await CaseAsync(admin, vip.Id, "Down", category.Id, CasePriority.Urgent, CaseChannel.Phone);

        Assert.Equal(team.Id, all.QueueId);
        Assert.All([notUrgent, notVip, byPhone], c => Assert.Null(c.QueueId));
    }

    [Fact]
    public async Task Keywords_match_any_of_the_list_case_insensitively_in_subject_or_description_in_Chinese_too()
    {
        var (admin, _, customer) = await ArrangeAsync();
        var (team, category) = (await TeamAsync(admin), await CategoryAsync(admin));
        await RuleAsync(admin, new AssignmentRuleInput("Refunds and VPN", team.Id, CategoryId: category.Id, Keywords: ["vpn", "退款"]));

        var english = await CaseAsync(admin, customer.Id, "Cannot reach the VPN since Monday", category.Id);
        var chinese = await CaseAsync(admin, customer.Id, "订单问题", category.Id, description: "我想申请退款，谢谢。");
        var fullWidth = await CaseAsync(admin, customer.Id, "ＶＰＮ连不上", category.Id);
        var neither = await CaseAsync(admin, customer.Id, "Printer jams", category.Id, description: "Tray 2.");

        Assert.All([english, chinese, fullWidth], c => Assert.Equal(team.Id, c.QueueId));
        Assert.Null(neither.QueueId);
    }

    [Fact]
    public async Task The_first_active_matching_rule_wins_and_moving_a_rule_changes_which()
    {
        var (admin, _, customer) = await ArrangeAsync();
        var (first, second, off, category) = (await TeamAsync(admin), await TeamAsync(admin), await TeamAsync(admin), await CategoryAsync(admin));
        await RuleAsync(admin, new AssignmentRuleInput("Off", off.Id, CategoryId: category.Id, Active: false));
        await RuleAsync(admin, new AssignmentRuleInput("First", first.Id, CategoryId: category.Id));
        var later = await RuleAsync(admin, new AssignmentRuleInput("Second", second.Id, CategoryId: category.Id));

        Assert.Equal(first.Id, (await CaseAsync(admin, customer.Id, "Which queue?", category.Id)).QueueId);

        var stale = new HttpRequestMessage(HttpMethod.Post, $"{Rules}/{later.Id}/move") { Content = JsonContent(new AssignmentRuleMoveInput(0)) }
            .WithIfMatch($"\"{later.Version + 5}\"");
        await (await admin.SendAsync(stale, Ct)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var moved = await (await admin.PostJsonAsync($"{Rules}/{later.Id}/move", new AssignmentRuleMoveInput(0))).ReadAsync<AssignmentRuleDto>();
        Assert.Equal(0, moved.Position);
        Assert.Equal(later.Id, (await admin.GetFromJsonAsync<List<AssignmentRuleDto>>(Rules, Json.Options, Ct))![0].Id);

        Assert.Equal(second.Id, (await CaseAsync(admin, customer.Id, "Which queue now?", category.Id)).QueueId);
    }

    [Fact]
    public async Task Round_robin_cycles_the_queues_active_members_and_skips_a_suspended_one()
    {
        var (admin, _, customer) = await ArrangeAsync();
        var (team, category) = (await TeamAsync(admin), await CategoryAsync(admin));
        var (a, b, suspended) = (await AgentAsync(team.Id), await AgentAsync(team.Id), await AgentAsync(team.Id));
        await (await admin.PostAsync($"/api/v1/users/{suspended}/suspend", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await RuleAsync(admin, new AssignmentRuleInput("Turns", team.Id, AssignmentMethod.RoundRobin, CategoryId: category.Id));

        var owners = new List<Guid?>();
        for (var i = 0; i < 4; i++) owners.Add((await CaseAsync(admin, customer.Id, "Turn " + i, category.Id)).OwnerId);

        Assert.Equal(new[] { a, b }.Order(), owners.Take(2).Select(o => o!.Value).Order());
        Assert.NotEqual(owners[0], owners[1]);
        Assert.Equal(owners[..2], owners[2..]);
        Assert.DoesNotContain((Guid?)suspended, owners);
    }

    [Fact]
    public async Task Least_open_picks_the_member_with_the_fewest_active_cases()
    {
        var (admin, _, customer) = await ArrangeAsync();
        var (team, parked, category) = (await TeamAsync(admin), await TeamAsync(admin), await CategoryAsync(admin));
        var (busy, free) = (await AgentAsync(team.Id), await AgentAsync(team.Id));
        // busy has two active cases; free had one, resolved (it does not count).
        await CaseAsync(admin, customer.Id, "Busy 1", queueId: parked.Id, ownerId: busy);
        await CaseAsync(admin, customer.Id, "Busy 2", queueId: parked.Id, ownerId: busy);
        var done = await CaseAsync(admin, customer.Id, "Done", queueId: parked.Id, ownerId: free);
        await (await admin.PostJsonAsync($"{Cases}/{done.Id}/resolve", new CaseResolveInput("Fixed"))).ShouldBeAsync(HttpStatusCode.OK);
        await RuleAsync(admin, new AssignmentRuleInput("Fewest", team.Id, AssignmentMethod.LeastOpen, CategoryId: category.Id));

        var first = await CaseAsync(admin, customer.Id, "Who takes it?", category.Id);
        var second = await CaseAsync(admin, customer.Id, "And this one?", category.Id);

        Assert.Equal((team.Id, (Guid?)free), (first.QueueId, first.OwnerId));
        Assert.Equal(free, second.OwnerId);
    }

    [Fact]
    public async Task A_mailed_in_case_is_routed_by_the_rules_and_left_in_no_queue_when_none_matches()
    {
        var (admin, _, _) = await ArrangeAsync();
        var team = await TeamAsync(admin);
        var agent = await AgentAsync(team.Id);
        var keyword = "warranty-" + Unique();
        await RuleAsync(admin, new AssignmentRuleInput("Warranty mail", team.Id, AssignmentMethod.RoundRobin, Channel: CaseChannel.Email, Keywords: [keyword]));
        var email = $"mail.{Unique()}@example.com";
        await admin.CreateAsync(CustomerSamples.Valid(email: email));

        var routed = await MailInAsync(email, "Broken screen", $"Is this covered? Ref {keyword.ToUpperInvariant()}");
        var unmatched = await MailInAsync(email, "Broken screen", "Is this covered?");

        Assert.Equal((team.Id, (Guid?)agent, CaseChannel.Email), (routed.QueueId, routed.OwnerId, routed.Channel));
        Assert.Equal(((Guid?)null, (Guid?)null), (unmatched.QueueId, unmatched.OwnerId));

        async Task<CaseDto> MailInAsync(string from, string subject, string text)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var handler = scope.ServiceProvider.GetServices<IInboundMailHandler>().OfType<CaseMailHandler>().Single();
                Assert.True(await handler.HandleAsync(new InboundMail(Guid.NewGuid(), CaseMailHandler.MailboxPurpose, from, null, subject, text,
                    null, null, [], DateTime.UtcNow, [], 0), Ct));
            }
            var page = await admin.GetPageAsync<CaseListItem>($"{Cases}?sort=created&limit=1");
            return await (await admin.GetAsync($"{Cases}/{page.Items[0].Id}", Ct)).ReadAsync<CaseDto>();
        }
    }

    [Fact]
    public async Task Reassign_runs_the_rules_again_on_one_case_honours_If_Match_and_changes_nothing_when_none_matches()
    {
        var (admin, _, customer) = await ArrangeAsync();
        var (parked, team) = (await TeamAsync(admin), await TeamAsync(admin));
        var keyword = "reroute-" + Unique();
        var c = await CaseAsync(admin, customer.Id, "Please " + keyword, queueId: parked.Id);
        var other = await CaseAsync(admin, customer.Id, "Nothing to see", queueId: parked.Id);
        await RuleAsync(admin, new AssignmentRuleInput("Reroute", team.Id, Keywords: [keyword]));

        var stale = new HttpRequestMessage(HttpMethod.Post, $"{Cases}/{c.Id}/reassign").WithIfMatch($"\"{c.Version + 1}\"");
        await (await admin.SendAsync(stale, Ct)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var response = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Cases}/{c.Id}/reassign").WithIfMatch($"\"{c.Version}\""), Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var rerouted = await response.ReadAsync<CaseDto>();
        Assert.Equal((team.Id, c.Version + 1), (rerouted.QueueId, rerouted.Version));

        var same = await (await admin.PostAsync($"{Cases}/{other.Id}/reassign", null, Ct)).ReadAsync<CaseDto>();
        Assert.Equal((parked.Id, other.Version), (same.QueueId, same.Version));
    }

    [Fact]
    public async Task Applying_the_rules_routes_the_active_unowned_cases_and_leaves_owned_and_resolved_ones()
    {
        var (admin, adminId, customer) = await ArrangeAsync();
        var (parked, team) = (await TeamAsync(admin), await TeamAsync(admin));
        var agent = await AgentAsync(team.Id);
        var keyword = "backlog-" + Unique();
        var unowned = new List<CaseDto>();
        for (var i = 0; i < 3; i++) unowned.Add(await CaseAsync(admin, customer.Id, $"Old {keyword} {i}", queueId: parked.Id));
        var owned = await CaseAsync(admin, customer.Id, $"Mine {keyword}", queueId: parked.Id, ownerId: adminId);
        var resolved = await CaseAsync(admin, customer.Id, $"Done {keyword}", queueId: parked.Id);
        await (await admin.PostJsonAsync($"{Cases}/{resolved.Id}/resolve", new CaseResolveInput("Fixed"))).ShouldBeAsync(HttpStatusCode.OK);
        await RuleAsync(admin, new AssignmentRuleInput("Backlog", team.Id, AssignmentMethod.LeastOpen, Keywords: [keyword]));

        var result = await (await admin.PostAsync($"{Rules}/apply", null, Ct)).ReadAsync<AssignmentApplyResult>();

        Assert.True(result.Assigned >= 3, $"assigned {result.Assigned}");
        foreach (var c in unowned)
        {
            var now = await (await admin.GetAsync($"{Cases}/{c.Id}", Ct)).ReadAsync<CaseDto>();
            Assert.Equal((team.Id, (Guid?)agent, c.Version + 1), (now.QueueId, now.OwnerId, now.Version));
        }
        var keptOwned = await (await admin.GetAsync($"{Cases}/{owned.Id}", Ct)).ReadAsync<CaseDto>();
        var keptResolved = await (await admin.GetAsync($"{Cases}/{resolved.Id}", Ct)).ReadAsync<CaseDto>();
        Assert.Equal((parked.Id, (Guid?)adminId), (keptOwned.QueueId, keptOwned.OwnerId));
        Assert.Equal((parked.Id, (Guid?)null), (keptResolved.QueueId, keptResolved.OwnerId));
        var audit = await admin.GetPageAsync<System.Text.Json.Nodes.JsonObject>($"/api/v1/audit?action={AssignmentRuleService.AppliedAction}");
        Assert.Contains(audit.Items, e => e.ToJsonString().Contains(unowned[0].Id.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Parallel_creations_take_different_round_robin_turns()
    {
        var (admin, _, customer) = await ArrangeAsync();
        var (team, category) = (await TeamAsync(admin), await CategoryAsync(admin));
        var (a, b) = (await AgentAsync(team.Id), await AgentAsync(team.Id));
        await RuleAsync(admin, new AssignmentRuleInput("Parallel", team.Id, AssignmentMethod.RoundRobin, CategoryId: category.Id));

        var created = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CaseAsync(admin, customer.Id, "Rush " + i, category.Id)));

        var counts = created.GroupBy(c => c.OwnerId).ToDictionary(g => g.Key!.Value, g => g.Count());
        Assert.Equal(new Dictionary<Guid, int> { [a] = 3, [b] = 3 }, counts);
    }

    [Fact]
    public async Task A_rule_needs_a_name_and_an_existing_queue_and_only_desk_administrators_change_rules()
    {
        var (admin, _, _) = await ArrangeAsync();
        var response = await admin.PostJsonAsync(Rules, new AssignmentRuleInput(" ", Guid.NewGuid(), Keywords: [new string('k', AssignmentRule.KeywordMax + 1)]));
        var problem = await response.ShouldRejectAsync("queueId", "Validation.UnknownTeam");
        Assert.Equal(["Validation.Required"], problem.Codes("name"));
        Assert.Equal(["Validation.TooLong"], problem.Codes("keywords"));
        var (agent, _) = await app.NewUserAsync(Roles.ServiceAgent);
        await (await agent.GetAsync(Rules, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await agent.PostJsonAsync(Rules, new AssignmentRuleInput("Mine", (await TeamAsync(admin)).Id))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.PostAsync($"{Rules}/apply", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    private static System.Net.Http.Json.JsonContent JsonContent<T>(T body) => System.Net.Http.Json.JsonContent.Create(body, options: Json.Options);
}

public sealed class AssignmentRulesOnSqlite(SqliteApp app) : AssignmentRuleTests(app), IClassFixture<SqliteApp>;

public sealed class AssignmentRulesOnPostgres(PostgresApp app) : AssignmentRuleTests(app), IClassFixture<PostgresApp>;
