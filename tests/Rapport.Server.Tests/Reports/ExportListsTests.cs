using Rapport.Core.Imports;
using Rapport.Server.Reports;

namespace Rapport.Server.Tests.Reports;

/// <summary>A customer export writes each customer's phones, emails and tags as they are stored, whichever way they were
/// written: a form, an edit, a merge and its undo, set-based SQL (classification, imports) and the change tracker
/// (journeys). On PostgreSQL the export reads lists kept on the customer's row by triggers (ADR-053), so a write path
/// that escaped them would show here as a stale list; on SQLite it reads the child rows.</summary>
public abstract class ExportListsTests(RapportApp app)
{
    /// <summary>Per customer number, its phones, emails and tags as the export of <paramref name="q"/> writes them.</summary>
    private async Task<Dictionary<string, (string[] Phones, string[] Emails, string[] Tags)>> ExportedAsync(HttpClient admin, string q)
    {
        var started = await admin.PostAsync($"/api/v1/exports/customers?q={q}", null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        await app.Services.GetRequiredService<ExportRuns>().WhenDoneAsync(run.Id);
        var text = await (await admin.GetAsync($"/api/v1/exports/{run.Id}/file", Ct)).Content.ReadAsStringAsync(Ct);
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var header = lines[0].ToList();
        string[] List(string[] row, string column) =>
            // A value that starts like a formula (a phone's "+") is written after an apostrophe.
            [.. row[header.IndexOf(column)].TrimStart('\'').Split("; ", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
        return lines.Skip(1).ToDictionary(r => r[header.IndexOf(CustomerImportFields.Number)],
            r => (List(r, CustomerImportFields.Phone), List(r, CustomerImportFields.Email), List(r, CustomerImportFields.Tags)));
    }

    /// <summary>Per customer number, its phones, emails and tags as the child tables hold them.</summary>
    private Task<Dictionary<string, (string[] Phones, string[] Emails, string[] Tags)>> StoredAsync(IEnumerable<Guid> ids) => app.WithDbAsync(async db =>
    {
        var customers = await db.Customers.AsNoTracking().Include(c => c.Channels).Include(c => c.Tags).Where(c => ids.Contains(c.Id)).ToListAsync(Ct);
        return customers.ToDictionary(c => c.Number, c => (
            c.Channels.Where(ch => ch.Kind == ChannelKind.Phone).Select(ch => ch.Value).Order(StringComparer.Ordinal).ToArray(),
            c.Channels.Where(ch => ch.Kind == ChannelKind.Email).Select(ch => ch.Value).Order(StringComparer.Ordinal).ToArray(),
            c.Tags.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray()));
    });

    private async Task ExportMatchesStoredAsync(HttpClient admin, string q, params Guid[] ids)
    {
        var stored = await StoredAsync(ids);
        var exported = await ExportedAsync(admin, q);
        Assert.Equal(stored.Keys.Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));
        foreach (var (number, lists) in stored)
        {
            Assert.True(lists.Phones.SequenceEqual(exported[number].Phones), $"{number}: [{string.Join(" ", lists.Phones)}] stored, [{string.Join(" ", exported[number].Phones)}] exported");
            Assert.Equal(lists.Emails, exported[number].Emails);
            Assert.Equal(lists.Tags, exported[number].Tags);
        }
    }

    [Fact]
    public async Task Every_write_path_leaves_the_exported_phones_emails_and_tags_as_stored()
    {
        var admin = await app.AdminClientAsync();
        var q = "Lists" + Unique();
        var (t1, t2, t3, bulk, journey) = (CustomerSamples.NewTag(), CustomerSamples.NewTag(), CustomerSamples.NewTag(), CustomerSamples.NewTag(), CustomerSamples.NewTag());
        var a = await admin.CreateAsync(CustomerSamples.Valid(name: $"{q} Alpha") with { Tags = [t1, t2] });
        var b = await admin.CreateAsync(CustomerSamples.Valid(name: $"{q} Beta", tag: t3) with { Phones = [CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile()] });
        var c = await admin.CreateAsync(CustomerSamples.Valid(name: $"{q} Gamma"));
        var exported = await ExportedAsync(admin, q);
        Assert.Equal(new[] { t1, t2 }.Order(StringComparer.Ordinal), exported[a.Number].Tags);
        Assert.Equal(2, exported[b.Number].Phones.Length);
        await ExportMatchesStoredAsync(admin, q, a.Id, b.Id, c.Id);

        // An edit that replaces a phone, adds an email and swaps a tag.
        var edit = CustomerSamples.Valid(name: a.Name) with
        {
            Phones = [CustomerSamples.ChinaMobile()],
            Emails = [a.Emails[0], $"second.{Unique()}@example.com"],
            Tags = [t2, CustomerSamples.NewTag()],
        };
        await admin.PutJsonAsync($"{CustomersUrl}/{a.Id}", edit);
        Assert.Equal(2, (await ExportedAsync(admin, q))[a.Number].Emails.Length);
        await ExportMatchesStoredAsync(admin, q, a.Id, b.Id, c.Id);

        // Set-based SQL over several customers at once (as classification tags them), and a delete of one tag.
        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "CustomerTags" ("CustomerId", "Name") SELECT "Id", {bulk} FROM "Customers" WHERE "Id" IN ({a.Id}, {b.Id}, {c.Id})""", Ct);
            await db.CustomerTags.Where(t => t.CustomerId == b.Id && t.Name == t3).ExecuteDeleteAsync(Ct);
        });
        // Through the change tracker, as a journey's step tags a customer.
        await app.WithDbAsync(async db =>
        {
            db.CustomerTags.Add(new CustomerTag { CustomerId = c.Id, Name = journey });
            await db.SaveChangesAsync(Ct);
        });
        // The importers' bulk insert (a multi-row INSERT on SQLite, a binary COPY on PostgreSQL).
        var imported = new Customer { Number = "IMP-" + Unique(), Name = $"{q} Delta" };
        imported.Channels.Add(new CustomerChannel { CustomerId = imported.Id, Kind = ChannelKind.Email, Value = $"delta.{Unique()}@example.com", IsPrimary = true });
        imported.Tags.Add(new CustomerTag { CustomerId = imported.Id, Name = bulk });
        imported.RefreshSearchText();
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await BulkInsert.InsertAsync(db, [imported], DateTime.UtcNow, Ct);
            await BulkInsert.InsertAsync(db, imported.Channels, DateTime.UtcNow, Ct);
            await BulkInsert.InsertAsync(db, imported.Tags, DateTime.UtcNow, Ct);
            await tx.CommitAsync(Ct);
        });
        exported = await ExportedAsync(admin, q);
        Assert.Equal([bulk], exported[imported.Number].Tags);
        Assert.Single(exported[imported.Number].Emails);
        Assert.Equal([bulk], exported[b.Number].Tags);
        Assert.Equal(new[] { bulk, journey }.Order(StringComparer.Ordinal), exported[c.Number].Tags);
        await ExportMatchesStoredAsync(admin, q, a.Id, b.Id, c.Id, imported.Id);

        // A merge moves the loser's channels and tags to the survivor (set-based); its undo moves them back.
        var loser = await admin.GetCustomerAsync(b.Id);
        var merged = await admin.PostJsonAsync($"{CustomersUrl}/{c.Id}/merge", new Rapport.Core.Quality.MergeInput(b.Id, loser.Version));
        await merged.ShouldBeAsync(HttpStatusCode.OK);
        exported = await ExportedAsync(admin, q);
        Assert.Equal(3, exported[c.Number].Phones.Length);
        Assert.False(exported.ContainsKey(b.Number));
        await ExportMatchesStoredAsync(admin, q, a.Id, c.Id, imported.Id);
        var merge = await merged.ReadAsync<Rapport.Core.Quality.CustomerMergeDto>();
        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await ExportedAsync(admin, q))[b.Number].Phones.Length);
        await ExportMatchesStoredAsync(admin, q, a.Id, b.Id, c.Id, imported.Id);
    }

    /// <summary>Two writers tagging one customer at once: the second waits for the first (on PostgreSQL for the
    /// customer's row, locked by the trigger before it reads the tags), then reads its committed tag, so the export
    /// lists both.</summary>
    [Fact]
    public async Task Two_writers_tagging_one_customer_at_once_both_appear_in_the_export()
    {
        var admin = await app.AdminClientAsync();
        var q = "Tagged" + Unique();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: $"{q} Co"));
        var (first, second) = (CustomerSamples.NewTag(), CustomerSamples.NewTag());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "CustomerTags" ("CustomerId", "Name") VALUES ({customer.Id}, {first})""", Ct);
            // On a thread of its own: SQLite's driver waits for the write lock synchronously.
            var other = Task.Run(() => app.WithDbAsync(async db2 =>
                await db2.Database.ExecuteSqlAsync($"""INSERT INTO "CustomerTags" ("CustomerId", "Name") VALUES ({customer.Id}, {second})""", Ct)), Ct);
            if (db.IsPostgres)
            {
                // The second writer is waiting for the first's lock before the first commits.
                await using var watch = app.Services.CreateAsyncScope();
                var monitor = watch.ServiceProvider.GetRequiredService<RapportDbContext>();
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await monitor.Database.SqlQuery<long>($"""SELECT COUNT(*) AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""").SingleAsync(Ct) == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the second writer never waited for the first");
                    Assert.False(other.IsCompleted, "the second writer did not wait for the first");
                    await Task.Delay(20, Ct);
                }
            }
            await tx.CommitAsync(Ct);
            await other;
        }

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await ExportedAsync(admin, q))[customer.Number].Tags);
    }
}

public sealed class ExportListsOnSqlite(SqliteApp app) : ExportListsTests(app), IClassFixture<SqliteApp>;

public sealed class ExportListsOnPostgres(PostgresApp app) : ExportListsTests(app), IClassFixture<PostgresApp>;

/// <summary>PostgreSQL's triggers that keep the lists of channels and tags: their lock does not wait for a pending
/// child insert, and they repair themselves at start (with a trigger gone, tags written meanwhile are missed, and the
/// start-up check puts the trigger back and reads every list again).</summary>
public sealed class ExportListsTriggersOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    /// <summary>A transaction that holds the key-share lock an insert of a child row takes on its customer (the
    /// foreign key's check) does not hold up another writer's tags: the trigger's lock is an update's, which key-share
    /// locks do not conflict with. With <c>FOR UPDATE</c> the second writer waited here, and two writers each inserting
    /// children of one customer could deadlock.</summary>
    [Fact]
    public async Task A_pending_child_insert_of_the_same_customer_does_not_hold_up_a_tag()
    {
        var customer = await (await app.AdminClientAsync()).CreateAsync(CustomerSamples.Valid());
        var tag = CustomerSamples.NewTag();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(Ct);
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Customers" WHERE "Id" = {customer.Id} FOR KEY SHARE""", Ct);

        await using (var other = app.Services.CreateAsyncScope())
        {
            var db2 = other.ServiceProvider.GetRequiredService<RapportDbContext>();
            await db2.Database.ExecuteSqlAsync($"""INSERT INTO "CustomerTags" ("CustomerId", "Name") VALUES ({customer.Id}, {tag})""", Ct)
                .WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.Contains(tag, await db2.Customers.AsNoTracking().Where(c => c.Id == customer.Id)
                .Select(c => EF.Property<string>(c, CustomerListsSchema.Tags)).SingleAsync(Ct), StringComparison.Ordinal);
        }
        await tx.CommitAsync(Ct);
    }

    [Fact]
    public async Task A_missing_trigger_is_put_back_and_every_list_read_again()
    {
        var customer = await (await app.AdminClientAsync()).CreateAsync(CustomerSamples.Valid(tag: CustomerSamples.NewTag()));
        var tag = CustomerSamples.NewTag();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        Task<string> ListAsync() => db.Customers.AsNoTracking().Where(c => c.Id == customer.Id)
            .Select(c => EF.Property<string>(c, CustomerListsSchema.Tags)).SingleAsync(Ct);

        await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER customer_lists_tags_ai ON "CustomerTags" """, Ct);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "CustomerTags" ("CustomerId", "Name") VALUES ({customer.Id}, {tag})""", Ct);
        Assert.DoesNotContain(tag, await ListAsync(), StringComparison.Ordinal);

        await CustomerListsSchema.EnsureAsync(db, Ct);

        Assert.Equal(customer.Tags.Append(tag).Order(StringComparer.Ordinal), (await ListAsync()).Split('\u001f').Order(StringComparer.Ordinal));
        var later = CustomerSamples.NewTag();
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "CustomerTags" ("CustomerId", "Name") VALUES ({customer.Id}, {later})""", Ct);
        Assert.Contains(later, await ListAsync(), StringComparison.Ordinal);
    }
}
