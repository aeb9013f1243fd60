using Rapport.Core.Audit;
using Rapport.Core.Privacy;

namespace Rapport.Server.Tests.Audit;

/// <summary>What the audit page searches by (the changed field) and what its readers may see (masked personal data).</summary>
public abstract class AuditSearchTests(RapportApp app)
{
    private static async Task<List<AuditEntryDto>> EntriesAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/audit?limit=200&{query}", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<Page<AuditEntryDto>>()).Items.ToList();
    }

    [Fact]
    public async Task Search_by_field_finds_the_entries_that_changed_it_and_export_honours_it()
    {
        var admin = await app.AdminClientAsync();
        var renamed = await admin.CreateAsync(CustomerSamples.Valid());
        var untouched = await admin.CreateAsync(CustomerSamples.Valid());
        var update = CustomerSamples.Valid(name: "Field Search " + Unique());
        await (await admin.PutJsonAsync($"/api/v1/customers/{renamed.Id}", update with { Phones = [.. renamed.Phones], Emails = [.. renamed.Emails] }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var byName = await EntriesAsync(admin, "action=customer.updated&field=name");
        var byTags = await EntriesAsync(admin, $"entityType=customer&entityId={renamed.Id}&field=tags");
        var csv = await (await admin.GetAsync($"/api/v1/audit/export?entityId={renamed.Id}&field=name", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains(byName, e => e.EntityId == renamed.Id.ToString());
        Assert.DoesNotContain(byName, e => e.EntityId == untouched.Id.ToString());
        Assert.All(byName, e => Assert.True(e.Changes!.Value.TryGetProperty("name", out _)));
        Assert.Empty(byTags);
        Assert.Contains(update.Name!, csv, StringComparison.Ordinal);
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1); // created and updated, both name the field
    }

    [Fact]
    public async Task A_field_that_cannot_be_a_name_is_refused()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/audit?field=na%22me", Ct)).ShouldRejectAsync("field", "Validation.Invalid");
        await (await admin.GetAsync("/api/v1/audit/export?field=a%25b", Ct)).ShouldRejectAsync("field", "Validation.Invalid");
    }

    [Fact]
    public async Task Phones_and_emails_in_the_log_are_masked_for_a_reader_who_may_not_reveal_them()
    {
        var admin = await app.AdminClientAsync();
        var auditor = app.ClientWithToken(await app.CreateUserWithTokenAsync("aud-" + Unique(), Roles.Auditor));
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields",
            new SensitiveFields([SensitiveFields.Phones, SensitiveFields.Emails]))).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            var email = $"secret.{Unique()}@example.com";
            var customer = await admin.CreateAsync(CustomerSamples.Valid(phone: "+1 650 253 7788", email: email));
            var query = $"entityType=customer&entityId={customer.Id}";

            var seenByAuditor = (await EntriesAsync(auditor, query)).Single().Changes!.Value.GetRawText();
            var exportedForAuditor = await (await auditor.GetAsync("/api/v1/audit/export?" + query, Ct)).Content.ReadAsStringAsync(Ct);
            var seenByAdmin = (await EntriesAsync(admin, query)).Single().Changes!.Value.GetRawText();

            Assert.DoesNotContain(email, seenByAuditor, StringComparison.Ordinal);
            Assert.DoesNotContain("7788", seenByAuditor.Replace(SensitiveFields.Mask("+16502537788"), "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains(SensitiveFields.Mask(email), seenByAuditor, StringComparison.Ordinal);
            Assert.DoesNotContain(email, exportedForAuditor, StringComparison.Ordinal);
            Assert.Contains(email, seenByAdmin, StringComparison.Ordinal); // the administrator may reveal personal data
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", SensitiveFields.Defaults);
        }
    }
}

public sealed class AuditSearchOnSqlite(SqliteApp app) : AuditSearchTests(app), IClassFixture<SqliteApp>;

public sealed class AuditSearchOnPostgres(PostgresApp app) : AuditSearchTests(app), IClassFixture<PostgresApp>;
