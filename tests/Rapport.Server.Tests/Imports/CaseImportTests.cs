using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Cases as an import target on both databases: Chinese headers in a GBK file with priorities, statuses, types
/// and channels named in Chinese and a row with an unknown priority (in the errors file), update by case number through
/// the case's own transitions and undo putting it back, and a scoped importer who can neither file a case on another's
/// customer nor take over another's case by its number.</summary>
public abstract class CaseImportTests(RapportApp app)
{
    private const string CasesUrl = "/api/v1/cases";

    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<CaseDto>> CasesOfAsync(HttpClient client, Guid customerId)
    {
        var page = await client.GetPageAsync<CaseListItem>($"{CasesUrl}?customerId={customerId}&limit=200");
        var result = new List<CaseDto>();
        foreach (var item in page.Items) result.Add(await (await client.GetAsync($"{CasesUrl}/{item.Id}", Ct)).ReadAsync<CaseDto>());
        return [.. result.OrderBy(c => c.Subject, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_imports_cases_and_a_row_with_an_unknown_priority_is_in_the_errors_file()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "星辰科技" + tag, tag: tag));
        var contact = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "王芳" + tag, Emails = [$"wf{Unique()}@example.com"] });
        var csv = "工单主题,客户,联系人,优先级,状态,类型,渠道,标签,问题描述\r\n"
            + Row("打印机无法连接", customer.Name, contact.Name, "紧急", "处理中", "故障", "电话", "硬件、打印机", "三楼的打印机")
            + Row("发票抬头修改", customer.Name, "", "低", "已解决", "请求", "邮件", "", "")
            + Row("坏行", customer.Name, "", "特急", "", "", "", "", "");
        var preview = await admin.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "cases.csv", ImportService.Cases);

        Assert.Equal(ImportService.Cases, preview.Run.Entity);
        Assert.Equal(["subject", "customer", "contact", "priority", "status", "type", "channel", "tags", "description"], preview.Run.Mapping.Columns);
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 2, 1), (run.Status, run.Created, run.Failed));
        var cases = await CasesOfAsync(admin, customer.Id);
        Assert.Equal(["发票抬头修改", "打印机无法连接"], cases.Select(c => c.Subject));
        var printer = cases[1];
        Assert.Equal((CasePriority.Urgent, CaseStatus.Open, CaseType.Incident, CaseChannel.Phone, (Guid?)contact.Id, "三楼的打印机"),
            (printer.Priority, printer.Status, printer.Type, printer.Channel, printer.ContactId, printer.Description));
        Assert.Equal(["打印机", "硬件"], printer.Tags);
        Assert.Equal(await admin.MeAsync(), printer.OwnerId);
        var invoice = cases[0];
        Assert.Equal((CasePriority.Low, CaseStatus.Resolved, CaseType.Request, CaseChannel.Email), (invoice.Priority, invoice.Status, invoice.Type, invoice.Channel));
        Assert.NotNull(invoice.ResolvedAt);
        // Numbered as the desk numbers cases, each its own.
        Assert.All(cases, c => Assert.False(string.IsNullOrEmpty(c.Number)));
        Assert.NotEqual(cases[0].Number, cases[1].Number);
        var response = await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"4,坏行,星辰科技{tag},,特急,", lines[1], StringComparison.Ordinal);
        Assert.Contains("priority: Not one of the allowed values.", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_by_case_number_moves_the_case_through_its_transitions_and_undo_puts_it_back_and_removes_the_new_one()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Desk Co " + tag, tag: tag));
        var before = await admin.PostCreatedAsync<CaseDto>(CasesUrl, new CaseInput(customer.Id, "Login fails", Tags: ["web"]));
        var old = "OLD-" + tag;
        var csv = "Case Number,Subject,Customer,Priority,Status,Resolution\n"
            + Row(before.Number, "Login fails on Safari", "", "High", "Resolved", "Cleared the cache")
            + Row(old, "Imported from the old desk", customer.Name, "", "Closed", "");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "cases.csv", ImportService.Cases);
        Assert.Equal(["number", "subject", "customer", "priority", "status", "note"], preview.Run.Mapping.Columns);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 1, 0), (run.Created, run.Updated, run.Failed));
        var cases = await CasesOfAsync(admin, customer.Id);
        Assert.Equal(2, cases.Count);
        var updated = Assert.Single(cases, c => c.Id == before.Id);
        Assert.Equal(("Login fails on Safari", CasePriority.High, CaseStatus.Resolved, "Cleared the cache", customer.Id),
            (updated.Subject, updated.Priority, updated.Status, updated.ResolutionNote, updated.CustomerId));
        Assert.Equal(["web"], updated.Tags);
        var imported = Assert.Single(cases, c => c.Id != before.Id);
        Assert.Equal((old, CaseStatus.Closed), (imported.Number, imported.Status));

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 1), (undo.Removed, undo.Restored));
        Assert.Empty(undo.Refused);
        var back = Assert.Single(await CasesOfAsync(admin, customer.Id));
        Assert.Equal((before.Id, before.Subject, before.Priority, before.Status, (string?)null, (DateTime?)null),
            (back.Id, back.Subject, back.Priority, back.Status, back.ResolutionNote, back.ResolvedAt));
        Assert.Equal(["web"], back.Tags);
        await (await admin.GetAsync($"{CasesUrl}/{imported.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task In_create_mode_a_number_another_case_has_is_a_row_error_and_rows_without_one_are_numbered()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Twice Desk " + tag, tag: tag));
        var existing = await admin.PostCreatedAsync<CaseDto>(CasesUrl, new CaseInput(customer.Id, "Already here"));
        var csv = "Number,Subject,Customer,Status\n"
            + Row(existing.Number, "Same number", customer.Name, "")
            + Row("", "Born resolved", customer.Name, "Resolved")
            + Row(existing.Number + "-2", "A new one", customer.Name, "");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "cases.csv", ImportService.Cases);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Create });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((2, 1), (run.Created, run.Failed));
        var errors = await (await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("number: Another case has this number already.", errors, StringComparison.Ordinal);
        var cases = await CasesOfAsync(admin, customer.Id);
        Assert.Equal(["A new one", "Already here", "Born resolved"], cases.Select(c => c.Subject));
        Assert.Equal(existing.Number + "-2", cases[0].Number);
        Assert.Equal(CaseStatus.Resolved, cases[2].Status);
        Assert.DoesNotContain(cases[2].Number, new[] { existing.Number, existing.Number + "-2" });
    }

    [Fact]
    public async Task A_scoped_importer_cannot_file_a_case_on_another_owners_customer_nor_update_their_case_by_its_number()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Case importers " + tag, null, false,
            [Permissions.ImportsRun, Permissions.CustomersRead, Permissions.CustomersCreate, Permissions.CasesRead, Permissions.CasesCreate, Permissions.CasesUpdate],
            new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own, [ScopedEntities.Cases] = RecordScope.Own }));
        var importer = app.ClientWithToken(await app.CreateUserWithTokenAsync("cases-" + tag, role.Name));
        var theirs = await admin.CreateAsync(CustomerSamples.Valid(name: "Admin Desk " + tag, tag: tag));
        var theirCase = await admin.PostCreatedAsync<CaseDto>(CasesUrl, new CaseInput(theirs.Id, "Theirs " + tag));
        var own = await importer.CreateAsync(CustomerSamples.Valid(name: "Own Desk " + tag, tag: tag));
        var csv = "Number,Subject,Customer\n" + Row("", "Not mine", theirs.Name) + Row("", "Mine", own.Name) + Row(theirCase.Number, "Taken over", own.Name);
        var preview = await importer.UploadAsync(Encoding.UTF8.GetBytes(csv), "cases.csv", ImportService.Cases);
        await importer.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await importer.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 0, 2), (run.Created, run.Updated, run.Failed));
        Assert.Equal(["Theirs " + tag], (await CasesOfAsync(admin, theirs.Id)).Select(c => c.Subject));
        Assert.Equal(["Mine"], (await CasesOfAsync(admin, own.Id)).Select(c => c.Subject));
        var errors = await (await importer.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("customer: No customer you can see has this number or name.", errors, StringComparison.Ordinal);
        Assert.Contains("number: Another case has this number already.", errors, StringComparison.Ordinal);
    }
}

public sealed class CaseImportsOnSqlite(SqliteApp app) : CaseImportTests(app), IClassFixture<SqliteApp>;

public sealed class CaseImportsOnPostgres(PostgresApp app) : CaseImportTests(app), IClassFixture<PostgresApp>;
