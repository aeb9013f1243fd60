using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>What an import may match and whom it may give records to, on both databases: a contact row reaches only the
/// contacts of the customer it names (a row naming none is a row error, in a dry run too, however it matches), and an
/// owner column changes an owner only as the customer and lead services allow — with the assign permission.</summary>
public abstract class ImportMatchingAndOwnerTests(RapportApp app)
{
    private const string LeadsUrl = "/api/v1/leads";
    private const string OwnerRefused = "owner: Changing a record's owner needs the assign permission.";

    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<ContactDto>> ContactsAsync(HttpClient client, Guid customerId) =>
        [.. (await client.GetPageAsync<ContactDto>($"{CustomersUrl}/{customerId}/contacts?limit=200")).Items.OrderBy(c => c.Name, StringComparer.Ordinal)];

    private static async Task<string[]> ErrorLinesAsync(HttpClient client, Guid runId)
    {
        var response = await client.GetAsync($"{ImportApi.Url}/{runId}/errors", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return [.. (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)];
    }

    /// <summary>A user who may import, read, create and update <paramref name="permissions"/>' records of everyone, but not assign them.</summary>
    private async Task<HttpClient> ImporterWithoutAssignAsync(string userName, string entity, params string[] permissions)
    {
        var admin = await app.AdminClientAsync();
        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("No assign " + userName, null, false,
            [Permissions.ImportsRun, .. permissions], new Dictionary<string, RecordScope> { [entity] = RecordScope.All }));
        return app.ClientWithToken(await app.CreateUserWithTokenAsync(userName, role.Name));
    }

    [Fact]
    public async Task A_contact_row_matches_only_contacts_of_the_customer_it_names_and_never_another_customers()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var named = await admin.CreateAsync(CustomerSamples.Valid(name: "Named Co " + tag, tag: tag));
        var other = await admin.CreateAsync(CustomerSamples.Valid(name: "Other Co " + tag, tag: tag));
        var shared = $"shared.{tag}@example.com";
        var bea = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{other.Id}/contacts", new ContactInput { Name = "Bea", Title = "Buyer", Emails = [shared] });
        var csv = "Name,Title,Email,Customer\n" + Row("Ann", "CTO", shared, "Named Co " + tag);
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "contacts.csv", ImportService.Contacts);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 0, 0), (run.Created, run.Updated, run.Failed));
        var ann = Assert.Single(await ContactsAsync(admin, named.Id));
        Assert.Equal(("Ann", "CTO", shared), (ann.Name, ann.Title, string.Join(",", ann.Emails)));
        var untouched = Assert.Single(await ContactsAsync(admin, other.Id));
        Assert.Equal(("Bea", "Buyer", bea.Version), (untouched.Name, untouched.Title, untouched.Version));
    }

    [Fact]
    public async Task A_contact_row_without_its_customer_is_a_row_error_even_when_its_email_matches_a_contact_in_the_file_or_the_database()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Row Co " + tag, tag: tag));
        var bea = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "Bea", Title = "Buyer", Emails = [$"bea.{tag}@example.com"] });
        var csv = "Name,Title,Email,Customer\n"
            + Row("Cat", "Engineer", $"cat.{tag}@example.com", "Row Co " + tag)
            + Row("Cat Again", "Boss", $"cat.{tag}@example.com", "")
            + Row("Bea Renamed", "Boss", $"bea.{tag}@example.com", "");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "contacts.csv", ImportService.Contacts);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });

        var dry = await (await admin.PostAsync($"{ImportApi.Url}/{preview.Run.Id}/dry-run", null, Ct)).ReadAsync<ImportDryRun>();
        Assert.Equal((1, 0, 2), (dry.Create, dry.Update, dry.Fail));
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 1, 0, 2), (run.Status, run.Created, run.Updated, run.Failed));
        var contacts = await ContactsAsync(admin, customer.Id);
        Assert.Equal(["Bea", "Cat"], contacts.Select(c => c.Name));
        Assert.Equal(("Buyer", bea.Version), (contacts[0].Title, contacts[0].Version));
        Assert.Equal("Engineer", contacts[1].Title);
        Assert.Equal([$"3,Cat Again,Boss,cat.{tag}@example.com,,customer: This field is required.", $"4,Bea Renamed,Boss,bea.{tag}@example.com,,customer: This field is required."],
            await ErrorLinesAsync(admin, run.Id));
    }

    [Fact]
    public async Task A_customer_import_changes_an_owner_only_with_the_assign_permission_as_the_customer_service_does()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var importer = await ImporterWithoutAssignAsync("imp-" + tag, ScopedEntities.Customers,
            Permissions.CustomersRead, Permissions.CustomersCreate, Permissions.CustomersUpdate);
        var owner = app.ClientWithToken(await app.CreateUserWithTokenAsync("own-" + tag, Roles.SalesRepresentative));
        var ownerId = await owner.MeAsync();
        var taken = await admin.CreateAsync(CustomerSamples.Valid(name: "Taken Co " + tag, tag: tag) with { OwnerId = ownerId });
        var kept = await admin.CreateAsync(CustomerSamples.Valid(name: "Kept Co " + tag, tag: tag) with { OwnerId = ownerId });
        var csv = "Number,Name,Owner,Industry\n"
            + Row(taken.Number, taken.Name, "imp-" + tag, "Taken")
            + Row(kept.Number, kept.Name, "own-" + tag, "Kept")
            + Row("", "Given Co " + tag, "own-" + tag, "Given");
        var preview = await importer.UploadAsync(Encoding.UTF8.GetBytes(csv));
        await importer.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update, MatchBy = ["number"] });
        var run = await importer.RunToEndAsync(preview.Run.Id);

        Assert.Equal((0, 1, 2), (run.Created, run.Updated, run.Failed));
        var customers = await admin.CustomersTaggedAsync(tag);
        Assert.Equal(["Kept Co " + tag, "Taken Co " + tag], customers.Select(c => c.Name));
        Assert.Equal((ownerId, "Kept"), (customers[0].OwnerId, customers[0].Industry));
        Assert.Equal((ownerId, taken.Industry, taken.Version), (customers[1].OwnerId, customers[1].Industry, customers[1].Version));
        var errors = await ErrorLinesAsync(importer, run.Id);
        Assert.Equal(2, errors.Length);
        Assert.All(errors, line => Assert.EndsWith("," + OwnerRefused, line, StringComparison.Ordinal));
        Assert.StartsWith("2,", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("4,", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_import_changes_an_owner_only_with_the_assign_permission_as_the_lead_service_does()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var importer = await ImporterWithoutAssignAsync("limp-" + tag, ScopedEntities.Leads,
            Permissions.LeadsRead, Permissions.LeadsCreate, Permissions.LeadsUpdate);
        var owner = app.ClientWithToken(await app.CreateUserWithTokenAsync("lown-" + tag, Roles.SalesRepresentative));
        var ownerId = await owner.MeAsync();
        var taken = await admin.PostCreatedAsync<LeadDto>($"{LeadsUrl}?confirmDuplicate=true",
            new LeadInput { Name = "Taken", Email = $"taken.{tag}@example.com", Title = "Buyer", OwnerId = ownerId });
        var kept = await admin.PostCreatedAsync<LeadDto>($"{LeadsUrl}?confirmDuplicate=true",
            new LeadInput { Name = "Kept", Email = $"kept.{tag}@example.com", Title = "Buyer", OwnerId = ownerId });
        var csv = "Name,Email,Owner,Title\n" + Row("", $"taken.{tag}@example.com", "limp-" + tag, "CEO") + Row("", $"kept.{tag}@example.com", "lown-" + tag, "CEO");
        var preview = await importer.UploadAsync(Encoding.UTF8.GetBytes(csv), "leads.csv", ImportService.Leads);
        await importer.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await importer.RunToEndAsync(preview.Run.Id);

        Assert.Equal((0, 1, 1), (run.Created, run.Updated, run.Failed));
        var takenAfter = await (await admin.GetAsync($"{LeadsUrl}/{taken.Id}", Ct)).ReadAsync<LeadDto>();
        Assert.Equal((ownerId, "Buyer", taken.Version), (takenAfter.OwnerId, takenAfter.Title, takenAfter.Version));
        var keptAfter = await (await admin.GetAsync($"{LeadsUrl}/{kept.Id}", Ct)).ReadAsync<LeadDto>();
        Assert.Equal((ownerId, "CEO"), (keptAfter.OwnerId, keptAfter.Title));
        var error = Assert.Single(await ErrorLinesAsync(importer, run.Id));
        Assert.Equal($"2,,taken.{tag}@example.com,limp-{tag},CEO,{OwnerRefused}", error);
    }
}

public sealed class ImportMatchingAndOwnerOnSqlite(SqliteApp app) : ImportMatchingAndOwnerTests(app), IClassFixture<SqliteApp>;

public sealed class ImportMatchingAndOwnerOnPostgres(PostgresApp app) : ImportMatchingAndOwnerTests(app), IClassFixture<PostgresApp>;
