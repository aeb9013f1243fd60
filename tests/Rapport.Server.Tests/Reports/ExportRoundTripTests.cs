using Rapport.Core.Imports;
using Rapport.Server.Reports;
using Rapport.Server.Tests.Imports;

namespace Rapport.Server.Tests.Reports;

/// <summary>Exports import back into Rapport (issue 16): their columns are the importer's own, so the file maps itself.
/// Customers imported over the same customers (update by number) change nothing, and imported as new customers hold the
/// same values; leads, deals (naming the customer by number, the pipeline and stage by name), cases and the product catalogue
/// with every list's prices import back changing nothing, and a value edited in the file lands on its record; a
/// customer's timeline imported for another customer gives it the same interactions.</summary>
public abstract class ExportRoundTripTests(RapportApp app)
{
    [Fact]
    public async Task An_exported_customer_file_maps_itself_changes_nothing_when_imported_back_and_recreates_the_same_values()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var originals = new List<CustomerDto>
        {
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = "上海明远贸易有限公司 " + tag, Phones = [CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile()],
                Emails = [$"sales.{tag}@mingyuan.cn"], Tags = [tag, "重点客户"], Tier = ValueTier.High, Stage = LifecycleStage.Growing,
                Industry = "贸易", Source = "展会", Notes = "第一行\n第二行",
                Addresses = [new AddressDto("China", "上海市", "上海", "上海市浦东新区世纪大道100号", "200120")],
            }),
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = "Wang Fang " + tag, Kind = CustomerKind.Individual, Phones = [CustomerSamples.ChinaMobile()],
                Emails = [$"wang.{tag}@example.com", $"fang.{tag}@example.org"], Ims = ["wangfang_" + tag[..6]], Tags = [tag, "vip", "=SUM(A1)"],
                Tier = ValueTier.Low, Stage = LifecycleStage.Mature,
                Addresses = [new AddressDto("Singapore", "Singapore", null, "1 Raffles Place", "048616")],
            }),
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = "Bare Co " + tag, Emails = [$"hello.{tag}@bare.example"], Tags = [tag], Addresses = [new AddressDto("China", "深圳市", null, null)],
            }),
        };

        var file = await ExportAsync(admin, $"/api/v1/exports/customers?tag={tag}");
        // Lists keep the customer page's order (primary first, then as added), not merely the same members.
        var text = System.Text.Encoding.UTF8.GetString(file);
        Assert.Contains(string.Join("; ", originals[0].Phones), text, StringComparison.Ordinal);
        Assert.Contains($"wang.{tag}@example.com; fang.{tag}@example.org", text, StringComparison.Ordinal);
        var preview = await admin.UploadAsync(file);

        // The export's own headers map to the importer's fields by themselves; only the sensitive columns stay unmapped.
        Assert.Equal([.. CustomerImportFields.All, null, null, null], preview.Run.Mapping.Columns);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update, MatchBy = ["number"] });
        var dry = await (await admin.PostAsync($"{ImportApi.Url}/{preview.Run.Id}/dry-run", null, Ct)).ReadAsync<ImportDryRun>();
        Assert.Equal((3, 0, 0, 0, 3), (dry.Rows, dry.Create, dry.Update, dry.Fail, dry.Skip));
        Assert.Empty(dry.FirstErrors);

        // As new customers (the numbers left out, so each row creates one): the same values as the originals.
        var again = await admin.UploadAsync(file);
        var columns = again.Run.Mapping.Columns.Select(c => c == CustomerImportFields.Number ? null : c).ToList();
        await admin.MapAsync(again.Run.Id, again.Run.Mapping with { Columns = columns, Mode = ImportMatchMode.Skip, MatchBy = ["number"] });
        var run = await admin.RunToEndAsync(again.Run.Id);
        Assert.Equal((ImportStatus.Completed, 3, 0), (run.Status, run.Created, run.Failed));

        var all = await admin.CustomersTaggedAsync(tag);
        Assert.Equal(6, all.Count);
        foreach (var original in originals)
        {
            var copy = Assert.Single(all, c => c.Name == original.Name && c.Id != original.Id);
            Assert.Equivalent(Comparable(await admin.GetCustomerAsync(original.Id)), Comparable(copy));
            // The creation time comes back to the instant: the export writes it with its offset.
            Assert.Equal(original.CreatedAt, copy.CreatedAt);
        }
    }

    private static CustomerDto Comparable(CustomerDto c) =>
        c with { Id = default, Number = "", CreatedAt = default, UpdatedAt = default, Version = 0, CreatedById = null, UpdatedById = null };

    [Fact]
    public async Task An_exported_catalogue_with_every_lists_prices_imports_back_unchanged_and_an_edited_price_lands_in_its_list()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var router = await admin.PostCreatedAsync<ProductDto>("/api/v1/products", new ProductInput($"R-{tag}", "路由器 " + tag, "台", "网络"));
        var retired = await admin.PostCreatedAsync<ProductDto>("/api/v1/products", new ProductInput($"S-{tag}", "Old switch " + tag, null, null, false));
        var unpriced = await admin.PostCreatedAsync<ProductDto>("/api/v1/products", new ProductInput($"T-{tag}", "=Cable " + tag));
        Task<PriceListDto> ListAsync(string name, string currency, params PriceListItemInput[] items) =>
            admin.PostCreatedAsync<PriceListDto>("/api/v1/price-lists", new PriceListInput(name, currency, new DateOnly(2020, 1, 1), null, items));
        // Two lists of one name, told apart by their currency (the file carries it).
        var a = await ListAsync($"Standard {tag}", "XRA", new PriceListItemInput(router.Id, 100.5m), new PriceListItemInput(retired.Id, 7m));
        var b = await ListAsync($"Standard {tag}", "XRB", new PriceListItemInput(router.Id, 99m));

        var file = Encoding.UTF8.GetString(await ExportAsync(admin, "/api/v1/exports/products")).TrimStart('\uFEFF');
        // This test's products only (the class's database is shared with its other tests).
        var lines = file.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where((l, i) => i == 0 || l.Contains(tag, StringComparison.Ordinal)).ToList();
        // One row per price (the router in both lists, by currency), one for a product without any; formulas neutralised.
        Assert.Equal([$"R-{tag}", $"R-{tag}", $"S-{tag}", $"T-{tag}"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains($",'=Cable {tag},", lines[4], StringComparison.Ordinal);
        var preview = await UploadAsync(admin, lines, ImportService.Products);
        Assert.Equal(["sku", "name", "unit", "category", "active", "unitPrice", "currency", "priceList"], preview.Run.Mapping.Columns);
        var dry = await DryUpdateAsync(admin, preview);
        Assert.Equal((4, 0, 0), (dry.Rows, dry.Create, dry.Fail));
        Assert.Empty(dry.FirstErrors);

        // The router's prices in both lists edited in the file, then imported: those prices change, nothing else does.
        lines[1] = lines[1].Replace(",100.5", ",111", StringComparison.Ordinal);
        lines[2] = lines[2].Replace(",99", ",120", StringComparison.Ordinal);
        var run = await UpdateAsync(admin, lines, ImportService.Products);
        Assert.Equal((ImportStatus.Completed, 0, 0), (run.Status, run.Created, run.Failed));
        async Task<IEnumerable<(Guid, decimal)>> ItemsAsync(PriceListDto list) =>
            (await admin.GetFromJsonAsync<PriceListDto>($"/api/v1/price-lists/{list.Id}", Json.Options, Ct))!.Items
                .OrderBy(i => i.UnitPrice).Select(i => (i.ProductId, i.UnitPrice));
        Assert.Equal([(router.Id, 120m)], await ItemsAsync(b));
        Assert.Equal([(retired.Id, 7m), (router.Id, 111m)], await ItemsAsync(a));
        var products = await admin.GetFromJsonAsync<List<ProductDto>>($"/api/v1/products?q={tag}&includeInactive=true", Json.Options, Ct);
        Assert.Equal([(router.Name, "台", "网络", true), (retired.Name, null, null, false), (unpriced.Name, null, null, true)],
            products!.OrderBy(p => p.Sku, StringComparer.Ordinal).Select(p => (p.Name, p.Unit, p.Category, p.Active)));
        // The undo puts back both prices the file wrote (two rows of one product).
        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();
        Assert.Equal((0, 1), (undo.Removed, undo.Restored));
        Assert.Equal([(router.Id, 99m)], await ItemsAsync(b));
        Assert.Equal([(retired.Id, 7m), (router.Id, 100.5m)], await ItemsAsync(a));
    }

    [Fact]
    public async Task An_exported_lead_file_imports_back_changing_nothing_and_an_edited_title_lands_on_its_lead()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var full = await admin.PostCreatedAsync<LeadDto>("/api/v1/leads", new LeadInput
        {
            Name = "李雷 " + tag, Company = "星辰制造 " + tag, Title = "采购经理", Email = $"li.{tag}@xingchen.cn", Phone = CustomerSamples.ChinaMobile(),
            Source = "Event", Industry = "制造", Region = "华东", Country = "China", City = "上海", Notes = "第一行\n第二行",
        });
        var bare = await admin.PostCreatedAsync<LeadDto>("/api/v1/leads", new LeadInput { Name = "Bare lead " + tag, Email = $"bare.{tag}@example.com" });
        // A converted lead cannot change, but reading it back unchanged is no error.
        var won = await admin.PostCreatedAsync<LeadDto>("/api/v1/leads", new LeadInput { Name = "Won lead " + tag, Email = $"won.{tag}@example.com", City = "Beijing", Country = "China" });
        await (await admin.PostJsonAsync($"/api/v1/leads/{won.Id}/convert", new LeadConvertInput())).ShouldBeAsync(HttpStatusCode.OK);

        var lines = Lines(await ExportAsync(admin, $"/api/v1/exports/leads?q={tag}"));
        Assert.Equal(4, lines.Count);
        var preview = await UploadAsync(admin, lines, ImportService.Leads);
        // Every field the importer knows maps by itself; the score and creation time are the export's own.
        Assert.Equal(["name", "company", "title", "email", "phone", "source", "industry", "region", "country", "city", "status", null, "owner", "notes", null],
            preview.Run.Mapping.Columns);
        var dry = await DryUpdateAsync(admin, preview);
        Assert.Equal((3, 0, 0, 0), (dry.Rows, dry.Create, dry.Update, dry.Fail));

        var run = await UpdateAsync(admin, lines.Select(l => l.Replace("采购经理", "采购总监", StringComparison.Ordinal)), ImportService.Leads);
        Assert.Equal((ImportStatus.Completed, 0, 1, 0), (run.Status, run.Created, run.Updated, run.Failed));
        var after = await admin.GetFromJsonAsync<LeadDto>($"/api/v1/leads/{full.Id}", Json.Options, Ct);
        Assert.Equivalent(full with { Title = "采购总监", UpdatedAt = default, Version = 0, ScoreParts = [], Score = 0 },
            after! with { UpdatedAt = default, Version = 0, ScoreParts = [], Score = 0 });
        Assert.Equal(bare.Version, (await admin.GetFromJsonAsync<LeadDto>($"/api/v1/leads/{bare.Id}", Json.Options, Ct))!.Version);
    }

    [Fact]
    public async Task An_exported_deal_file_names_customer_pipeline_and_stage_imports_back_changing_nothing_and_an_edited_next_step_lands()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Deal Co " + tag, tag: tag));
        var (_, leaver) = await app.NewUserAsync(Roles.SalesRepresentative);
        var pilot = await admin.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities", new OpportunityInput
        {
            Name = "Pilot " + tag, CustomerId = customer.Id, OwnerId = leaver, Amount = 1234.5m, ExpectedCloseDate = new DateOnly(2030, 6, 30), NextStep = "Send the offer",
            Competitors = "Acme; 星辰",
        });
        var formula = await admin.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities", new OpportunityInput { Name = "=Rollout " + tag, CustomerId = customer.Id, Amount = 20000m });
        // The pilot's owner has left: the file still names them, and their deal keeps them.
        await (await admin.PostAsync($"/api/v1/users/{leaver}/suspend", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var lines = Lines(await ExportAsync(admin, $"/api/v1/exports/opportunities?customerId={customer.Id}"));
        Assert.Equal(3, lines.Count);
        // The customer by number and name, the stage by name; a name that would be a formula neutralised.
        Assert.Contains($"Pilot {tag},{customer.Number},{customer.Name},", lines[2], StringComparison.Ordinal);
        Assert.Contains($",{pilot.StageName},", lines[2], StringComparison.Ordinal);
        Assert.Contains(",1234.5,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"'=Rollout {tag},", lines[1], StringComparison.Ordinal);
        var preview = await UploadAsync(admin, lines, ImportService.Opportunities);
        Assert.Equal(["name", "customerNumber", "customer", "pipeline", "stage", "owner", "amount", "currency", "expectedCloseDate", "probability",
            "nextStep", "competitors", "closeReason", null], preview.Run.Mapping.Columns);
        var dry = await DryUpdateAsync(admin, preview);
        Assert.Equal((2, 0, 0, 0), (dry.Rows, dry.Create, dry.Update, dry.Fail));

        var run = await UpdateAsync(admin, lines.Select(l => l.Replace("Send the offer", "Call the buyer", StringComparison.Ordinal)), ImportService.Opportunities);
        Assert.Equal((ImportStatus.Completed, 0, 1, 0), (run.Status, run.Created, run.Updated, run.Failed));
        var after = await admin.GetFromJsonAsync<OpportunityDto>($"/api/v1/opportunities/{pilot.Id}", Json.Options, Ct);
        Assert.Equivalent(pilot with { NextStep = "Call the buyer", UpdatedAt = default, Version = 0 }, after! with { UpdatedAt = default, Version = 0 });
        Assert.Equal(formula.Version, (await admin.GetFromJsonAsync<OpportunityDto>($"/api/v1/opportunities/{formula.Id}", Json.Options, Ct))!.Version);
    }

    [Fact]
    public async Task An_exported_case_file_imports_back_changing_nothing_and_an_edited_description_lands_on_its_case()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "星辰科技" + tag, tag: tag));
        var contact = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "王芳" + tag, Emails = [$"wf{Unique()}@example.com"] });
        var category = await admin.PostCreatedAsync<CaseCategoryDto>("/api/v1/case-categories", new CaseCategoryInput("Printers " + tag));
        var source = "工单主题,客户,联系人,优先级,状态,类型,渠道,标签,问题描述,解决方案,分类\r\n"
            + $"打印机无法连接,{customer.Name},{contact.Name},紧急,处理中,故障,电话,硬件、打印机,三楼的打印机,,{category.Name}\r\n"
            + $"发票抬头修改,{customer.Name},,低,已解决,请求,邮件,,,已按新抬头重开,\r\n";
        var created = await admin.RunToEndAsync((await admin.UploadAsync(ImportFile.Gb18030.GetBytes(source), "cases.csv", ImportService.Cases)).Run.Id);
        Assert.Equal((2, 0), (created.Created, created.Failed));
        var page = await admin.GetPageAsync<CaseListItem>($"/api/v1/cases?customerId={customer.Id}&limit=200");
        async Task<CaseDto> CaseAsync(Guid id) => await (await admin.GetAsync($"/api/v1/cases/{id}", Ct)).ReadAsync<CaseDto>();
        var printer = await CaseAsync(page.Items.Single(c => c.Subject == "打印机无法连接").Id);
        var invoice = await CaseAsync(page.Items.Single(c => c.Subject == "发票抬头修改").Id);
        // The category is retired since: its cases keep it, and the file naming it still reads back.
        await (await admin.PutJsonAsync($"/api/v1/case-categories/{category.Id}", new CaseCategoryInput(category.Name, Active: false))).ShouldBeAsync(HttpStatusCode.OK);

        var lines = Lines(await ExportAsync(admin, $"/api/v1/exports/cases?customerId={customer.Id}"));
        Assert.Equal(3, lines.Count);
        Assert.StartsWith($"{printer.Number},打印机无法连接,三楼的打印机,{customer.Number},{customer.Name},{contact.Name},Incident,Phone,Urgent,Open,{category.Name},admin,打印机; 硬件,,",
            lines.Single(l => l.StartsWith(printer.Number + ",", StringComparison.Ordinal)), StringComparison.Ordinal);
        var preview = await UploadAsync(admin, lines, ImportService.Cases);
        Assert.Equal(["number", "subject", "description", "customerNumber", "customer", "contact", "type", "channel", "priority", "status", "category",
            "owner", "tags", "note", null], preview.Run.Mapping.Columns);
        var dry = await DryUpdateAsync(admin, preview);
        Assert.Equal((2, 0, 0, 0), (dry.Rows, dry.Create, dry.Update, dry.Fail));

        var run = await UpdateAsync(admin, lines.Select(l => l.Replace("三楼的打印机", "四楼的打印机", StringComparison.Ordinal)), ImportService.Cases);
        Assert.Equal((ImportStatus.Completed, 0, 1, 0), (run.Status, run.Created, run.Updated, run.Failed));
        // The SLA state is computed as of each read.
        Assert.Equivalent(printer with { Description = "四楼的打印机", Sla = null, Version = 0 }, (await CaseAsync(printer.Id)) with { Sla = null, Version = 0 });
        Assert.Equal(invoice.Version, (await CaseAsync(invoice.Id)).Version);
    }

    [Fact]
    public async Task A_customers_exported_timeline_imported_for_another_customer_gives_it_the_same_interactions()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var from = await admin.CreateAsync(CustomerSamples.Valid(name: "Timeline from " + tag, tag: tag));
        var to = await admin.CreateAsync(CustomerSamples.Valid(name: "Timeline to " + tag, tag: tag));
        var contact = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{from.Id}/contacts", new ContactInput { Name = "赵敏" + tag });
        await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{to.Id}/contacts", new ContactInput { Name = "赵敏" + tag });
        var logged = new[]
        {
            new InteractionInput { Kind = InteractionKind.Call, Direction = Direction.Outbound, ContactId = contact.Id, Subject = "报价跟进",
                Content = "客户要求\n下周回电", OccurredAt = new DateTime(2026, 3, 1, 6, 30, 0, DateTimeKind.Utc), Outcome = "约好演示" },
            new InteractionInput { Kind = InteractionKind.Meeting, Subject = "=Kick-off " + tag, OccurredAt = new DateTime(2026, 2, 1, 1, 0, 0, DateTimeKind.Utc) },
        };
        foreach (var i in logged) await admin.PostCreatedAsync<InteractionDto>($"{CustomersUrl}/{from.Id}/interactions", i);

        var lines = Lines(await ExportAsync(admin, $"/api/v1/exports/interactions?customerId={from.Id}"));
        Assert.Equal(3, lines.Count);
        var preview = await UploadAsync(admin, lines.Select(l => l.Replace(from.Number, to.Number, StringComparison.Ordinal).Replace(from.Name, to.Name, StringComparison.Ordinal)),
            ImportService.Interactions);
        Assert.Equal(["customerNumber", "customer", "contact", "kind", "direction", "subject", "content", "occurredAt", "outcome"], preview.Run.Mapping.Columns);
        var run = await admin.RunToEndAsync(preview.Run.Id);
        Assert.Equal((ImportStatus.Completed, 2, 0), (run.Status, run.Created, run.Failed));

        static object Comparable(InteractionDto i) => new { i.Kind, i.Direction, i.Subject, i.Content, i.OccurredAt, i.Outcome, HasContact = i.ContactId is not null };
        async Task<List<object>> TimelineAsync(Guid customer) =>
            [.. (await admin.GetPageAsync<InteractionDto>($"{CustomersUrl}/{customer}/interactions?limit=200")).Items.OrderBy(i => i.OccurredAt).Select(Comparable)];
        Assert.Equivalent(await TimelineAsync(from.Id), await TimelineAsync(to.Id), strict: true);
    }

    /// <summary>The lines uploaded as a file for <paramref name="target"/>: the preview, with the mapping it detected.</summary>
    private static Task<ImportPreview> UploadAsync(HttpClient admin, IEnumerable<string> lines, string target) =>
        admin.UploadAsync(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), target + ".csv", target);

    /// <summary>The upload mapped as detected, in update mode, and dry-run.</summary>
    private static async Task<ImportDryRun> DryUpdateAsync(HttpClient admin, ImportPreview preview)
    {
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        return await (await admin.PostAsync($"{ImportApi.Url}/{preview.Run.Id}/dry-run", null, Ct)).ReadAsync<ImportDryRun>();
    }

    /// <summary>The lines imported for <paramref name="target"/> in update mode, mapped as detected, to the end.</summary>
    private static async Task<ImportRunDto> UpdateAsync(HttpClient admin, IEnumerable<string> lines, string target)
    {
        var preview = await UploadAsync(admin, lines, target);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        return await admin.RunToEndAsync(preview.Run.Id);
    }

    /// <summary>A downloaded CSV file's lines (header first), without the byte-order mark.</summary>
    private static List<string> Lines(byte[] file) =>
        [.. Encoding.UTF8.GetString(file).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The first address is read from each exported row itself (on SQLite as the stored JSON, on PostgreSQL as
    /// its values), also when a text term and a tag narrow the export.</summary>
    [Fact]
    public async Task A_customer_export_narrowed_by_text_and_tag_writes_each_customers_own_first_address()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        async Task CreateAsync(string name, string[] tags, params AddressDto[] addresses) =>
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = $"{name} {tag}", Emails = [$"{name.ToLowerInvariant()}.{tag}@example.com"], Tags = [.. tags], Addresses = [.. addresses],
            });
        await CreateAsync("Alpha", [tag], new AddressDto("中国", "上海", "上海", "世纪大道 1 号", "200120"), new AddressDto("US", "Boston"));
        await CreateAsync("Beta", [tag], new AddressDto("US", "Denver"));
        await CreateAsync("Gamma", [], new AddressDto("US", "Austin"));

        var lines = System.Text.Encoding.UTF8.GetString(await ExportAsync(admin, $"/api/v1/exports/customers?q={tag}&tag={tag}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        var alpha = Assert.Single(lines, l => l.Contains("Alpha", StringComparison.Ordinal));
        foreach (var value in (string[])["中国", "上海", "世纪大道 1 号", "200120"]) Assert.Contains(value, alpha, StringComparison.Ordinal);
        Assert.DoesNotContain("Boston", alpha, StringComparison.Ordinal);
        Assert.Contains("Denver", Assert.Single(lines, l => l.Contains("Beta", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Gamma", StringComparison.Ordinal));
    }

    /// <summary>A background export started at <paramref name="url"/>, as the file its owner downloads.</summary>
    private async Task<byte[]> ExportAsync(HttpClient client, string url)
    {
        var started = await client.PostAsync(url, null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        await app.Services.GetRequiredService<ExportRuns>().WhenDoneAsync(run.Id);
        var download = await client.GetAsync($"/api/v1/exports/{run.Id}/file", Ct);
        await download.ShouldBeAsync(HttpStatusCode.OK);
        return await download.Content.ReadAsByteArrayAsync(Ct);
    }
}

public sealed class ExportRoundTripOnSqlite(SqliteApp app) : ExportRoundTripTests(app), IClassFixture<SqliteApp>;

public sealed class ExportRoundTripOnPostgres(PostgresApp app) : ExportRoundTripTests(app), IClassFixture<PostgresApp>;
