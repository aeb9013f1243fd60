using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Deals as an import target on both databases: Chinese headers in a GBK file with stages named in Chinese and
/// a row the stage's rules refuse (in the errors file), update by customer and name with a stage move, undo (a deal
/// changed since is left alone), and a scoped importer who cannot reach another's customer.</summary>
public abstract class OpportunityImportTests(RapportApp app)
{
    private const string DealsUrl = "/api/v1/opportunities";

    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<OpportunityDto>> DealsOfAsync(HttpClient client, Guid customerId)
    {
        var page = await client.GetPageAsync<OpportunityListItem>($"{DealsUrl}?customerId={customerId}&limit=200");
        var result = new List<OpportunityDto>();
        foreach (var item in page.Items) result.Add(await (await client.GetAsync($"{DealsUrl}/{item.Id}", Ct)).ReadAsync<OpportunityDto>());
        return [.. result.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_imports_deals_into_the_stages_it_names_and_a_row_the_stage_refuses_is_in_the_errors_file()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var byNumber = await admin.CreateAsync(CustomerSamples.Valid(name: "星辰科技" + tag, tag: tag));
        var byName = await admin.CreateAsync(CustomerSamples.Valid(name: "海岸贸易" + tag, tag: tag));
        var csv = "商机名称,客户编号,客户名称,阶段,金额,币种,预计成交日期,赢单率,负责人\r\n"
            + Row("ERP项目", byNumber.Number, "", "方案报价", "￥120000.50", "人民币", "2030年6月30日", "", "admin")
            + Row("培训", "", "海岸贸易" + tag, "", "8000", "", "", "35%", "")
            + Row("坏行", "", "海岸贸易" + tag, "方案报价", "", "", "", "", "");
        var preview = await admin.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "deals.csv", ImportService.Opportunities);

        Assert.Equal(ImportService.Opportunities, preview.Run.Entity);
        Assert.Equal(["name", "customerNumber", "customer", "stage", "amount", "currency", "expectedCloseDate", "probability", "owner"], preview.Run.Mapping.Columns);
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 2, 1), (run.Status, run.Created, run.Failed));
        var erp = Assert.Single(await DealsOfAsync(admin, byNumber.Id));
        Assert.Equal(("ERP项目", "Proposal", 120_000.50m, "CNY", (DateOnly?)new DateOnly(2030, 6, 30), 50), (erp.Name, erp.StageName, erp.Amount, erp.Currency, erp.ExpectedCloseDate, erp.Probability));
        Assert.Equal(await admin.MeAsync(), erp.OwnerId);
        var training = Assert.Single(await DealsOfAsync(admin, byName.Id));
        Assert.Equal(("培训", "Qualification", 8000m, 35), (training.Name, training.StageName, training.Amount, training.Probability));
        Assert.Single(await (await admin.GetAsync($"{DealsUrl}/{training.Id}/history", Ct)).ReadAsync<List<StageChangeDto>>());
        var response = await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"4,坏行,,海岸贸易{tag},方案报价,", lines[1], StringComparison.Ordinal);
        Assert.Contains("amount: Required before the deal can enter “Proposal”.", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_by_customer_and_name_moves_the_deal_and_undo_restores_it_but_leaves_a_deal_changed_since()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Deal Co " + tag, tag: tag));
        var before = await admin.PostCreatedAsync<OpportunityDto>(DealsUrl, new OpportunityInput { Name = "Pilot", CustomerId = customer.Id, Amount = 1000m });
        var csv = "Deal Name,Customer,Stage,Amount,Close Date,Next Step\n"
            + Row("Pilot", customer.Name, "Proposal", "5000", "2030-01-31", "Send the offer")
            + Row("Rollout", customer.Name, "", "20000", "", "");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "deals.csv", ImportService.Opportunities);
        Assert.Equal(["name", "customer", "stage", "amount", "expectedCloseDate", "nextStep"], preview.Run.Mapping.Columns);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 1, 0), (run.Created, run.Updated, run.Failed));
        var deals = await DealsOfAsync(admin, customer.Id);
        Assert.Equal(["Pilot", "Rollout"], deals.Select(d => d.Name));
        var pilot = deals[0];
        Assert.Equal((before.Id, "Proposal", 50, 5000m, "Send the offer"), (pilot.Id, pilot.StageName, pilot.Probability, pilot.Amount, pilot.NextStep));
        Assert.Equal(2, (await (await admin.GetAsync($"{DealsUrl}/{pilot.Id}/history", Ct)).ReadAsync<List<StageChangeDto>>()).Count);
        // Someone works on the imported deal: the undo must leave it.
        await (await admin.PutJsonAsync($"{DealsUrl}/{deals[1].Id}", new OpportunityInput { Name = "Rollout", CustomerId = customer.Id, Amount = 25000m }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((0, 1), (undo.Removed, undo.Restored));
        Assert.Equal([(deals[1].Id, "Import.ChangedSince")], undo.Refused.Select(r => (r.RecordId, r.Code)));
        var after = await DealsOfAsync(admin, customer.Id);
        Assert.Equal(["Pilot", "Rollout"], after.Select(d => d.Name));
        Assert.Equal((before.StageId, before.Probability, before.Amount, before.NextStep, before.ExpectedCloseDate),
            (after[0].StageId, after[0].Probability, after[0].Amount, after[0].NextStep, after[0].ExpectedCloseDate));
        Assert.Equal(25000m, after[1].Amount);
    }

    [Fact]
    public async Task A_deal_the_file_creates_and_a_later_row_moves_has_one_history_entry_into_the_stage_it_ends_in()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Twice Co " + tag, tag: tag));
        // "Proposal" asks for an amount and a close date.
        var csv = "Deal Name,Customer,Stage,Amount,Close Date\n"
            + Row("Expansion", customer.Name, "", "900", "")
            + Row("Expansion", customer.Name, "Proposal", "900", "2030-03-31");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "deals.csv", ImportService.Opportunities);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 0), (run.Created, run.Failed));
        var deal = Assert.Single(await DealsOfAsync(admin, customer.Id));
        Assert.Equal("Proposal", deal.StageName);
        var history = await (await admin.GetAsync($"{DealsUrl}/{deal.Id}/history", Ct)).ReadAsync<List<StageChangeDto>>();
        Assert.Equal([(null, "Proposal")], history.Select(h => (h.FromStage, h.ToStage)));
    }

    [Fact]
    public async Task A_scoped_importer_cannot_put_a_deal_on_another_owners_customer()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Deal importers " + tag, null, false,
            [Permissions.ImportsRun, Permissions.CustomersRead, Permissions.CustomersCreate, Permissions.OpportunitiesRead, Permissions.OpportunitiesCreate],
            new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own, [ScopedEntities.Opportunities] = RecordScope.Own }));
        var importer = app.ClientWithToken(await app.CreateUserWithTokenAsync("deals-" + tag, role.Name));
        var theirs = await admin.CreateAsync(CustomerSamples.Valid(name: "Admin Co " + tag, tag: tag));
        var own = await importer.CreateAsync(CustomerSamples.Valid(name: "Own Co " + tag, tag: tag));
        var csv = "Deal,Customer,Amount\n" + Row("Not mine", theirs.Name, "100") + Row("Mine", own.Name, "200");
        var run = await importer.RunToEndAsync((await importer.UploadAsync(Encoding.UTF8.GetBytes(csv), "deals.csv", ImportService.Opportunities)).Run.Id);

        Assert.Equal((1, 1), (run.Created, run.Failed));
        Assert.Empty(await DealsOfAsync(admin, theirs.Id));
        Assert.Equal("Mine", Assert.Single(await DealsOfAsync(admin, own.Id)).Name);
        var errors = await (await importer.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("customer: No customer you can see has this number or name.", errors, StringComparison.Ordinal);
    }
}

public sealed class OpportunityImportsOnSqlite(SqliteApp app) : OpportunityImportTests(app), IClassFixture<SqliteApp>;

public sealed class OpportunityImportsOnPostgres(PostgresApp app) : OpportunityImportTests(app), IClassFixture<PostgresApp>;
