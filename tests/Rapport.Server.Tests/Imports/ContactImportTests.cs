using Rapport.Core.Audit;
using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Contacts as an import target on both databases: Chinese headers in a GBK file, the customer named by
/// number or name (a row whose customer is not found is rejected with the reason), update by email, undo, and a
/// scoped importer who reaches only their own customers' contacts.</summary>
public abstract class ContactImportTests(RapportApp app)
{
    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<ContactDto>> ContactsAsync(HttpClient client, Guid customerId) =>
        [.. (await client.GetPageAsync<ContactDto>($"{CustomersUrl}/{customerId}/contacts?limit=200")).Items.OrderBy(c => c.Name, StringComparer.Ordinal)];

    private static Task<ContactDto> AddContactAsync(HttpClient client, Guid customerId, string name, string email) =>
        client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customerId}/contacts", new ContactInput { Name = name, Title = "Buyer", Emails = [email] });

    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_imports_contacts_to_the_customers_named_by_number_or_name()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var byNumber = await admin.CreateAsync(CustomerSamples.Valid(name: "星辰科技" + tag, tag: tag));
        var byName = await admin.CreateAsync(CustomerSamples.Valid(name: "海岸贸易" + tag, tag: tag));
        var (m1, m2) = (CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile());
        var csv = "姓名,职位,邮箱,手机,客户编号,公司/客户名称\r\n"
            + Row("张伟", "销售经理", $"ZHANG.{tag}@EXAMPLE.CN", m1, byNumber.Number, "")
            + Row("李娜", "采购", $"li.{tag}@example.cn", m2, "", "海岸贸易" + tag);
        var preview = await admin.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "contacts.csv", ImportService.Contacts);

        Assert.Equal(("gb18030", ImportService.Contacts), (preview.Run.Encoding, preview.Run.Entity));
        Assert.Equal(["name", "title", "email", "phone", "customerNumber", "customer"], preview.Run.Mapping.Columns);
        Assert.Equal("+86" + m1, preview.Rows[0].Values["phone"]);
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 2, 0), (run.Status, run.Created, run.Failed));
        var zhang = Assert.Single(await ContactsAsync(admin, byNumber.Id));
        Assert.Equal(("张伟", "销售经理", "+86" + m1, $"zhang.{tag}@example.cn"), (zhang.Name, zhang.Title, string.Join(",", zhang.Phones), string.Join(",", zhang.Emails)));
        Assert.Equal("李娜", Assert.Single(await ContactsAsync(admin, byName.Id)).Name);
    }

    [Fact]
    public async Task A_row_whose_customer_is_not_found_is_rejected_and_listed_in_the_errors_file_and_the_batch_is_one_audit_entry()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Known Co " + tag, tag: tag));
        var csv = "Name,Email,Company\n" + Row("Ann", $"ann.{tag}@example.com", "Known Co " + tag) + Row("Bob", $"bob.{tag}@example.com", "Nowhere Ltd " + tag);
        var run = await admin.RunToEndAsync((await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "contacts.csv", ImportService.Contacts)).Run.Id);

        Assert.Equal((1, 1), (run.Created, run.Failed));
        var ann = Assert.Single(await ContactsAsync(admin, customer.Id));
        Assert.Equal("Ann", ann.Name);
        var batch = Assert.Single((await admin.GetPageAsync<AuditEntryDto>($"/api/v1/audit?entityType=import&entityId={run.Id}")).Items);
        Assert.Equal(("contacts", 1, 1), (batch.Changes!.Value.GetProperty("entity").GetString(), batch.Changes.Value.GetProperty("created").GetInt32(),
            batch.Changes.Value.GetProperty("failed").GetInt32()));
        Assert.Empty((await admin.GetPageAsync<AuditEntryDto>($"/api/v1/audit?entityType=contact&entityId={ann.Id}")).Items);
        var response = await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,Name,Email,Company,reason", lines[0]);
        Assert.Equal($"3,Bob,bob.{tag}@example.com,Nowhere Ltd {tag},customer: No customer you can see has this number or name.", lines[1]);
    }

    [Fact]
    public async Task Update_by_email_changes_only_the_matching_contact_and_undo_restores_it_and_removes_the_created_one()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Update Co " + tag, tag: tag));
        var ann = await AddContactAsync(admin, customer.Id, "Ann", $"ann.{tag}@example.com");
        var bob = await AddContactAsync(admin, customer.Id, "Bob", $"bob.{tag}@example.com");
        var phone = CustomerSamples.ChinaMobile();
        var csv = "Name,Title,Email,Phone,Customer\n" + Row("", "CTO", $"ANN.{tag}@Example.com", phone, "Update Co " + tag)
            + Row("Cat", "Engineer", $"cat.{tag}@example.com", "", "Update Co " + tag);
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "contacts.csv", ImportService.Contacts);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 1, 0), (run.Created, run.Updated, run.Failed));
        var after = await ContactsAsync(admin, customer.Id);
        Assert.Equal(["Ann", "Bob", "Cat"], after.Select(c => c.Name));
        var updated = after[0];
        Assert.Equal(("CTO", $"ann.{tag}@example.com", "+86" + phone), (updated.Title, string.Join(",", updated.Emails), string.Join(",", updated.Phones)));
        Assert.Equal((bob.Title, bob.Version), (after[1].Title, after[1].Version));

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 1, 0), (undo.Removed, undo.Restored, undo.Refused.Count));
        var restored = await ContactsAsync(admin, customer.Id);
        Assert.Equal(["Ann", "Bob"], restored.Select(c => c.Name));
        Assert.Equal(ann.Title, restored[0].Title);
        Assert.Equal(ann.Emails, restored[0].Emails);
        Assert.Empty(restored[0].Phones);
    }

    [Fact]
    public async Task A_scoped_importer_updates_only_contacts_of_their_own_customers()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Importers " + tag, null, false,
            [Permissions.ImportsRun, Permissions.CustomersRead, Permissions.CustomersCreate, Permissions.CustomersUpdate],
            new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own }));
        var importer = app.ClientWithToken(await app.CreateUserWithTokenAsync("imp-" + tag, role.Name));
        var theirs = await admin.CreateAsync(CustomerSamples.Valid(name: "Admin Co " + tag, tag: tag));
        var other = await AddContactAsync(admin, theirs.Id, "Other", $"other.{tag}@example.com");
        var own = await importer.CreateAsync(CustomerSamples.Valid(name: "Own Co " + tag, tag: tag));
        await AddContactAsync(importer, own.Id, "Mine", $"mine.{tag}@example.com");
        var csv = "Name,Title,Email,Customer\n" + Row("Other Renamed", "Boss", $"other.{tag}@example.com", "Admin Co " + tag)
            + Row("Mine Renamed", "Boss", $"mine.{tag}@example.com", "Own Co " + tag);
        var preview = await importer.UploadAsync(Encoding.UTF8.GetBytes(csv), "contacts.csv", ImportService.Contacts);
        await importer.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await importer.RunToEndAsync(preview.Run.Id);

        Assert.Equal((0, 1, 1), (run.Created, run.Updated, run.Failed));
        var untouched = Assert.Single(await ContactsAsync(admin, theirs.Id));
        Assert.Equal((other.Name, other.Title, other.Version), (untouched.Name, untouched.Title, untouched.Version));
        var mine = Assert.Single(await ContactsAsync(admin, own.Id));
        Assert.Equal(("Mine Renamed", "Boss"), (mine.Name, mine.Title));
    }
}

public sealed class ContactImportsOnSqlite(SqliteApp app) : ContactImportTests(app), IClassFixture<SqliteApp>;

public sealed class ContactImportsOnPostgres(PostgresApp app) : ContactImportTests(app), IClassFixture<PostgresApp>;
