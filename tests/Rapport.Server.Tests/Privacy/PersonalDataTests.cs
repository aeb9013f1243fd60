using System.Globalization;
using Rapport.Core.Privacy;

namespace Rapport.Server.Tests.Privacy;

/// <summary>National IDs, bank accounts and birth dates: encrypted at rest, masked on display, revealed only to
/// those allowed (and audited), findable by exact value, re-encrypted after a key rotation.</summary>
public abstract class PersonalDataTests(RapportApp app)
{
    /// <summary>A valid mainland China resident ID with a random birth date and sequence.</summary>
    internal static string NewResidentId()
    {
        var body = "110105" + new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 20000)).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999);
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        return body + "10X98765432"[body.Select((c, i) => (c - '0') * w[i]).Sum() % 11];
    }

    private static string NewBankAccount() => "62" + Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999);

    private static CustomerInput Person(string id, string bank, DateOnly? dob = null) =>
        CustomerSamples.Valid() with
        {
            Kind = CustomerKind.Individual,
            NationalId = id,
            BankAccount = bank,
            DateOfBirth = (dob ?? new DateOnly(1903, 7, 11)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        };

    [Fact]
    public async Task Personal_data_is_never_stored_in_plain_text()
    {
        var admin = await app.AdminClientAsync();
        var id = NewResidentId();
        var bank = NewBankAccount();
        var created = await admin.CreateAsync(Person(id, bank));
        await (await admin.PostAsync($"{CustomersUrl}/{created.Id}/reveal", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"{CustomersUrl}/{created.Id}", Person(id, bank) with { Name = "Renamed" })).ShouldBeAsync(HttpStatusCode.OK);

        string[] canaries = [id, bank, "1903-07-11"];
        if (app.Provider == Provider.Sqlite)
        {
            var bytes = ReadShared(Path.Combine(app.DataDirectory, "rapport.db")).Concat(ReadShared(Path.Combine(app.DataDirectory, "rapport.db-wal"))).ToArray();
            Assert.True(bytes.Length > 0);
            foreach (var canary in canaries)
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(canary)));
        }
        else
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RapportDbContext>>().CreateDbContext();
            foreach (var canary in canaries)
            {
                var pattern = "%" + canary + "%";
                var hits = await db.Database.SqlQuery<int>($"""
                    SELECT ((SELECT count(*) FROM "Customers" c WHERE c::text LIKE {pattern})
                          + (SELECT count(*) FROM "AuditEntries" a WHERE a::text LIKE {pattern}))::int AS "Value"
                    """).SingleAsync(Ct);
                Assert.Equal(0, hits);
            }
        }
    }

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Sensitive_fields_are_masked_and_revealed_only_with_permission()
    {
        var admin = await app.AdminClientAsync();
        var id = NewResidentId();
        var bank = NewBankAccount();
        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("pr" + Guid.NewGuid().ToString("N")[..6], Roles.SalesRepresentative));
        var finance = app.ClientWithToken(await app.CreateUserWithTokenAsync("pf" + Guid.NewGuid().ToString("N")[..6], Roles.Finance));
        var mine = await rep.CreateAsync(Person(id, bank, new DateOnly(1985, 3, 9)));

        var shown = await admin.GetCustomerAsync(mine.Id);
        var repReveal = await rep.PostAsync($"{CustomersUrl}/{mine.Id}/reveal", null, Ct);
        var financeReveal = await finance.PostAsync($"{CustomersUrl}/{mine.Id}/reveal", null, Ct);
        var outOfScope = await rep.PostAsync($"{CustomersUrl}/{(await admin.CreateAsync(Person(NewResidentId(), NewBankAccount()))).Id}/reveal", null, Ct);

        Assert.Equal(id[..3] + new string('*', 11) + id[^4..], shown.NationalId);
        Assert.Equal(bank[..3] + new string('*', bank.Length - 7) + bank[^4..], shown.BankAccount);
        Assert.Equal("****-**-**", shown.DateOfBirth);
        Assert.Equal(shown.NationalId, mine.NationalId);
        await repReveal.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await outOfScope.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await financeReveal.ShouldBeAsync(HttpStatusCode.OK);
        var plain = await financeReveal.ReadAsync<RevealedPii>();
        Assert.Equal((id, bank, new DateOnly(1985, 3, 9)), (plain.NationalId, plain.BankAccount, plain.DateOfBirth));
        var log = await (await admin.GetAsync($"/api/v1/audit?action=pii.revealed&entityId={mine.Id}", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.Single(log.Items);
    }

    [Fact]
    public async Task Exact_value_finds_the_customer_through_the_blind_index()
    {
        var admin = await app.AdminClientAsync();
        var id = NewResidentId();
        var bank = NewBankAccount();
        var created = await admin.CreateAsync(Person(id, bank));
        await admin.CreateAsync(Person(NewResidentId(), NewBankAccount()));

        var byId = await (await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = id.ToLowerInvariant() })).ReadAsync<Page<CustomerListItem>>();
        var byBank = await (await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { bankAccount = bank[..4] + " " + bank[4..] })).ReadAsync<Page<CustomerListItem>>();
        var bad = await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = "12" });
        var empty = await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { });

        Assert.Equal([created.Id], byId.Items.Select(i => i.Id));
        Assert.Equal([created.Id], byBank.Items.Select(i => i.Id));
        await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Lookup_by_value_needs_reveal_is_audited_without_the_value_and_never_rides_in_a_query_string()
    {
        var admin = await app.AdminClientAsync();
        var id = NewResidentId();
        var created = await admin.CreateAsync(Person(id, NewBankAccount()));
        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("pl" + Guid.NewGuid().ToString("N")[..6], Roles.SalesRepresentative));
        var manager = app.ClientWithToken(await app.CreateUserWithTokenAsync("pn" + Guid.NewGuid().ToString("N")[..6], Roles.SalesManager));
        var finance = app.ClientWithToken(await app.CreateUserWithTokenAsync("pg" + Guid.NewGuid().ToString("N")[..6], Roles.Finance));

        var repLookup = await rep.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = id });
        var managerLookup = await manager.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = id });
        var financeLookup = await (await finance.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = id })).ReadAsync<Page<CustomerListItem>>();
        // The old query parameter no longer filters: the list ignores it, so a guessed ID confirms nothing.
        var tag = CustomerSamples.NewTag();
        await admin.CreateAsync(CustomerSamples.Valid(tag: tag));
        var byQuery = await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&nationalId={id}");
        var exportByQuery = await (await admin.GetAsync($"{CustomersUrl}/export?tag={tag}&nationalId={id}&bankAccount=62", Ct)).Content.ReadAsStringAsync(Ct);

        await repLookup.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await managerLookup.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([created.Id], financeLookup.Items.Select(i => i.Id));
        Assert.Single(byQuery.Items);
        Assert.NotEqual(created.Id, byQuery.Items[0].Id);
        Assert.Equal(2, exportByQuery.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var log = await (await admin.GetAsync("/api/v1/audit?action=pii.lookup", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.NotEmpty(log.Items);
        var raw = await (await admin.GetAsync("/api/v1/audit/export?action=pii.lookup", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("nationalId", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(id, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_values_are_rejected_and_masked_values_sent_back_keep_the_stored_ones()
    {
        var admin = await app.AdminClientAsync();
        var id = NewResidentId();
        var wrongCheckDigit = id[..17] + (id[17] == '0' ? '1' : '0');
        var bad = await admin.PostJsonAsync(CustomersUrl, Person(wrongCheckDigit, "12") with { DateOfBirth = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var created = await admin.CreateAsync(Person(id, NewBankAccount()));

        var echo = await admin.PutJsonAsync($"{CustomersUrl}/{created.Id}", Person(created.NationalId!, created.BankAccount!) with { DateOfBirth = "1903-07-11" });

        var codes = (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!;
        Assert.Equal("Validation.NationalId", (string?)codes["nationalId"]![0]);
        Assert.Equal("Validation.BankAccount", (string?)codes["bankAccount"]![0]);
        Assert.Equal("Validation.DateOfBirth", (string?)codes["dateOfBirth"]![0]);
        await echo.ShouldBeAsync(HttpStatusCode.OK);
        var plain = await (await admin.PostAsync($"{CustomersUrl}/{created.Id}/reveal", null, Ct)).ReadAsync<RevealedPii>();
        Assert.Equal(id, plain.NationalId);
    }

    [Fact]
    public async Task The_masked_field_list_is_configurable()
    {
        var admin = await app.AdminClientAsync();
        var created = await admin.CreateAsync(Person(NewResidentId(), NewBankAccount(), new DateOnly(1990, 5, 17)));
        try
        {
            var save = await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", new SensitiveFields([SensitiveFields.NationalId, SensitiveFields.Phones]));
            var invalid = await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", new SensitiveFields(["notes"]));

            await save.ShouldBeAsync(HttpStatusCode.OK);
            await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            var shown = await admin.GetCustomerAsync(created.Id);
            Assert.Equal("1990-05-17", shown.DateOfBirth);
            Assert.Contains('*', shown.Phones[0]);
            Assert.Contains('*', shown.NationalId!);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", SensitiveFields.Defaults);
        }
    }

    [Fact]
    public async Task Export_masks_unless_revealed_by_someone_allowed()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var id = NewResidentId();
        await admin.CreateAsync(Person(id, NewBankAccount()) with { Tags = [tag], Name = "=cmd|' /C calc'!A0" });
        var marketing = app.ClientWithToken(await app.CreateUserWithTokenAsync("pm" + Guid.NewGuid().ToString("N")[..6], Roles.MarketingSpecialist));
        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("px" + Guid.NewGuid().ToString("N")[..6], Roles.SalesRepresentative));

        var masked = await (await marketing.GetAsync($"{CustomersUrl}/export?tag={tag}", Ct)).Content.ReadAsStringAsync(Ct);
        var marketingReveal = await marketing.GetAsync($"{CustomersUrl}/export?tag={tag}&reveal=true", Ct);
        var repExport = await rep.GetAsync($"{CustomersUrl}/export?tag={tag}", Ct);
        var revealed = await (await admin.GetAsync($"{CustomersUrl}/export?tag={tag}&reveal=true", Ct)).Content.ReadAsStringAsync(Ct);

        var lines = masked.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("number,name,", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(id, masked, StringComparison.Ordinal);
        // National ID is classified sensitive personal information: without privacy.export its column stays out of the file.
        Assert.DoesNotContain("nationalId", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", masked, StringComparison.Ordinal);
        await marketingReveal.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await repExport.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(id, revealed, StringComparison.Ordinal);
        var log = await (await admin.GetAsync("/api/v1/audit?action=customers.exported.revealed", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.NotEmpty(log.Items);
    }

    [Fact]
    public async Task Key_rotation_re_encrypts_everything_and_resumes_after_an_interruption()
    {
        var admin = await app.AdminClientAsync();
        var people = new List<(Guid Id, string NationalId)>();
        for (var i = 0; i < 5; i++)
        {
            var id = NewResidentId();
            people.Add(((await admin.CreateAsync(Person(id, NewBankAccount()))).Id, id));
        }
        await using var scope = app.Services.CreateAsyncScope();
        var ring = scope.ServiceProvider.GetRequiredService<PiiProtector>().Ring;
        var before = ring.PrimaryKeyId;

        // Rotate through the service (the API also wakes the background worker, which would race this test).
        var rotation = scope.ServiceProvider.GetRequiredService<PiiRotation>();
        var newKey = await rotation.RotateAsync(Ct);
        var waiting = (await rotation.StatusAsync(Ct)).Remaining;
        await rotation.ReencryptBatchAsync(2, Ct); // then the process "stops"
        await using (var restarted = app.Services.CreateAsyncScope())
            await restarted.ServiceProvider.GetRequiredService<PiiRotation>().RunAsync(Ct);
        var status = await (await admin.GetAsync("/api/v1/admin/pii/rotation", Ct)).ReadAsync<RotationStatus>();

        Assert.NotEqual(before, newKey);
        Assert.True(waiting >= 5);
        Assert.Equal(0, status.Remaining);
        Assert.Equal(newKey, status.PrimaryKeyId);
        foreach (var (id, nationalId) in people)
        {
            var plain = await (await admin.PostAsync($"{CustomersUrl}/{id}/reveal", null, Ct)).ReadAsync<RevealedPii>();
            Assert.Equal(nationalId, plain.NationalId);
        }
        var file = Path.Combine(app.DataDirectory, "keys", "pii-keyring.json");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains(newKey, await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
    }
}

public sealed class PersonalDataOnSqlite(SqliteApp app) : PersonalDataTests(app), IClassFixture<SqliteApp>;

public sealed class PersonalDataOnPostgres(PostgresApp app) : PersonalDataTests(app), IClassFixture<PostgresApp>;
