namespace Rapport.Server.Tests.Sales;

/// <summary>Opportunities and pipelines through the API on both databases: stage rules, history, the board, the
/// forecast, pipeline definitions, record scope, and lead conversion into a deal.</summary>
public abstract class OpportunityApiTests(RapportApp app)
{
    private const string DealsUrl = "/api/v1/opportunities";

    private static async Task<PipelineDto> DefaultPipelineAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<PipelineDto>>("/api/v1/pipelines", Json.Options, Ct))!.Single(p => p.IsDefault);

    private static async Task<OpportunityDto> CreateDealAsync(HttpClient client, OpportunityInput input)
    {
        return await client.PostCreatedAsync<OpportunityDto>(DealsUrl, input);
    }

    private static async Task<HttpResponseMessage> MoveAsync(HttpClient client, Guid id, Guid stage, string? reason = null) =>
        await client.PostJsonAsync($"{DealsUrl}/{id}/move", new OpportunityMoveInput(stage, reason));

    private Task<(HttpClient Client, Guid Id)> UserAsync(string role) => app.NewUserAsync(role);

    [Fact]
    public async Task A_new_deal_starts_in_the_first_stage_with_its_probability_and_the_default_currency()
    {
        var admin = await app.AdminClientAsync();
        var pipeline = await DefaultPipelineAsync(admin);
        Assert.Equal(["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"], pipeline.Stages.Select(s => s.Name));
        var customer = await admin.CreateAsync(CustomerSamples.Valid());

        var deal = await CreateDealAsync(admin, new OpportunityInput { Name = "ERP rollout", CustomerId = customer.Id, Amount = 120_000.50m });

        Assert.Equal((pipeline.Id, pipeline.Stages[0].Id, 10, "CNY", 120_000.50m), (deal.PipelineId, deal.StageId, deal.Probability, deal.Currency, deal.Amount));
        Assert.Equal(12_000.05m, deal.WeightedAmount);
        Assert.Equal(customer.Name, deal.CustomerName);

        var bad = await admin.PostJsonAsync(DealsUrl, new OpportunityInput { Name = "", CustomerId = customer.Id, Amount = 1.005m, Currency = "yuan", Probability = 120 });
        var problem = await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "amount", "currency", "probability" }) Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_stage_refuses_deals_without_its_required_fields_and_every_move_is_kept_with_the_time_in_stage()
    {
        var admin = await app.AdminClientAsync();
        var stages = (await DefaultPipelineAsync(admin)).Stages;
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var deal = await CreateDealAsync(admin, new OpportunityInput { Name = "Pilot", CustomerId = customer.Id });

        var refused = await MoveAsync(admin, deal.Id, stages[2].Id);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Required before the deal can enter “Proposal”.", (string?)problem["errors"]!["amount"]![0]);
        Assert.NotNull(problem["errors"]!["expectedCloseDate"]);

        await (await admin.PutJsonAsync($"{DealsUrl}/{deal.Id}", new OpportunityInput
        {
            Name = "Pilot", CustomerId = customer.Id, Amount = 8000, ExpectedCloseDate = new DateOnly(2030, 6, 30),
        })).ShouldBeAsync(HttpStatusCode.OK);
        var moved = await (await MoveAsync(admin, deal.Id, stages[2].Id)).ReadAsync<OpportunityDto>();
        Assert.Equal(("Proposal", 50), (moved.StageName, moved.Probability));

        var lostWithoutReason = await MoveAsync(admin, deal.Id, stages[5].Id);
        Assert.NotNull((await lostWithoutReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["closeReason"]);
        var lost = await (await MoveAsync(admin, deal.Id, stages[5].Id, "Went with a competitor")).ReadAsync<OpportunityDto>();
        Assert.Equal((StageKind.Lost, 0, "Went with a competitor"), (lost.StageKind, lost.Probability, lost.CloseReason));
        Assert.NotNull(lost.ClosedAt);

        var history = await admin.GetFromJsonAsync<List<StageChangeDto>>($"{DealsUrl}/{deal.Id}/history", Json.Options, Ct);
        Assert.Equal([(null, "Qualification"), ("Qualification", "Proposal"), ("Proposal", "Lost")], history!.Select(h => (h.FromStage, h.ToStage)));
        Assert.All(history!, h => Assert.True(h.SecondsInPrevious >= 0));
    }

    [Fact]
    public async Task A_chinese_reader_sees_the_standard_stages_in_chinese_and_administrators_name_new_ones_in_both_languages()
    {
        var admin = await app.AdminClientAsync();
        var zh = await app.AdminClientAsync();
        zh.DefaultRequestHeaders.AcceptLanguage.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("zh-CN"));
        var standard = await DefaultPipelineAsync(zh);
        Assert.Equal(["资格确认", "需求分析", "方案报价", "商务谈判", "赢单", "输单"], standard.Stages.Select(s => s.Label));
        Assert.Equal("Qualification", standard.Stages[0].Name); // what an administrator edits stays as it is
        Assert.Equal("Qualification", (await DefaultPipelineAsync(admin)).Stages[0].Label);

        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var deal = await CreateDealAsync(admin, new OpportunityInput { Name = "试点项目", CustomerId = customer.Id });
        Assert.Equal("资格确认", (await zh.GetFromJsonAsync<OpportunityDto>($"{DealsUrl}/{deal.Id}", Json.Options, Ct))!.StageName);
        var refused = await (await MoveAsync(zh, deal.Id, standard.Stages[2].Id)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("方案报价", (string?)refused["errors"]!["amount"]![0], StringComparison.Ordinal);

        var input = new PipelineInput("Channel " + Unique(), [new(null, "Partner signed", 30, NameZh: "签约伙伴"), new(null, "Live", 100, StageKind.Won),
            new(null, "Dropped", 0, StageKind.Lost)]);
        var created = await admin.PostCreatedAsync<PipelineDto>("/api/v1/pipelines", input);
        var read = (await zh.GetFromJsonAsync<List<PipelineDto>>("/api/v1/pipelines", Json.Options, Ct))!.Single(p => p.Id == created.Id);
        Assert.Equal(["签约伙伴", "Live", "Dropped"], read.Stages.Select(s => s.Label)); // no Chinese name: the English one
        await (await admin.PostJsonAsync("/api/v1/pipelines", input with
        {
            Name = "x" + Unique(),
            Stages = [new(null, "A", 10, NameZh: new string('长', 101)),
            new(null, "W", 100, StageKind.Won), new(null, "L", 0, StageKind.Lost)]
        })).ShouldRejectAsync("stages[0].nameZh", "Validation.TooLong");
    }

    [Fact]
    public async Task An_owners_probability_survives_moves_until_the_deal_is_won()
    {
        var admin = await app.AdminClientAsync();
        var stages = (await DefaultPipelineAsync(admin)).Stages;
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts", new Rapport.Core.Customers.ContactInput { Name = "Zhao Lei" }))
            .ReadAsync<Rapport.Core.Customers.ContactDto>();
        var deal = await CreateDealAsync(admin, new OpportunityInput
        {
            Name = "Renewal", CustomerId = customer.Id, ContactId = contact.Id, Amount = 5000, ExpectedCloseDate = new DateOnly(2030, 1, 15), Probability = 35,
        });
        Assert.Equal((35, true), (deal.Probability, deal.ProbabilityOverridden));

        var negotiating = await (await MoveAsync(admin, deal.Id, stages[3].Id)).ReadAsync<OpportunityDto>();
        Assert.Equal(35, negotiating.Probability);
        var won = await (await MoveAsync(admin, deal.Id, stages[4].Id)).ReadAsync<OpportunityDto>();
        Assert.Equal((StageKind.Won, 100), (won.StageKind, won.Probability));

        // Reopening puts it back in play with the owner's number.
        var reopened = await (await MoveAsync(admin, deal.Id, stages[3].Id)).ReadAsync<OpportunityDto>();
        Assert.Equal((35, (DateTime?)null), (reopened.Probability, reopened.ClosedAt));
    }

    [Fact]
    public async Task The_board_adds_up_each_stage_and_shows_the_deals_closing_first()
    {
        var admin = await app.AdminClientAsync();
        var (_, owner) = await UserAsync(Roles.SalesRepresentative);
        var stages = (await DefaultPipelineAsync(admin)).Stages;
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        OpportunityInput Deal(string name, decimal amount, int day, string currency = "CNY") => new()
        {
            Name = name, CustomerId = customer.Id, OwnerId = owner, Amount = amount, Currency = currency, ExpectedCloseDate = new DateOnly(2029, 3, day),
        };
        await CreateDealAsync(admin, Deal("Late", 1000, 28));
        await CreateDealAsync(admin, Deal("Early", 3000, 2));
        await CreateDealAsync(admin, Deal("Dollars", 500, 10, "USD"));
        await CreateDealAsync(admin, Deal("Undated", 100, 1) with { ExpectedCloseDate = null });
        var proposal = await CreateDealAsync(admin, Deal("Proposal", 2000, 5));
        await (await MoveAsync(admin, proposal.Id, stages[2].Id)).ShouldBeAsync(HttpStatusCode.OK);

        var board = await admin.GetFromJsonAsync<BoardDto>($"{DealsUrl}/board?ownerId={owner}", Json.Options, Ct);
        var first = board!.Columns[0];
        Assert.Equal(4, first.Count);
        Assert.Equal([new Money("CNY", 4100), new Money("USD", 500)], first.Amount);
        Assert.Equal([new Money("CNY", 410), new Money("USD", 50)], first.Weighted);
        // By close date; a deal without one comes last.
        Assert.Equal(["Early", "Dollars", "Late", "Undated"], first.Cards.Select(c => c.Name));
        Assert.Equal([new Money("CNY", 1000)], board.Columns[2].Weighted);
        Assert.Equal(6, board.Columns.Count);
        Assert.Equal(0, board.Columns[4].Count);

        var narrowed = await admin.GetFromJsonAsync<BoardDto>($"{DealsUrl}/board?ownerId={owner}&closeFrom=2029-03-05&closeTo=2029-03-20", Json.Options, Ct);
        Assert.Equal(["Dollars"], narrowed!.Columns[0].Cards.Select(c => c.Name));
    }

    /// <summary>A customer in the recycle bin takes its deals off the board, its totals and the list, for an administrator
    /// (who is asked only about the customers in the bin) as for the deals' owner (whose deals are read with their
    /// customers); a restore brings them back.</summary>
    [Fact]
    public async Task A_customer_in_the_recycle_bin_takes_its_deals_off_the_board_and_the_list_until_it_is_restored()
    {
        var admin = await app.AdminClientAsync();
        var (rep, owner) = await UserAsync(Roles.SalesRepresentative);
        var kept = await rep.CreateAsync(CustomerSamples.Valid());
        var binned = await rep.CreateAsync(CustomerSamples.Valid());
        await CreateDealAsync(rep, new() { Name = "Kept", CustomerId = kept.Id, OwnerId = owner, Amount = 1000, Currency = "CNY" });
        await CreateDealAsync(rep, new() { Name = "Binned", CustomerId = binned.Id, OwnerId = owner, Amount = 300, Currency = "CNY" });
        async Task<(int Count, IReadOnlyList<Money> Amount, string[] Cards, string[] Listed)> SeenByAsync(HttpClient client)
        {
            var first = (await client.GetFromJsonAsync<BoardDto>($"{DealsUrl}/board?ownerId={owner}", Json.Options, Ct))!.Columns[0];
            var listed = await client.GetPageAsync<OpportunityListItem>($"{DealsUrl}?ownerId={owner}");
            return (first.Count, first.Amount, first.Cards.Select(c => c.Name).Order().ToArray(), listed.Items.Select(i => i.Name).Order().ToArray());
        }
        var both = (2, (IReadOnlyList<Money>)[new Money("CNY", 1300)], new[] { "Binned", "Kept" }, new[] { "Binned", "Kept" });
        Assert.Equivalent(both, await SeenByAsync(admin), strict: true);

        await (await admin.DeleteAsync($"{CustomersUrl}/{binned.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var one = (1, (IReadOnlyList<Money>)[new Money("CNY", 1000)], new[] { "Kept" }, new[] { "Kept" });
        Assert.Equivalent(one, await SeenByAsync(admin), strict: true);
        Assert.Equivalent(one, await SeenByAsync(rep), strict: true);

        await (await admin.PostAsync($"/api/v1/recycle-bin/customers/{binned.Id}/restore", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        Assert.Equivalent(both, await SeenByAsync(admin), strict: true);
        Assert.Equivalent(both, await SeenByAsync(rep), strict: true);
    }

    [Fact]
    public async Task The_board_shows_one_teams_deals_when_asked()
    {
        var admin = await app.AdminClientAsync();
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new Rapport.Core.Access.TeamInput("Board " + Unique(), null))).ReadAsync<Rapport.Core.Access.TeamDto>();
        var (_, member) = await UserAsync(Roles.SalesRepresentative);
        await (await admin.PutJsonAsync($"/api/v1/users/{member}/access", new Rapport.Core.Access.UserAccessInput([Roles.SalesRepresentative], team.Id, null)))
            .ShouldBeAsync(HttpStatusCode.OK);
        var (_, outsider) = await UserAsync(Roles.SalesRepresentative);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var close = new DateOnly(2034, 1, 1);
        await CreateDealAsync(admin, new OpportunityInput { Name = "In team", CustomerId = customer.Id, OwnerId = member, Amount = 100, ExpectedCloseDate = close });
        await CreateDealAsync(admin, new OpportunityInput { Name = "Outside", CustomerId = customer.Id, OwnerId = outsider, Amount = 200, ExpectedCloseDate = close });

        var board = await admin.GetFromJsonAsync<BoardDto>($"{DealsUrl}/board?teamId={team.Id}&closeFrom=2034-01-01&closeTo=2034-01-02", Json.Options, Ct);
        Assert.Equal(["In team"], board!.Columns[0].Cards.Select(c => c.Name));
        Assert.Equal([new Money("CNY", 100)], board.Columns[0].Amount);
        Assert.Contains(await admin.GetFromJsonAsync<List<Rapport.Core.Preferences.TeamNameDto>>("/api/v1/people/teams", Json.Options, Ct) ?? [], t => t.Id == team.Id);
    }

    [Fact]
    public async Task The_forecast_weighs_the_open_pipeline_and_adds_commit_best_case_and_won_per_month_and_quarter()
    {
        var admin = await app.AdminClientAsync();
        var (_, owner) = await UserAsync(Roles.SalesRepresentative);
        var stages = (await DefaultPipelineAsync(admin)).Stages;
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        async Task<OpportunityDto> Deal(decimal amount, int month, ForecastCategory category, int? stage = null, string? reason = null)
        {
            var d = await CreateDealAsync(admin, new OpportunityInput
            {
                Name = "F" + Unique(), CustomerId = customer.Id, OwnerId = owner, Amount = amount, ExpectedCloseDate = new DateOnly(2032, month, 10),
                ForecastCategory = category,
            });
            if (stage is { } s) await (await MoveAsync(admin, d.Id, stages[s].Id, reason)).ShouldBeAsync(HttpStatusCode.OK);
            return d;
        }
        await Deal(10_000, 1, ForecastCategory.Pipeline);           // open, 10%
        await Deal(20_000, 1, ForecastCategory.BestCase);           // open, 10%
        await Deal(30_000, 2, ForecastCategory.Commit);             // open, 10%
        await Deal(40_000, 2, ForecastCategory.Pipeline, stage: 4); // won
        await Deal(50_000, 2, ForecastCategory.Commit, stage: 5, reason: "No budget"); // lost: not counted
        await Deal(60_000, 1, ForecastCategory.Omitted);            // left out of the pipeline

        var months = await admin.GetFromJsonAsync<List<ForecastRow>>($"{DealsUrl}/forecast?from=2032-01-01&to=2032-04-01&period=month&by=owner", Json.Options, Ct);
        var mine = months!.Where(r => r.GroupId == owner).ToList();
        var jan = mine.Single(r => r.Period == "2032-01");
        Assert.Equal((30_000m, 3_000m, 20_000m, 0m, 0m), (jan.Pipeline, jan.Weighted, jan.BestCase, jan.Commit, jan.Won));
        var feb = mine.Single(r => r.Period == "2032-02");
        Assert.Equal((30_000m, 3_000m, 70_000m, 70_000m, 40_000m), (feb.Pipeline, feb.Weighted, feb.BestCase, feb.Commit, feb.Won));

        var quarter = (await admin.GetFromJsonAsync<List<ForecastRow>>($"{DealsUrl}/forecast?from=2032-01-01&to=2032-04-01&period=quarter", Json.Options, Ct))!
            .Single(r => r.GroupId == owner);
        Assert.Equal(("2032-Q1", 60_000m, 6_000m, 90_000m, 70_000m, 40_000m), (quarter.Period, quarter.Pipeline, quarter.Weighted, quarter.BestCase, quarter.Commit, quarter.Won));

        await (await admin.GetAsync($"{DealsUrl}/forecast?from=2032-04-01&to=2032-01-01", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Administrators_define_pipelines_and_stages_in_use_cannot_disappear()
    {
        var admin = await app.AdminClientAsync();
        var input = new PipelineInput("Partners " + Unique(),
        [
            new(null, "Registered", 20), new(null, "Approved", 60, RequiredFields: ["amount"]), new(null, "Closed won", 100, StageKind.Won),
        ]);
        var pipeline = await admin.PostCreatedAsync<PipelineDto>("/api/v1/pipelines", input);
        Assert.False(pipeline.IsDefault);

        var twoWon = await admin.PostJsonAsync("/api/v1/pipelines", input with { Name = "x" + Unique(), Stages = [new(null, "A", 10, StageKind.Won), new(null, "B", 100, StageKind.Won)] });
        Assert.NotNull((await twoWon.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["stages"]);

        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var deal = await CreateDealAsync(admin, new OpportunityInput { Name = "Reseller", CustomerId = customer.Id, PipelineId = pipeline.Id });
        Assert.Equal((pipeline.Stages[0].Id, 20), (deal.StageId, deal.Probability));

        // Renaming and reordering keeps the deal where it is; dropping its stage is refused; so is deleting the pipeline.
        var renamed = input with
        {
            Stages = [new(pipeline.Stages[0].Id, "Registered deal", 25), new(pipeline.Stages[1].Id, "Approved", 60), new(pipeline.Stages[2].Id, "Closed won", 100, StageKind.Won)],
        };
        var updated = await (await admin.PutJsonAsync($"/api/v1/pipelines/{pipeline.Id}", renamed)).ReadAsync<PipelineDto>();
        Assert.Equal("Registered deal", updated.Stages[0].Name);
        Assert.Equal("Registered deal", (await admin.GetFromJsonAsync<OpportunityDto>($"{DealsUrl}/{deal.Id}", Json.Options, Ct))!.StageName);
        var dropped = await admin.PutJsonAsync($"/api/v1/pipelines/{pipeline.Id}", input with { Stages = renamed.Stages!.Skip(1).Prepend(new(null, "New first", 5)).ToList() });
        await dropped.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.DeleteAsync($"/api/v1/pipelines/{pipeline.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        await (await admin.DeleteAsync($"{DealsUrl}/{deal.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/v1/pipelines/{pipeline.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_sales_rep_sees_only_their_own_deals_on_lists_boards_and_forecasts()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await UserAsync(Roles.SalesRepresentative);
        var mineCustomer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });
        var tag = Unique();
        var mine = await CreateDealAsync(admin, new OpportunityInput { Name = "Mine " + tag, CustomerId = mineCustomer.Id, OwnerId = repId, Amount = 100, ExpectedCloseDate = new DateOnly(2033, 5, 1) });
        var theirs = await CreateDealAsync(admin, new OpportunityInput { Name = "Theirs " + tag, CustomerId = mineCustomer.Id, Amount = 900, ExpectedCloseDate = new DateOnly(2033, 5, 1) });

        var page = await rep.GetPageAsync<OpportunityListItem>($"{DealsUrl}?q={tag}");
        Assert.Equal([mine.Id], page.Items.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"{DealsUrl}/{theirs.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MoveAsync(rep, theirs.Id, mine.StageId)).StatusCode);
        var board = await rep.GetFromJsonAsync<BoardDto>($"{DealsUrl}/board?closeFrom=2033-05-01&closeTo=2033-05-02", Json.Options, Ct);
        Assert.Equal([new Money("CNY", 100)], board!.Columns[0].Amount);
        var forecast = await rep.GetFromJsonAsync<List<ForecastRow>>($"{DealsUrl}/forecast?from=2033-05-01&to=2033-06-01", Json.Options, Ct);
        Assert.Equal(100m, Assert.Single(forecast!).Pipeline);

        // A rep cannot give a deal to someone else, nor delete one.
        var handOff = await rep.PutJsonAsync($"{DealsUrl}/{mine.Id}", new OpportunityInput { Name = "Mine", CustomerId = mineCustomer.Id, OwnerId = (await admin.MeAsync()) });
        Assert.Equal(HttpStatusCode.Forbidden, handOff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.DeleteAsync($"{DealsUrl}/{mine.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Converting_a_lead_can_open_a_deal_that_remembers_the_lead()
    {
        var admin = await app.AdminClientAsync();
        var lead = await (await admin.PostJsonAsync("/api/v1/leads?confirmDuplicate=true", new LeadInput
        {
            Name = "Chen Jing", Company = "Deal Co " + Unique(), Email = $"d{Unique()}@example.com", Country = "China", City = "Wuhan",
        })).ReadAsync<LeadDto>();

        var conversion = await (await admin.PostJsonAsync($"/api/v1/leads/{lead.Id}/convert",
            new LeadConvertInput(Opportunity: new LeadOpportunityInput("First order", 15_000m, "usd", new DateOnly(2030, 9, 1))))).ReadAsync<LeadConversion>();

        var deal = (await admin.GetFromJsonAsync<OpportunityDto>($"{DealsUrl}/{conversion.OpportunityId}", Json.Options, Ct))!;
        Assert.Equal((conversion.CustomerId, conversion.ContactId, lead.Id, 15_000m, "USD"), (deal.CustomerId, deal.ContactId, deal.SourceLeadId, deal.Amount, deal.Currency));

        // A deal the conversion cannot open (bad currency) rolls the whole conversion back.
        var second = await (await admin.PostJsonAsync("/api/v1/leads?confirmDuplicate=true", new LeadInput
        {
            Name = "Qian Li", Company = "Deal Co " + Unique(), Email = $"d{Unique()}@example.com", Country = "China", City = "Wuhan",
        })).ReadAsync<LeadDto>();
        var customers = await admin.CountCustomersAsync();
        var failed = await admin.PostJsonAsync($"/api/v1/leads/{second.Id}/convert", new LeadConvertInput(Opportunity: new LeadOpportunityInput("Bad", 1, "dollars")));
        await failed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(customers, await admin.CountCustomersAsync());
        Assert.Equal(LeadStatus.New, (await admin.GetFromJsonAsync<LeadDto>($"/api/v1/leads/{second.Id}", Json.Options, Ct))!.Status);
    }

    [Fact]
    public async Task Deals_leave_with_their_customer_into_the_recycle_bin()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var deal = await CreateDealAsync(admin, new OpportunityInput { Name = "Gone " + Unique(), CustomerId = customer.Id });
        await (await admin.DeleteAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{DealsUrl}/{deal.Id}", Ct)).StatusCode);
        await (await admin.PostAsync($"/api/v1/recycle-bin/customers/{customer.Id}/restore", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{DealsUrl}/{deal.Id}", Ct)).StatusCode);
    }
}

public sealed class OpportunityApiOnSqlite(SqliteApp app) : OpportunityApiTests(app), IClassFixture<SqliteApp>;

public sealed class OpportunityApiOnPostgres(PostgresApp app) : OpportunityApiTests(app), IClassFixture<PostgresApp>;
