using System.Text.Json.Nodes;
using Rapport.Core.Privacy;

namespace Rapport.Server.Tests.Privacy;

/// <summary>A field masked for the caller (no <c>pii.reveal</c>) is left as it is by their update, whether they send
/// it back masked, leave it out or send null: they could not have seen what they would overwrite. Bodies are written
/// as raw JSON, the way a client echoing what it read would send them.</summary>
public abstract class MaskedUpdateTests(RapportApp app)
{
    private const string LeadsUrl = "/api/v1/leads";
    private static readonly SensitiveFields Everything = new(SensitiveFields.Maskable);

    /// <summary>How a client sends back a field it read masked.</summary>
    public static TheoryData<string> Ways => ["echo", "omit", "null"];

    private static readonly string[] CustomerFields =
        ["name", "kind", "phones", "emails", "ims", "addresses", "industry", "source", "tier", "stage", "tags", "notes", "nationalId", "bankAccount", "dateOfBirth"];
    private static readonly string[] LeadFields = ["name", "company", "title", "email", "phone", "source", "industry", "region", "country", "city", "notes"];
    private static readonly string[] ContactFields = ["name", "title", "department", "phones", "emails", "isPrimary"];

    /// <summary>What a client sends back after reading a record: the request's fields as it read them, with the masked
    /// ones echoed, left out or nulled.</summary>
    private static JsonObject Resend(JsonObject read, string[] fields, string how, params string[] masked)
    {
        var body = new JsonObject();
        foreach (var field in fields)
        {
            if (masked.Contains(field) && how == "omit") continue;
            body[field] = masked.Contains(field) && how == "null" ? null : read[field]?.DeepClone();
        }
        return body;
    }

    private static async Task<CustomerDto> CreateAsync(HttpClient client, JsonObject body)
    {
        return await client.PostCreatedAsync<CustomerDto>(CustomersUrl, body);
    }

    /// <summary>Runs <paramref name="act"/> with every maskable field masked, then puts the default list back.</summary>
    private async Task WhileEverythingIsMaskedAsync(Func<Task> act)
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", Everything)).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            await act();
        }
        finally
        {
            await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", SensitiveFields.Defaults)).ShouldBeAsync(HttpStatusCode.OK);
        }
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_customer_update_without_reveal_keeps_every_masked_field(string how)
    {
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        var phone = "+86" + CustomerSamples.ChinaMobile();
        var email = $"kept.{Guid.NewGuid():N}@example.com";
        var input = CustomerSamples.Valid(phone: phone, email: email) with
        {
            Kind = CustomerKind.Individual,
            NationalId = "11010519491231002X",
            BankAccount = "6222020200112233445",
        };
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(input, Json.Options))!.AsObject();
        body["dateOfBirth"] = "1949-12-31";
        var created = await CreateAsync(rep, body);
        HttpResponseMessage? update = null;
        await WhileEverythingIsMaskedAsync(async () =>
        {
            var read = (await (await rep.GetAsync($"{CustomersUrl}/{created.Id}", Ct)).ReadNodeAsync()).AsObject();
            Assert.Equal("****-**-**", (string?)read["dateOfBirth"]);
            read["name"] = "Renamed by rep";
            update = await rep.PutJsonAsync($"{CustomersUrl}/{created.Id}",
                Resend(read, CustomerFields, how, "nationalId", "bankAccount", "dateOfBirth", "phones", "emails"));
        });

        await update!.ShouldBeAsync(HttpStatusCode.OK);
        var admin = await app.AdminClientAsync();
        var stored = await (await admin.PostAsync($"{CustomersUrl}/{created.Id}/reveal", null, Ct)).ReadAsync<RevealedPii>();
        Assert.Equal(("11010519491231002X", "6222020200112233445", new DateOnly(1949, 12, 31)), (stored.NationalId, stored.BankAccount, stored.DateOfBirth));
        Assert.Equal([phone], stored.Phones);
        Assert.Equal([email], stored.Emails);
        Assert.Equal("Renamed by rep", (await admin.GetCustomerAsync(created.Id)).Name);
    }

    [Fact]
    public async Task A_reveal_holder_may_still_change_a_masked_field_and_an_echo_keeps_it()
    {
        var admin = await app.AdminClientAsync();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(CustomerSamples.Valid() with { NationalId = "11010519491231002X" }, Json.Options))!.AsObject();
        body["dateOfBirth"] = "1949-12-31";
        var created = await CreateAsync(admin, body);
        var read = (await (await admin.GetAsync($"{CustomersUrl}/{created.Id}", Ct)).ReadNodeAsync()).AsObject();

        await (await admin.PutJsonAsync($"{CustomersUrl}/{created.Id}", Resend(read, CustomerFields, "null", "nationalId"))).ShouldBeAsync(HttpStatusCode.OK);

        var stored = await (await admin.PostAsync($"{CustomersUrl}/{created.Id}/reveal", null, Ct)).ReadAsync<RevealedPii>();
        Assert.Null(stored.NationalId);
        Assert.Equal(new DateOnly(1949, 12, 31), stored.DateOfBirth);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_lead_update_without_reveal_keeps_the_masked_email_and_phone(string how)
    {
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        var phone = "+86" + CustomerSamples.ChinaMobile();
        var email = $"lead.{Guid.NewGuid():N}@example.com";
        var lead = await (await rep.PostJsonAsync(LeadsUrl + "?confirmDuplicate=true", new LeadInput { Name = "Masked Lead", Email = email, Phone = phone }))
            .ReadAsync<LeadDto>();
        HttpResponseMessage? update = null;
        await WhileEverythingIsMaskedAsync(async () =>
        {
            var read = (await (await rep.GetAsync($"{LeadsUrl}/{lead.Id}", Ct)).ReadNodeAsync()).AsObject();
            Assert.Contains('*', (string?)read["email"] ?? "");
            read["title"] = "Buyer";
            // Without a reachable email or phone in the body the rules would refuse the lead: the kept ones count.
            update = await rep.PutJsonAsync($"{LeadsUrl}/{lead.Id}", Resend(read, LeadFields, how, "email", "phone"));
        });

        await update!.ShouldBeAsync(HttpStatusCode.OK);
        var stored = await (await (await app.AdminClientAsync()).GetAsync($"{LeadsUrl}/{lead.Id}", Ct)).ReadAsync<LeadDto>();
        Assert.Equal((email, phone, "Buyer"), (stored.Email, stored.Phone, stored.Title));
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_contact_update_without_reveal_keeps_the_masked_phones_and_emails(string how)
    {
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        var customer = await rep.CreateAsync(CustomerSamples.Valid());
        var phone = "+86" + CustomerSamples.ChinaMobile();
        var email = $"contact.{Guid.NewGuid():N}@example.com";
        var contact = await (await rep.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = "Li Lei", Phones = [phone], Emails = [email] }))
            .ReadAsync<ContactDto>();
        HttpResponseMessage? update = null;
        await WhileEverythingIsMaskedAsync(async () =>
        {
            var read = (await (await rep.GetAsync($"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}", Ct)).ReadNodeAsync()).AsObject();
            Assert.Contains('*', (string?)read["phones"]![0] ?? "");
            read["title"] = "CFO";
            update = await rep.PutJsonAsync($"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}", Resend(read, ContactFields, how, "phones", "emails"));
        });

        await update!.ShouldBeAsync(HttpStatusCode.OK);
        var stored = await (await (await app.AdminClientAsync()).GetAsync($"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}", Ct)).ReadAsync<ContactDto>();
        Assert.Equal([phone], stored.Phones);
        Assert.Equal([email], stored.Emails);
        Assert.Equal("CFO", stored.Title);
    }
}

public sealed class MaskedUpdateTestsOnSqlite(SqliteApp app) : MaskedUpdateTests(app), IClassFixture<SqliteApp>;

public sealed class MaskedUpdateTestsOnPostgres(PostgresApp app) : MaskedUpdateTests(app), IClassFixture<PostgresApp>;
