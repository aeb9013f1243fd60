using System.Globalization;
using System.IO.Compression;
using Rapport.Core.Audit;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Privacy;
using Rapport.Core.Privacy.Requests;
using Rapport.Core.Quality;
using Rapport.Server.Privacy;
using Rapport.Server.Tests.Mail;

namespace Rapport.Server.Tests.Privacy;

/// <summary>Data-subject requests on both databases: intake and deadlines by regime, status moves, the access ZIP (made
/// in the background, its progress watched) with a canary from every table that can hold the subject's data, erasure that leaves no canary outside legal-hold rows
/// while the audit chain still verifies, restriction, the public form's email verification, and field classification
/// driving masking, export and the ZIP.</summary>
public abstract class SubjectRequestTests(MailApp app)
{
    private const string Url = "/api/v1/privacy/requests";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A subject with a distinct canary in every table that can hold their data; the canaries by table.</summary>
    private async Task<(CustomerDto Customer, string Email, Dictionary<string, string> Canaries)> SubjectAsync(HttpClient admin, string? nationalId = null)
    {
        var k = "k" + Unique();
        var email = $"{k}.mail@example.com";
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: $"{k}-customers") with
        {
            Kind = CustomerKind.Individual,
            Emails = [email],
            NationalId = nationalId,
            Notes = $"{k}-internalnote",
        });
        var c = new Dictionary<string, string>
        {
            ["customers"] = $"{k}-customers", ["email"] = email, ["contacts"] = $"{k}-contacts", ["leads"] = $"{k}-leads",
            ["lead_activities"] = $"{k}-leadactivity", ["interactions"] = $"{k}-interactions", ["cases"] = $"{k}-cases",
            ["case_messages"] = $"{k}-casemessage", ["case_attachments"] = $"{k}-caseattachment", ["opportunities"] = $"{k}-opportunity",
            ["quotes"] = $"{k}-quote", ["orders"] = $"{k}-order", ["invoices"] = $"{k}-invoice", ["payments"] = $"{k}-payment",
            ["contracts"] = $"{k}-contract", ["consents"] = $"{k}-consent",
        };
        var adminId = await admin.MeAsync();
        await app.WithDbAsync(async db =>
        {
            var stage = await db.PipelineStages.AsNoTracking().OrderBy(s => s.Order).FirstAsync(Ct);
            var lead = new Lead { Name = c["leads"], Email = email };
            var contact = new Contact { CustomerId = customer.Id, Name = c["contacts"], Emails = [email] };
            var deal = new Opportunity
            {
                Name = "Deal " + k, CustomerId = customer.Id, OwnerId = adminId, PipelineId = stage.PipelineId, StageId = stage.Id,
                AmountMinor = 100_00, Currency = "CNY", StageEnteredAt = DateTime.UtcNow, NextStep = c["opportunities"],
            };
            var order = new Order { Number = "SO-" + Unique(), CustomerId = customer.Id, OwnerId = adminId, Currency = "CNY", TotalMinor = 100_00, CreatedAt = DateTime.UtcNow, ExternalId = c["orders"] };
            var invoice = new Invoice { Number = "INV-" + Unique(), OrderId = order.Id, CustomerId = customer.Id, Currency = "CNY", IssuedOn = Today, DueOn = Today, AmountMinor = 100_00, ExternalId = c["invoices"] };
            var @case = new Case { Number = "CS-" + Unique(), Subject = c["cases"], CustomerId = customer.Id, OwnerId = adminId };
            var message = new CaseMessage { CaseId = @case.Id, Kind = CaseMessageKind.CustomerMessage, Body = c["case_messages"], FromAddress = email, At = DateTime.UtcNow };
            var campaign = new Campaign { Name = "Campaign " + k, Currency = "CNY" };
            var segment = new Segment { Name = "Segment " + k, OwnerId = adminId };
            db.AddRange(lead, contact, deal, order, invoice, @case, message, campaign, segment,
                new LeadActivity { LeadId = lead.Id, Subject = c["lead_activities"], Kind = InteractionKind.Call, OccurredAt = DateTime.UtcNow },
                new Interaction { CustomerId = customer.Id, Subject = c["interactions"], Kind = InteractionKind.Call, OccurredAt = DateTime.UtcNow },
                new CaseAttachment { CaseId = @case.Id, MessageId = message.Id, FileName = c["case_attachments"], ContentType = "text/plain", Sha256 = "00" },
                new Quote { Number = "Q-" + Unique(), OpportunityId = deal.Id, CustomerId = customer.Id, Currency = "CNY", Notes = c["quotes"] },
                new Payment { InvoiceId = invoice.Id, AmountMinor = 10_00, PaidOn = Today, Reference = c["payments"], CreatedAt = DateTime.UtcNow },
                new Contract { Number = "CT-" + Unique(), CustomerId = customer.Id, Title = c["contracts"], Currency = "CNY", StartDate = Today, EndDate = Today.AddYears(1) },
                new ConsentEntry { CustomerId = customer.Id, Purpose = ConsentPurpose.MarketingEmail, Address = email, Granted = true, Source = ConsentSource.Agent, Proof = c["consents"], At = DateTime.UtcNow, RecordedAt = DateTime.UtcNow },
                new CampaignMember { CampaignId = campaign.Id, CustomerId = customer.Id, Email = email },
                new SegmentMember { SegmentId = segment.Id, CustomerId = customer.Id });
            return await db.SaveChangesAsync(Ct);
        });
        return (customer, email, c);
    }

    private static async Task<SubjectRequestDto> CreateAsync(HttpClient client, SubjectRequestInput input) =>
        await client.PostCreatedAsync<SubjectRequestDto>(Url, input);

    private static async Task<SubjectRequestDto> PostAsync(HttpClient client, string url, object? body = null)
    {
        var response = body is null ? await client.PostAsync(url, null, Ct) : await client.PostJsonAsync(url, body);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<SubjectRequestDto>();
    }

    private static async Task<SubjectExportRunDto> ProgressAsync(HttpClient client, Guid requestId)
    {
        var response = await client.GetAsync($"{Url}/{requestId}/export/progress", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<SubjectExportRunDto>();
    }

    /// <summary>Follows the request's ZIP until it is no longer being made; its last progress.</summary>
    private static async Task<SubjectExportRunDto> WaitForZipAsync(HttpClient client, Guid requestId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var run = await ProgressAsync(client, requestId);
            if (run.State != "running") return run;
            await Task.Delay(25, deadline.Token);
        }
    }

    /// <summary>Starts the request's ZIP (the answer: the request, moved on) and waits until it is made; the request then.</summary>
    private static async Task<SubjectRequestDto> ExportAsync(HttpClient client, Guid requestId)
    {
        var started = await PostAsync(client, $"{Url}/{requestId}/export");
        Assert.Equal(SubjectRequestStatus.InProgress, started.Status);
        Assert.Equal("done", (await WaitForZipAsync(client, requestId)).State);
        return await (await client.GetAsync($"{Url}/{requestId}", Ct)).ReadAsync<SubjectRequestDto>();
    }

    private static async Task<Dictionary<string, string>> ZipAsync(HttpClient client, Guid requestId)
    {
        var response = await client.GetAsync($"{Url}/{requestId}/export", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), ZipArchiveMode.Read);
        var files = new Dictionary<string, string>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            files[entry.FullName] = await reader.ReadToEndAsync(Ct);
        }
        return files;
    }

    [Fact]
    public async Task An_agent_takes_a_request_due_by_its_regime_and_moves_it_to_completed_or_refused_with_a_reason()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var gdpr = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Access, customer.Id, Regime: PrivacyRegime.Gdpr));
        Assert.Equal(SubjectRequestStatus.Received, gdpr.Status);
        Assert.StartsWith("DSR-", gdpr.Number, StringComparison.Ordinal);
        Assert.Equal(customer.Name, gdpr.CustomerName);
        Assert.Equal(gdpr.ReceivedAt!.Value.AddMonths(1), gdpr.DueAt);

        await (await admin.PutJsonAsync("/api/v1/admin/settings/subject-requests", new SubjectRequestSettings(PrivacyRegime.Gdpr, 10)))
            .ShouldBeAsync(HttpStatusCode.OK);
        var pipl = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Rectification, Email: "Someone@Example.com", Regime: PrivacyRegime.Pipl));
        Assert.Equal(pipl.ReceivedAt!.Value.AddDays(10), pipl.DueAt);
        Assert.Equal("someone@example.com", pipl.Email);

        await (await admin.PostJsonAsync(Url, new SubjectRequestInput(SubjectRequestType.Access))).ShouldRejectAsync("customerId", "Privacy.SubjectRequired");
        await (await admin.PostJsonAsync($"{Url}/{gdpr.Id}/move", new SubjectRequestMove(SubjectRequestStatus.Completed)))
            .ShouldRejectAsync("status", "Privacy.BadMove");
        await (await admin.PostJsonAsync($"{Url}/{pipl.Id}/move", new SubjectRequestMove(SubjectRequestStatus.Refused)))
            .ShouldRejectAsync("reason", "Validation.Required");

        var verifying = await PostAsync(admin, $"{Url}/{gdpr.Id}/move", new SubjectRequestMove(SubjectRequestStatus.Verifying));
        var working = await PostAsync(admin, $"{Url}/{gdpr.Id}/move", new SubjectRequestMove(SubjectRequestStatus.InProgress));
        var done = await PostAsync(admin, $"{Url}/{gdpr.Id}/move", new SubjectRequestMove(SubjectRequestStatus.Completed));
        Assert.Equal([SubjectRequestStatus.Verifying, SubjectRequestStatus.InProgress, SubjectRequestStatus.Completed], [verifying.Status, working.Status, done.Status]);
        Assert.NotNull(done.ClosedAt);
        var refused = await PostAsync(admin, $"{Url}/{pipl.Id}/move", new SubjectRequestMove(SubjectRequestStatus.Refused, "Manifestly unfounded"));
        Assert.Equal("Manifestly unfounded", refused.RefusalReason);
    }

    [Fact]
    public async Task The_list_pages_by_keyset_and_flags_requests_past_their_deadline()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var old = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Access, customer.Id, Regime: PrivacyRegime.Gdpr));
        // Received 32 days ago: its month is over.
        await app.WithDbAsync(db => db.SubjectRequests.Where(r => r.Id == old.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ReceivedAt, r => r.ReceivedAt!.Value.AddDays(-32)).SetProperty(r => r.DueAt, r => r.DueAt!.Value.AddDays(-32)), Ct));
        var fresh = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Objection, customer.Id, Regime: PrivacyRegime.Gdpr));

        var overdue = await admin.GetPageAsync<SubjectRequestDto>($"{Url}?overdue=true&limit=200");
        Assert.Contains(overdue.Items, r => r.Id == old.Id && r.Overdue);
        Assert.DoesNotContain(overdue.Items, r => r.Id == fresh.Id);
        var first = await admin.GetPageAsync<SubjectRequestDto>($"{Url}?limit=1");
        Assert.Equal(fresh.Id, Assert.Single(first.Items).Id);
        Assert.NotNull(first.NextCursor);
        var second = await admin.GetPageAsync<SubjectRequestDto>($"{Url}?limit=1&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        Assert.Equal(old.Id, Assert.Single(second.Items).Id);
        Assert.True(second.Items[0].Overdue);

        var (auditor, _) = await app.NewUserAsync(Roles.Auditor);
        await (await auditor.GetAsync($"{Url}/{old.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await auditor.PostJsonAsync(Url, new SubjectRequestInput(SubjectRequestType.Access, customer.Id))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        await (await rep.GetAsync(Url, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_access_zip_holds_a_canary_from_every_table_and_nothing_of_another_customer()
    {
        var admin = await app.AdminClientAsync();
        var (customer, email, canaries) = await SubjectAsync(admin, "11010519491231002X");
        var (_, otherEmail, others) = await SubjectAsync(admin);
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Access, customer.Id, Email: email, Language: "zh-CN"));

        var exported = await ExportAsync(admin, request.Id);
        Assert.True(exported.HasExport);
        Assert.Equal(SubjectRequestStatus.InProgress, exported.Status);
        var files = await ZipAsync(admin, request.Id);

        var all = string.Concat(files.Values);
        foreach (var (table, canary) in canaries)
        {
            Assert.True(all.Contains(canary, StringComparison.Ordinal), $"{table}: canary {canary} missing from the ZIP");
            if (table != "email")
            {
                Assert.Contains(canary, files[table + ".json"], StringComparison.Ordinal);
                Assert.Contains(canary, files[table + ".csv"], StringComparison.Ordinal);
            }
        }
        Assert.Contains("11010519491231002X", files["customers.json"], StringComparison.Ordinal);
        foreach (var table in new[] { "campaign_memberships", "segment_memberships", "audit_references" })
            Assert.True(files.ContainsKey(table + ".json") && files.ContainsKey(table + ".csv"), table);
        Assert.Contains(customer.Id.ToString(), files["audit_references.json"], StringComparison.Ordinal);
        Assert.Contains("个人数据", files["README.txt"], StringComparison.Ordinal);
        // Internal notes are the company's own working, not the subject's data (classification: customer.notes internal).
        Assert.DoesNotContain("internalnote", all, StringComparison.Ordinal);
        foreach (var (table, canary) in others)
            Assert.False(all.Contains(canary, StringComparison.Ordinal), $"another customer's {table} canary is in the ZIP");
        Assert.DoesNotContain(otherEmail, all, StringComparison.Ordinal);

        var (auditor, _) = await app.NewUserAsync(Roles.Auditor);
        await (await auditor.GetAsync($"{Url}/{request.Id}/export", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == request.Id.ToString()).Select(a => a.Action).ToListAsync(Ct));
        Assert.Contains(AuditActions.SubjectExported, actions);
        Assert.Contains(AuditActions.SubjectExportDownloaded, actions);
    }

    [Fact]
    public async Task The_access_zip_is_made_in_the_background_and_any_agent_working_requests_watches_its_progress_and_downloads_it()
    {
        var admin = await app.AdminClientAsync();
        var (customer, email, canaries) = await SubjectAsync(admin);
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Portability, customer.Id, Email: email));
        var desk = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Privacy desk " + Unique(), null, false,
            [Permissions.PrivacyRead, Permissions.PrivacyManage], null));
        var (agent, agentId) = await app.NewUserAsync(desk.Name);
        var (auditor, _) = await app.NewUserAsync(Roles.Auditor);
        var before = await ProgressAsync(agent, request.Id);
        Assert.Equal(("none", 0, (string?)null), (before.State, before.Percent, before.Download));

        var adminId = await admin.MeAsync();
        var started = await PostAsync(admin, $"{Url}/{request.Id}/export");

        Assert.Equal((SubjectRequestStatus.InProgress, false), (started.Status, started.HasExport));
        var run = await WaitForZipAsync(agent, request.Id);
        Assert.Equal(("done", 100, (string?)null), (run.State, run.Percent, run.Error));
        Assert.Equal((run.Tables, $"{Url}/{request.Id}/export"), (run.TablesDone, run.Download));
        var files = await ZipAsync(agent, request.Id);
        Assert.Equal(run.Tables, files.Keys.Count(f => f.EndsWith(".json", StringComparison.Ordinal)));
        // Every row written counted once: the README's counts per table add up to the progress's rows.
        var counted = 0L;
        foreach (var line in files["README.txt"].Split('\n', StringSplitOptions.TrimEntries))
            if (line.Split(": ") is [_, var n] && int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows)) counted += rows;
        Assert.True(counted > 0);
        Assert.Equal(counted, run.Rows);
        Assert.Contains(canaries["contacts"], files["contacts.csv"], StringComparison.Ordinal);
        var done = await (await agent.GetAsync($"{Url}/{request.Id}", Ct)).ReadAsync<SubjectRequestDto>();
        Assert.True(done.HasExport);
        Assert.True(done.Version > started.Version, "the ZIP is recorded on the request");
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == request.Id.ToString())
            .Select(a => new { a.Action, a.UserId }).ToListAsync(Ct));
        Assert.Contains(entries, a => a.Action == AuditActions.SubjectExported && a.UserId == adminId);
        Assert.Contains(entries, a => a.Action == AuditActions.SubjectExportDownloaded && a.UserId == agentId);

        await (await auditor.GetAsync($"{Url}/{request.Id}/export/progress", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.PostAsync($"{Url}/{request.Id}/export", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.GetAsync($"{Url}/{Guid.NewGuid()}/export/progress", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Rows per table whose text (any column, cast to text) contains <paramref name="canary"/>, by raw SQL.</summary>
    private Task<Dictionary<string, int>> ScanAsync(string canary) => app.WithDbAsync(async db =>
    {
        var hits = new Dictionary<string, int>();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var where = string.Join(" OR ", table.Columns.Select(c => $"CAST(\"{c.Name}\" AS TEXT) LIKE {{0}}"));
            var name = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
            var sql = "SELECT COUNT(*) AS \"Value\" FROM " + name + " WHERE " + where;
            var n = await db.Database.SqlQueryRaw<int>(sql, "%" + canary + "%").SingleAsync(Ct);
            if (n > 0) hits[table.Name] = n;
        }
        return hits;
    });

    [Fact]
    public async Task Erasure_leaves_no_canary_outside_legal_hold_rows_and_the_audit_chain_still_verifies()
    {
        var admin = await app.AdminClientAsync();
        var (customer, email, canaries) = await SubjectAsync(admin, "11010519491231002X");
        var (other, _, others) = await SubjectAsync(admin);
        foreach (var (table, canary) in canaries)
            Assert.True((await ScanAsync(canary)).Count > 0, $"{table} canary not seeded");
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Erasure, customer.Id, Email: email));
        // The attachments' files on disk: the subject's goes with the erasure, the other customer's stays.
        var store = CaseService.StoreOf(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CaseOptions>>().Value, app.Services.GetRequiredService<DatabaseOptions>());
        var files = await app.WithDbAsync(db => db.CaseAttachments.AsNoTracking()
            .Where(a => a.FileName == canaries["case_attachments"] || a.FileName == others["case_attachments"])
            .Select(a => new { a.CaseId, a.Id, Mine = a.FileName == canaries["case_attachments"] }).ToListAsync(Ct));
        Assert.Contains(files, f => f.Mine);
        Assert.Contains(files, f => !f.Mine);
        foreach (var f in files)
            await store.SaveGeneratedAsync(f.CaseId, f.Id, s => s.WriteAsync("scan of an ID card"u8.ToArray(), Ct).AsTask());

        var lead = await app.WithDbAsync(db => db.Leads.IgnoreQueryFilters().AsNoTracking().Where(l => l.Name == canaries["leads"]).Select(l => new { l.Id, l.Version }).SingleAsync(Ct));

        var erased = await PostAsync(admin, $"{Url}/{request.Id}/erase");
        // The erased lead has a new version, so an import's undo (which checks it) cannot put the old values back.
        Assert.True(await app.WithDbAsync(db => db.Leads.IgnoreQueryFilters().AsNoTracking().Where(l => l.Id == lead.Id).Select(l => l.Version).SingleAsync(Ct)) > lead.Version);
        foreach (var f in files)
        {
            using var left = store.Open(f.CaseId, f.Id);
            Assert.True(f.Mine ? left is null : left is not null, f.Mine ? "the subject's attachment file is still on disk" : "another customer's file was deleted");
        }

        Assert.Equal(SubjectRequestStatus.Completed, erased.Status);
        // Invoices and payments are accounting records (legal hold); orders and contracts are kept with them. The audit
        // trail keeps its entries (never rewritten, so its chain verifies; they age out with its retention).
        string[] kept = ["Invoices", "Payments", "Orders", "Contracts", "AuditEntries"];
        foreach (var (table, canary) in canaries)
        {
            var left = await ScanAsync(canary);
            Assert.True(left.Keys.All(kept.Contains), $"{table} canary {canary} still in " + string.Join(", ", left.Keys.Except(kept)));
        }
        Assert.Contains("Invoices", (await ScanAsync(canaries["invoices"])).Keys);
        Assert.Contains("Payments", (await ScanAsync(canaries["payments"])).Keys);
        var id = await ScanAsync("11010519491231002X");
        Assert.True(!id.Keys.Except(kept).Any(), "national ID still in " + string.Join(", ", id.Keys));
        Assert.Contains(erased.Outcome!.Kept, k => k.Table == "invoices" && k.Reason == "Privacy.Kept.LegalHold");
        Assert.Contains(erased.Outcome.Changed, k => k.Table == "interactions" && k.Rows == 1);
        Assert.Contains(erased.Outcome.Changed, k => k.Table == "contacts" && k.Rows == 1);
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.SubjectErased).Select(a => new { a.EntityType, a.Changes }).ToListAsync(Ct));
        foreach (var line in erased.Outcome.Changed)
            Assert.Single(entries, e => e.EntityType == line.Table && e.Changes!.Contains(request.Number, StringComparison.Ordinal));

        var after = await admin.GetCustomerAsync(customer.Id);
        Assert.StartsWith("Erased ", after.Name, StringComparison.Ordinal);
        Assert.Empty(after.Emails);
        Assert.DoesNotContain(customer.Id, (await admin.SearchAsync(canaries["customers"])).Select(h => h.Id));
        Assert.Contains(customer.Id, (await admin.SearchAsync(after.Name)).Select(h => h.Id));
        foreach (var (table, canary) in others)
            Assert.True((await ScanAsync(canary)).Count > 0, $"another customer's {table} was erased too");
        Assert.Equal(other.Name, (await admin.GetCustomerAsync(other.Id)).Name);

        await app.ShouldVerifyAuditChainAsync();
    }

    private static async Task<CustomerMergeDto> MergeAsync(HttpClient client, string url, MergeInput input)
    {
        var response = await client.PostJsonAsync(url, input);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<CustomerMergeDto>();
    }

    [Fact]
    public async Task Erasure_clears_the_merge_a_subject_survived_and_its_undo_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var k = "m" + Unique();
        var subject = await admin.CreateAsync(CustomerSamples.Valid(name: $"{k}-survivor") with { Kind = CustomerKind.Individual, Notes = $"{k}-note" });
        var duplicate = await admin.CreateAsync(CustomerSamples.Valid(name: "Duplicate " + Unique()) with { Kind = CustomerKind.Individual, Notes = "from the duplicate" });
        var merge = await MergeAsync(admin, $"{CustomersUrl}/{subject.Id}/merge", new MergeInput(duplicate.Id, duplicate.Version, ["notes"]));
        // What the merge keeps for its undo holds the subject's former name and notes.
        Assert.Contains("CustomerMerges", (await ScanAsync($"{k}-note")).Keys);
        Assert.Contains("CustomerMerges", (await ScanAsync($"{k}-survivor")).Keys);
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Erasure, subject.Id));

        var erased = await PostAsync(admin, $"{Url}/{request.Id}/erase");

        Assert.Contains(erased.Outcome!.Changed, l => l.Table == "customer_merges" && l.Rows == 1);
        Assert.DoesNotContain("CustomerMerges", (await ScanAsync($"{k}-note")).Keys);
        Assert.DoesNotContain("CustomerMerges", (await ScanAsync($"{k}-survivor")).Keys);
        var after = await (await admin.GetAsync($"/api/v1/quality/merges/{merge.Id}", Ct)).ReadAsync<CustomerMergeDto>();
        Assert.NotNull(after.ErasedAt);
        Assert.Null(after.UndoneAt);
        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldRejectAsync("merge", "Quality.MergeErased");
        // Nothing was put back: the duplicate stays in the recycle bin and the subject stays erased.
        await (await admin.GetAsync($"{CustomersUrl}/{duplicate.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        Assert.StartsWith("Erased ", (await admin.GetCustomerAsync(subject.Id)).Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_by_phone_clears_a_merged_away_contact_the_survivor_no_longer_names_and_its_undo_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var k = "mc" + Unique();
        var company = await admin.CreateAsync(CustomerSamples.Valid());
        var survivor = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{company.Id}/contacts",
            new ContactInput { Name = "Li " + Unique(), Emails = [$"li{Unique()}@example.com"] });
        var subject = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{company.Id}/contacts", new ContactInput
        {
            Name = $"{k}-contact", Title = "CFO", Emails = [$"{k}.mail@example.com"], Phones = [CustomerSamples.ChinaMobile()],
        });
        var merge = await MergeAsync(admin, $"{CustomersUrl}/{company.Id}/contacts/{survivor.Id}/merge", new MergeInput(subject.Id, subject.Version));
        // The survivor drops the subject's phone and email again: only the merge still holds them (the merged-away
        // contact is no row of its own).
        await (await admin.PutJsonAsync($"{CustomersUrl}/{company.Id}/contacts/{survivor.Id}",
            new ContactInput { Name = survivor.Name, Emails = [.. survivor.Emails], Phones = [] })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(["CustomerMerges"], (await ScanAsync($"{k}-contact")).Keys.Where(t => t != "AuditEntries"));
        Assert.Contains("CustomerMerges", (await ScanAsync($"{k}.mail@example.com")).Keys);
        var other = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{company.Id}/contacts", new ContactInput { Name = "Zhou " + Unique(), Emails = [$"zhou{Unique()}@example.com"] });
        var kept = await MergeAsync(admin, $"{CustomersUrl}/{company.Id}/contacts/{survivor.Id}/merge", new MergeInput(other.Id));
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Erasure, Phone: subject.Phones[0]));

        var erased = await PostAsync(admin, $"{Url}/{request.Id}/erase");

        Assert.Contains(erased.Outcome!.Changed, l => l.Table == "customer_merges" && l.Rows == 1);
        Assert.DoesNotContain("CustomerMerges", (await ScanAsync($"{k}-contact")).Keys);
        Assert.DoesNotContain("CustomerMerges", (await ScanAsync($"{k}.mail@example.com")).Keys);
        Assert.DoesNotContain("CustomerMerges", (await ScanAsync(subject.Phones[0][1..])).Keys);
        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldRejectAsync("merge", "Quality.MergeErased");
        await (await admin.GetAsync($"{CustomersUrl}/{company.Id}/contacts/{subject.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        // Another merge into the same contact, of someone else, keeps its undo.
        Assert.Null((await (await admin.GetAsync($"/api/v1/quality/merges/{kept.Id}", Ct)).ReadAsync<CustomerMergeDto>()).ErasedAt);
        await (await admin.PostAsync($"/api/v1/quality/merges/{kept.Id}/undo", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_restricted_customer_gets_no_marketing_mail_whatever_their_consent_says()
    {
        var admin = await app.AdminClientAsync();
        var (customer, email, _) = await SubjectAsync(admin);
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Restriction, customer.Id));
        async Task<bool> RefusedAsync() => await app.WithAsync(async sp =>
            (await sp.GetRequiredService<ConsentGate>().RefusedAsync([email], ConsentPurpose.MarketingEmail, Ct)).Contains(email));
        Assert.False(await RefusedAsync());

        var restricted = await PostAsync(admin, $"{Url}/{request.Id}/restrict");
        Assert.Contains(restricted.Outcome!.Changed, l => l.Table == "customers" && l.Rows == 1);
        Assert.True(await RefusedAsync());
        await PostAsync(admin, $"{Url}/{request.Id}/lift-restriction");
        Assert.False(await RefusedAsync());
        await (await admin.PostAsync($"{Url}/{(await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Access, customer.Id))).Id}/erase", null, Ct))
            .ShouldRejectAsync("type", "Privacy.NotErasure");
    }

    [Fact]
    public async Task A_public_request_is_received_only_once_the_emailed_link_is_opened()
    {
        var visitor = app.CreateClient();
        var admin = await app.AdminClientAsync();
        var email = $"dsr{Unique()}@example.com";
        await (await visitor.GetAsync("/privacy/request", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var posted = await visitor.PostAsync("/privacy/request", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["type"] = "Erasure", ["name"] = "Wang Fang", ["email"] = email, ["regime"] = "Pipl", ["details"] = "Please delete me",
        }), Ct);
        await posted.ShouldBeAsync(HttpStatusCode.OK);

        var pending = Assert.Single((await admin.GetPageAsync<SubjectRequestDto>($"{Url}?status=Unverified&limit=200")).Items, r => r.Email == email);
        Assert.True(pending.FromPublicForm);
        Assert.Null(pending.DueAt);
        await (await admin.PostAsync($"{Url}/{pending.Id}/erase", null, Ct)).ShouldRejectAsync("status", "Privacy.NotWorkable");
        var mail = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Correlation == $"subjectrequest:{pending.Id}", Ct));
        Assert.Contains(email, mail.To, StringComparison.Ordinal);
        Assert.Equal($"Please confirm your data protection request {pending.Number}", mail.Subject);
        Assert.StartsWith("Hello Wang Fang,", mail.TextBody, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody, @"/privacy/verify/[A-Za-z0-9_\-]+").Value;
        Assert.NotEmpty(link);
        await (await visitor.GetAsync("/privacy/verify/" + link[^10..] + "x", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);

        await (await visitor.GetAsync(link, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var received = await admin.GetFromJsonAsync<SubjectRequestDto>($"{Url}/{pending.Id}", Json.Options, Ct);
        Assert.Equal(SubjectRequestStatus.Received, received!.Status);
        Assert.Equal(received.ReceivedAt!.Value.AddDays((await admin.GetFromJsonAsync<SubjectRequestSettings>("/api/v1/admin/settings/subject-requests", Json.Options, Ct))!.PiplDays), received.DueAt);
        var bad = await visitor.PostAsync("/privacy/request", new FormUrlEncodedContent(new Dictionary<string, string> { ["type"] = "Access", ["name"] = "X", ["email"] = "not-an-address" }), Ct);
        await bad.ShouldBeAsync(HttpStatusCode.BadRequest);
        // Longer than the column: a clear 400 on both databases (PostgreSQL would refuse the row with a 500 otherwise).
        var huge = await visitor.PostAsync("/privacy/request", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["type"] = "Access", ["name"] = new string('名', SubjectRequest.NameMax + 1), ["email"] = $"long{Unique()}@example.com" }), Ct);
        await huge.ShouldBeAsync(HttpStatusCode.BadRequest);
        await (await admin.PostJsonAsync(Url, new SubjectRequestInput(SubjectRequestType.Access, null, Email: $"long{Unique()}@example.com",
            Notes: new string('x', SubjectRequest.NotesMax + 1)))).ShouldRejectAsync("notes", "Validation.TooLong");
    }

    private async Task ClassifyAsync(HttpClient admin, Dictionary<string, DataClass> classes) =>
        await (await admin.PutJsonAsync("/api/v1/admin/settings/data-classification", new DataClassification(classes))).ShouldBeAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Classifying_a_field_sensitive_masks_it_for_readers_without_reveal_and_keeps_it_out_of_their_exports()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (marketing, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        var customer = await admin.CreateAsync(CustomerSamples.Valid(tag: "cls" + Unique()) with { OwnerId = repId });
        Assert.Equal(customer.Phones, (await rep.GetCustomerAsync(customer.Id)).Phones);
        async Task<string> HeaderAsync(HttpClient client)
        {
            var response = await client.GetAsync($"{CustomersUrl}/export?tag={customer.Tags[0]}", Ct);
            await response.ShouldBeAsync(HttpStatusCode.OK);
            return (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split('\n')[0];
        }
        // Out of the box national ID, bank account and birth date are sensitive: only privacy.export takes them out.
        Assert.DoesNotContain("nationalId", await HeaderAsync(marketing), StringComparison.Ordinal);
        Assert.Contains(",phone,", await HeaderAsync(marketing), StringComparison.Ordinal);
        Assert.Contains("nationalId", await HeaderAsync(admin), StringComparison.Ordinal);

        await ClassifyAsync(admin, new() { ["customer.phones"] = DataClass.SensitivePersonal });
        try
        {
            var masked = await rep.GetCustomerAsync(customer.Id);
            Assert.All(masked.Phones, p => Assert.True(SensitiveFields.IsMasked(p), p));
            Assert.DoesNotContain(",phone,", await HeaderAsync(marketing), StringComparison.Ordinal);
            Assert.Contains(",phone,", await HeaderAsync(admin), StringComparison.Ordinal);
            var fields = await admin.GetFromJsonAsync<List<ClassifiedFieldDto>>("/api/v1/admin/settings/data-classification", Json.Options, Ct);
            Assert.Contains(fields!, f => f.Entity == "customer" && f.Field == "phones" && f.Class == DataClass.SensitivePersonal && f.Default == DataClass.Personal);
        }
        finally
        {
            await ClassifyAsync(admin, []);
        }
        Assert.Equal(customer.Phones, (await rep.GetCustomerAsync(customer.Id)).Phones);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/data-classification", new DataClassification(new Dictionary<string, DataClass> { ["customer.shoeSize"] = DataClass.Public })))
            .ShouldRejectAsync("classes", "Validation.UnknownClassifiedField");
    }

    [Fact]
    public async Task Internal_notes_join_the_access_zip_once_they_are_classified_personal()
    {
        var admin = await app.AdminClientAsync();
        var (customer, _, _) = await SubjectAsync(admin);
        var request = await CreateAsync(admin, new SubjectRequestInput(SubjectRequestType.Portability, customer.Id));
        await ExportAsync(admin, request.Id);
        Assert.DoesNotContain("internalnote", (await ZipAsync(admin, request.Id))["customers.json"], StringComparison.Ordinal);

        await ClassifyAsync(admin, new() { ["customer.notes"] = DataClass.Personal });
        try
        {
            await ExportAsync(admin, request.Id);
            Assert.Contains("internalnote", (await ZipAsync(admin, request.Id))["customers.json"], StringComparison.Ordinal);
        }
        finally
        {
            await ClassifyAsync(admin, []);
        }
    }
}

public sealed class SubjectRequestsOnSqlite(MailSqliteApp app) : SubjectRequestTests(app), IClassFixture<MailSqliteApp>;

public sealed class SubjectRequestsOnPostgres(MailPostgresApp app) : SubjectRequestTests(app), IClassFixture<MailPostgresApp>;
