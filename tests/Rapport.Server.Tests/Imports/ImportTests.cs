using Rapport.Core.Audit;
using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Imports through the API on both databases: a GBK file from Chinese Excel, rejected rows as a file,
/// each mode for matches, one audit entry per batch, and undo that stops at records changed since.</summary>
public abstract class ImportTests(RapportApp app)
{
    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_imports_customers_stored_as_the_API_stores_them()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var mobile = CustomerSamples.ChinaMobile();
        var csv = "客户名称,手机,邮箱,地址,标签,负责人,客户等级\r\n"
            + Row("北京星辰科技有限公司", mobile, "INFO." + tag.ToUpperInvariant() + "@XINGCHEN.CN", "北京市朝阳区建国路88号", tag, "admin", "高");
        var preview = await admin.UploadAsync(Rapport.Core.Imports.ImportFile.Gb18030.GetBytes(csv));

        Assert.Equal(("gb18030", ","), (preview.Run.Encoding, preview.Run.Delimiter));
        Assert.Equal(["name", "phone", "email", "street", "tags", "owner", "tier"], preview.Run.Mapping.Columns);
        Assert.Equal("+86" + mobile, preview.Rows.Single().Values["phone"]);
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 1, 0), (run.Status, run.Created, run.Failed));
        var imported = Assert.Single(await admin.CustomersTaggedAsync(tag));
        var viaApi = await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
        {
            Name = "北京星辰科技有限公司", Phones = [mobile], Emails = ["info." + tag + "@xingchen.cn"], Tags = [tag], Tier = ValueTier.High,
            Addresses = [new AddressDto("China", "北京市", null, "北京市朝阳区建国路88号")],
        });
        Assert.Equivalent(viaApi with { Id = default, Number = "", CreatedAt = default, UpdatedAt = default },
            imported with { Id = default, Number = "", CreatedAt = default, UpdatedAt = default });
        Assert.Matches(@"^C-\d{4}-\d{5}$", imported.Number);
    }

    [Fact]
    public async Task Each_batch_is_one_audit_entry_naming_the_run_instead_of_an_entry_per_customer()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var csv = "Name,Email,Country,City,Tags\n" + string.Concat(Enumerable.Range(1, 5).Select(i => Row($"Audit {i}", $"a{i}.{tag}@example.com", "China", "Shanghai", tag)));
        var run = await admin.RunToEndAsync((await admin.UploadCsvAsync(csv)).Run.Id);

        var entries = (await admin.GetPageAsync<AuditEntryDto>($"/api/v1/audit?entityType=import&entityId={run.Id}")).Items;
        var batch = Assert.Single(entries);
        Assert.Equal(AuditActions.ImportBatch, batch.Action);
        Assert.Equal("admin", batch.UserName);
        Assert.Equal(5, batch.Changes!.Value.GetProperty("created").GetInt32());
        var someone = (await admin.CustomersTaggedAsync(tag))[0];
        Assert.Empty((await admin.GetPageAsync<AuditEntryDto>($"/api/v1/audit?entityType=customer&entityId={someone.Id}")).Items);
    }

    [Fact]
    public async Task Rejected_rows_are_counted_and_downloadable_with_their_original_cells_and_the_reason_in_the_callers_language()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var csv = "Name,Email,Country,City,Tags\n" + Row("Good Co", $"good.{tag}@example.com", "China", "Shanghai", tag)
            + Row("Bad Mail Co", "not-an-email", "China", "Shanghai", tag) + Row("", $"noname.{tag}@example.com", "China", "Shanghai", tag);
        var run = await admin.RunToEndAsync((await admin.UploadCsvAsync(csv)).Run.Id);

        Assert.Equal((ImportStatus.Completed, 1, 2), (run.Status, run.Created, run.Failed));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ImportApi.Url}/{run.Id}/errors");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await admin.SendAsync(request, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,Name,Email,Country,City,Tags,reason", lines[0]);
        Assert.StartsWith($"3,Bad Mail Co,not-an-email,China,Shanghai,{tag},", lines[1], StringComparison.Ordinal);
        Assert.Contains("emails[0]", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("4,,", lines[2], StringComparison.Ordinal);
        Assert.Matches(@"name: \p{IsCJKUnifiedIdeographs}", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    public static TheoryData<ImportMatchMode, int, int, int, string> Modes => new()
    {
        // mode, created, updated, skipped, the existing customer's name afterwards
        { ImportMatchMode.Skip, 1, 0, 2, "Existing Co" },
        { ImportMatchMode.Update, 1, 2, 0, "Existing Co Renamed" },
        { ImportMatchMode.Create, 3, 0, 0, "Existing Co" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Rows_matching_an_existing_customer_or_an_earlier_row_are_skipped_updated_or_created_as_the_mode_says(
        ImportMatchMode mode, int created, int updated, int skipped, string existingName)
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var existing = await admin.CreateAsync(CustomerSamples.Valid(name: "Existing Co", email: $"known.{tag}@example.com", tag: tag));
        var phone = CustomerSamples.ChinaMobile();
        var csv = "Name,Email,Phone,Country,City,Tags\n"
            + Row("Existing Co Renamed", $"known.{tag}@example.com", "", "China", "Shanghai", tag)
            + Row("Twin A", "", phone, "China", "Shanghai", tag)
            + Row("Twin B", "", phone, "China", "Shanghai", tag);
        var preview = await admin.UploadCsvAsync(csv);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = mode });

        var dry = await (await admin.PostAsync($"{ImportApi.Url}/{preview.Run.Id}/dry-run", null, Ct)).ReadAsync<ImportDryRun>();
        Assert.Equal((created, updated, skipped), (dry.Create, dry.Update, dry.Skip));
        Assert.Single(await admin.CustomersTaggedAsync(tag));
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((created, updated, skipped, 0), (run.Created, run.Updated, run.Skipped, run.Failed));
        var after = await admin.CustomersTaggedAsync(tag);
        Assert.Equal(1 + created, after.Count);
        Assert.Equal(existingName, (await admin.GetCustomerAsync(existing.Id)).Name);
        if (mode == ImportMatchMode.Update) Assert.Contains(after, c => c.Name == "Twin B" && c.Phones.SequenceEqual(["+86" + phone]));
    }

    [Fact]
    public async Task A_phone_written_another_way_matches_the_customer_holding_it_even_on_a_row_that_alone_would_be_invalid()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var (held, twin) = (CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile());
        var existing = await admin.CreateAsync(CustomerSamples.Valid(name: "Phone Holder", phone: held, tag: tag));
        static string Spaced(string m) => $"+86 {m[..3]} {m[3..7]} {m[7..]}";
        // The first row has no address (invalid as a new customer) but its phone finds the holder, which has one.
        var csv = "Name,Phone,Country,City,Tags\n" + Row("Phone Holder Renamed", Spaced(held), "", "", tag)
            + Row("Twin", $"{twin[..3]}-{twin[3..7]}-{twin[7..]}", "China", "Shanghai", tag) + Row("Twin Again", "+86" + twin, "China", "Shanghai", tag);
        var preview = await admin.UploadCsvAsync(csv);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });

        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 2, 0, 0), (run.Created, run.Updated, run.Skipped, run.Failed));
        var after = await admin.CustomersTaggedAsync(tag);
        Assert.Equal(["Phone Holder Renamed", "Twin Again"], after.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["+86" + held], (await admin.GetCustomerAsync(existing.Id)).Phones);
        Assert.Equal(["+86" + twin], after.Single(c => c.Name == "Twin Again").Phones);
    }

    [Fact]
    public async Task Undo_removes_created_customers_restores_updated_ones_and_leaves_those_changed_since()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var existing = await admin.CreateAsync(CustomerSamples.Valid(name: "Before Import Co", email: $"known.{tag}@example.com", tag: tag));
        var csv = "Name,Email,Country,City,Tags\n" + Row("After Import Co", $"known.{tag}@example.com", "China", "Shanghai", "imported")
            + Row("New One", $"one.{tag}@example.com", "China", "Shanghai", tag) + Row("New Two", $"two.{tag}@example.com", "China", "Shanghai", tag);
        var preview = await admin.UploadCsvAsync(csv);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);
        Assert.Equal((2, 1), (run.Created, run.Updated));
        var two = (await admin.CustomersTaggedAsync(tag)).Single(c => c.Name == "New Two");
        var edit = CustomerSamples.Valid(name: "New Two, edited by a colleague", email: two.Emails[0], tag: tag);
        await (await admin.PutJsonAsync($"{CustomersUrl}/{two.Id}", edit)).ShouldBeAsync(HttpStatusCode.OK);

        var response = await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var undo = await response.ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 1), (undo.Removed, undo.Restored));
        var refused = Assert.Single(undo.Refused);
        Assert.Equal((4, two.Id, "Import.ChangedSince"), (refused.Row, refused.RecordId, refused.Code));
        var left = await admin.CustomersTaggedAsync(tag);
        Assert.Equal(["Before Import Co", "New Two, edited by a colleague"], left.Select(c => c.Name));
        var restored = await admin.GetCustomerAsync(existing.Id);
        Assert.Equal([tag], restored.Tags);
        Assert.Equal(existing.Addresses, restored.Addresses);
        Assert.Equal(ImportStatus.Undone, (await (await admin.GetAsync($"{ImportApi.Url}/{run.Id}", Ct)).ReadAsync<ImportRunDto>()).Status);
    }

    [Fact]
    public async Task An_imported_customer_is_found_by_search_on_name_phone_fragment_and_email_like_one_created_through_the_API()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var (mobile, apiMobile) = (CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile());
        var run = await admin.RunToEndAsync((await admin.UploadCsvAsync(
            "客户名称,手机,邮箱,地址,标签\r\n" + Row($"导入星辰{tag}", mobile, $"Import.{tag}@Example.cn", "上海市浦东新区世纪大道1号", tag))).Run.Id);
        Assert.Equal((1, 0, null), (run.Created, run.Failed, run.Error));
        var imported = Assert.Single(await admin.CustomersTaggedAsync(tag));
        var viaApi = await admin.CreateAsync(new CustomerInput
        {
            Name = $"接口星辰{tag}", Phones = [apiMobile], Emails = [$"Api.{tag}@Example.cn"], Tags = [tag],
            Addresses = [new AddressDto("China", "上海市", null, "上海市浦东新区世纪大道1号")],
        });

        foreach (var (id, name, phone, email) in new[] { (imported.Id, "导入星辰", mobile, "import"), (viaApi.Id, "接口星辰", apiMobile, "api") })
        {
            Assert.Contains(id, (await admin.SearchAsync(name + tag[..6])).Select(h => h.Id));
            Assert.Contains(id, (await admin.SearchAsync(phone[3..])).Select(h => h.Id));
            Assert.Contains(id, (await admin.SearchAsync($"{email}.{tag}@example.cn")).Select(h => h.Id));
            Assert.Equal([id], (await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?q={name}{tag}&tag={tag}")).Items.Select(c => c.Id));
        }
    }

    [Fact]
    public async Task An_xlsx_file_is_imported_from_its_first_sheet()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[]
        {
            new Dictionary<string, object?> { ["公司名称"] = "深圳海岸贸易", ["电子邮件"] = $"x.{tag}@example.cn", ["城市"] = "深圳市", ["国家"] = "中国", ["标签"] = tag },
        });
        var preview = await admin.UploadAsync(xlsx.ToArray(), "customers.xlsx");

        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal(("xlsx", 1), (run.Format, run.Created));
        Assert.Equal("深圳海岸贸易", Assert.Single(await admin.CustomersTaggedAsync(tag)).Name);
    }
}

public sealed class ImportsOnSqlite(SqliteApp app) : ImportTests(app), IClassFixture<SqliteApp>;

public sealed class ImportsOnPostgres(PostgresApp app) : ImportTests(app), IClassFixture<PostgresApp>;
