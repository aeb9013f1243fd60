using Rapport.Core.Privacy;
using Rapport.Server.Reports;

namespace Rapport.Server.Tests.Reports;

/// <summary>Contacts, leads and deals export in the background like customers: each run reads inside its caller's
/// record scope (a sales manager without a team gets only their own rows, never a colleague's), a masked phone stays
/// masked in the file, and the run reaches 100 % with every row the caller may see.</summary>
public abstract class ListExportTests(RapportApp app)
{
    public static TheoryData<string> Lists => ["contacts", "leads", "opportunities"];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_list_export_holds_only_the_callers_rows_keeps_masked_phones_masked_and_reaches_100_percent(string list)
    {
        var admin = await app.AdminClientAsync();
        var (mine, _) = await app.NewUserAsync(Roles.SalesManager);
        var (theirs, _) = await app.NewUserAsync(Roles.SalesManager);
        var tag = CustomerSamples.NewTag();
        var phone = "+86" + CustomerSamples.ChinaMobile();
        var own = new List<string>();
        for (var i = 0; i < 3; i++) own.Add(await CreateAsync(mine, list, $"Mine {i} {tag}", phone));
        var other = await CreateAsync(theirs, list, $"Theirs {tag}", phone);

        await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", new SensitiveFields(SensitiveFields.Maskable))).ShouldBeAsync(HttpStatusCode.OK);
        string csv;
        ExportRunDto done;
        try
        {
            var started = await mine.PostAsync($"/api/v1/exports/{list}", null, Ct);
            await started.ShouldBeAsync(HttpStatusCode.Accepted);
            var run = await started.ReadAsync<ExportRunDto>();
            // The estimate counts the caller's own rows, as the run will read them.
            Assert.Equal((3L, false), (run.Estimated, run.EstimateCapped));
            await app.Services.GetRequiredService<ExportRuns>().WhenDoneAsync(run.Id);
            done = await (await mine.GetAsync($"/api/v1/exports/{run.Id}", Ct)).ReadAsync<ExportRunDto>();
            csv = await (await mine.GetAsync(done.Download!, Ct)).Content.ReadAsStringAsync(Ct);
        }
        finally
        {
            await (await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", SensitiveFields.Defaults)).ShouldBeAsync(HttpStatusCode.OK);
        }

        Assert.Equal(("done", 100, 3L), (done.State, done.Percent, done.Written));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        foreach (var name in own) Assert.Contains(name, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(other, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(phone[3..], csv, StringComparison.Ordinal);
        Assert.Contains(done, (await (await mine.GetAsync("/api/v1/exports", Ct)).ReadAsync<List<ExportRunDto>>()));
        Assert.Empty(await (await theirs.GetAsync("/api/v1/exports", Ct)).ReadAsync<List<ExportRunDto>>());
        // Taking a list out in bulk is in the audit trail, under the person who did it.
        var me = await mine.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<RapportDbContext>().AuditEntries.AnyAsync(a => a.Action == list + ".exported" && a.UserId == me, Ct));
    }

    /// <summary>Makes one row of <paramref name="list"/> owned by the caller, named <paramref name="name"/> (a contact
    /// and a deal under a customer of the caller's), with <paramref name="phone"/> where the list shows one.</summary>
    private static async Task<string> CreateAsync(HttpClient client, string list, string name, string phone)
    {
        switch (list)
        {
            case "contacts":
                var company = await client.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", CustomerSamples.Valid(name: "Employer of " + name));
                await client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{company.Id}/contacts", new ContactInput { Name = name, Phones = [phone] });
                return name;
            case "leads":
                await client.PostCreatedAsync<LeadDto>("/api/v1/leads?confirmDuplicate=true", new LeadInput { Name = name, Phone = phone, Email = $"{Unique()}@example.com" });
                return name;
            default:
                var customer = await client.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", CustomerSamples.Valid(name: "Buyer of " + name, phone: phone));
                await client.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities", new OpportunityInput { Name = name, CustomerId = customer.Id });
                return name;
        }
    }
}

public sealed class ListExportsOnSqlite(SqliteApp app) : ListExportTests(app), IClassFixture<SqliteApp>;

public sealed class ListExportsOnPostgres(PostgresApp app) : ListExportTests(app), IClassFixture<PostgresApp>;
