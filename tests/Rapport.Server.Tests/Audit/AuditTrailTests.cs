using System.Text.Json;
using Rapport.Core.Audit;

namespace Rapport.Server.Tests.Audit;

/// <summary>Every audited action leaves an entry with who, what and before/after; the chain catches tampering.</summary>
public abstract class AuditTrailTests(RapportApp app)
{
    private async Task<List<AuditEntryDto>> EntriesAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"/api/v1/audit?limit=200&{query}", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<Page<AuditEntryDto>>()).Items.ToList();
    }

    private Task<List<AuditEntryDto>> ForAsync(HttpClient admin, string type, Guid id) =>
        EntriesAsync(admin, $"entityType={type}&entityId={id}");

    private static string? Field(AuditEntryDto e, string field, string side) =>
        e.Changes is { } c && c.TryGetProperty(field, out var f) && f.TryGetProperty(side, out var v)
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())
            : null;

    [Fact]
    public async Task Customer_lifecycle_is_audited_with_who_and_field_level_changes()
    {
        var admin = await app.AdminClientAsync();
        var created = await admin.CreateAsync(CustomerSamples.Valid(name: "Audit Original Ltd", phone: "+1 650 253 0001"));
        var update = CustomerSamples.Valid(name: "Audit Renamed Ltd", phone: "+1 650 253 0002");
        await (await admin.PutJsonAsync($"{CustomersUrl}/{created.Id}", update)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"{CustomersUrl}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.PostAsync($"/api/v1/recycle-bin/customers/{created.Id}/restore", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"{CustomersUrl}/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/v1/recycle-bin/customers/{created.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var entries = await ForAsync(admin, "customer", created.Id);

        Assert.Equal(["customer.created", "customer.updated", "customer.deleted", "customer.restored", "customer.deleted", "customer.purged"],
            entries.Select(e => e.Action).Reverse());
        Assert.All(entries, e => Assert.Equal("admin", e.UserName));
        var createdEntry = entries.Single(e => e.Action == "customer.created");
        Assert.Equal("Audit Original Ltd", Field(createdEntry, "name", "after"));
        var updated = entries.Single(e => e.Action == "customer.updated");
        Assert.Equal("Audit Original Ltd", Field(updated, "name", "before"));
        Assert.Equal("Audit Renamed Ltd", Field(updated, "name", "after"));
        Assert.Contains("+16502530001", Field(updated, "phones", "removed"), StringComparison.Ordinal);
        Assert.Contains("+16502530002", Field(updated, "phones", "added"), StringComparison.Ordinal);
        Assert.Contains("Audit Renamed Ltd", entries.Single(e => e.Action == "customer.purged").Changes!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contacts_and_interactions_are_audited_including_deletes()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "王芳", Phones = [CustomerSamples.ChinaMobile()] })).ReadAsync<ContactDto>();
        await (await admin.PutJsonAsync($"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}",
            new ContactInput { Name = "王芳芳", Phones = contact.Phones.ToList() })).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"{CustomersUrl}/{customer.Id}/contacts/{contact.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        var call = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/interactions",
            new InteractionInput { Kind = InteractionKind.Call, Subject = "Renewal call" })).ReadAsync<InteractionDto>();
        await (await admin.DeleteAsync($"{CustomersUrl}/{customer.Id}/interactions/{call.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var contactLog = await ForAsync(admin, "contact", contact.Id);
        var callLog = await ForAsync(admin, "interaction", call.Id);

        Assert.Equal(["contact.created", "contact.updated", "contact.deleted"], contactLog.Select(e => e.Action).Reverse());
        Assert.Equal("王芳", Field(contactLog[1], "name", "before"));
        Assert.Equal("王芳芳", Field(contactLog[1], "name", "after"));
        Assert.Equal("王芳芳", Field(contactLog[0], "name", "before"));
        Assert.Equal(["interaction.created", "interaction.deleted"], callLog.Select(e => e.Action).Reverse());
        Assert.Equal("Renewal call", Field(callLog[0], "subject", "before"));
    }

    [Fact]
    public async Task Sign_ins_sign_outs_and_tokens_are_audited_without_secrets()
    {
        var admin = await app.AdminClientAsync();
        var name = "audit-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserWithTokenAsync(name);
        var browser = app.CreateClient();
        await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "not-the-password"));
        await (await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword))).ShouldBeAsync(HttpStatusCode.OK);
        var token = await (await browser.PostJsonAsync("/api/v1/account/tokens", new TokenInput("audited", 1))).ReadAsync<CreatedToken>();
        await (await browser.DeleteAsync($"/api/v1/account/tokens/{token.Token.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await browser.PostAsync("/api/v1/account/logout", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var failed = await EntriesAsync(admin, "action=auth.signin.failed");
        var succeeded = await EntriesAsync(admin, "action=auth.signin.succeeded");
        var tokenLog = await ForAsync(admin, "token", token.Token.Id);
        var signOut = await EntriesAsync(admin, "action=auth.signout");

        Assert.Contains(failed, e => e.UserName == name && e.Changes!.Value.GetRawText().Contains("wrong password", StringComparison.Ordinal));
        Assert.Contains(succeeded, e => e.UserName == name);
        Assert.Equal(["token.created", "token.revoked"], tokenLog.Select(e => e.Action).Reverse());
        Assert.DoesNotContain(token.Secret, tokenLog[1].Changes?.GetRawText() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("tokenHash", tokenLog[1].Changes?.GetRawText() ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains(signOut, e => e.UserName == name);
        var all = await (await admin.GetAsync("/api/v1/audit/export?action=auth.signin.failed", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("not-the-password", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_permission_membership_and_settings_changes_are_audited()
    {
        var admin = await app.AdminClientAsync();
        var role = await (await admin.PostJsonAsync("/api/v1/roles", new Rapport.Core.Access.RoleInput("Audited " + Guid.NewGuid().ToString("N")[..6], null, false,
            [Rapport.Core.Access.Permissions.CustomersRead], null))).ReadAsync<Rapport.Core.Access.RoleDto>();
        await (await admin.PutJsonAsync($"/api/v1/roles/{role.Id}", new Rapport.Core.Access.RoleInput(role.Name, null, true,
            [Rapport.Core.Access.Permissions.CustomersExport], null))).ShouldBeAsync(HttpStatusCode.OK);
        var name = "member-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserWithTokenAsync(name);
        var member = (await EntriesAsync(admin, "action=user.created")).Single(e => Field(e, "userName", "after") == name);
        await (await admin.PutJsonAsync($"/api/v1/users/{member.EntityId}/access", new Rapport.Core.Access.UserAccessInput([role.Name], null, null))).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/audit", new AuditSettings(365))).ShouldBeAsync(HttpStatusCode.OK);
        await admin.PutJsonAsync("/api/v1/admin/settings/audit", AuditSettings.Defaults);

        var roleLog = await ForAsync(admin, "role", role.Id);
        var memberLog = await EntriesAsync(admin, $"entityType=user&entityId={member.EntityId}&action=user.updated");
        var settingLog = await EntriesAsync(admin, "entityType=setting&entityId=audit");

        var changed = roleLog.Single(e => e.Action == "role.updated");
        Assert.Contains(Rapport.Core.Access.Permissions.CustomersRead, Field(changed, "permissions", "removed"), StringComparison.Ordinal);
        Assert.Contains(Rapport.Core.Access.Permissions.CustomersExport, Field(changed, "permissions", "added"), StringComparison.Ordinal);
        Assert.Equal("true", Field(changed, "requireMfa", "after"));
        Assert.Contains(memberLog, e => Field(e, "roles", "added")?.Contains(role.Id.ToString(), StringComparison.OrdinalIgnoreCase) == true);
        Assert.Contains(settingLog, e => Field(e, "json", "after")?.Contains("365", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Password_hashes_are_masked_in_the_log()
    {
        var admin = await app.AdminClientAsync();
        var name = "masked-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserWithTokenAsync(name);

        var entry = (await EntriesAsync(admin, "action=user.created")).Single(e => Field(e, "userName", "after") == name);

        Assert.Equal(AuditInterceptor.Masked, Field(entry, "passwordHash", "after"));
        Assert.DoesNotContain("securityStamp", entry.Changes!.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_holders_of_audit_read_may_search_export_or_verify()
    {
        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("rep-" + Guid.NewGuid().ToString("N")[..6], Roles.SalesRepresentative));
        var auditor = app.ClientWithToken(await app.CreateUserWithTokenAsync("aud-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor));

        await (await rep.GetAsync("/api/v1/audit", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await rep.GetAsync("/api/v1/audit/export", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await rep.PostAsync("/api/v1/audit/verify", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.GetAsync("/api/v1/audit", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await auditor.PostAsync("/api/v1/audit/verify", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Search_pages_newest_first_without_gaps_and_export_escapes_formulas()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var made = new List<Guid>();
        for (var i = 0; i < 7; i++) made.Add((await admin.CreateAsync(CustomerSamples.Valid(tag: tag))).Id);
        await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest("=HYPERLINK(\"http://evil\")", "x"));

        var seen = new List<AuditEntryDto>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/v1/audit?action=customer.created&limit=3{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).ReadAsync<Page<AuditEntryDto>>();
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        var csv = await (await admin.GetAsync("/api/v1/audit/export?action=auth.signin.failed", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.At >= p.Second.At));
        Assert.All(made, id => Assert.Contains(seen, e => e.EntityId == id.ToString()));
        Assert.StartsWith("at,user,", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_passes_on_an_untouched_chain_and_catches_every_kind_of_tampering()
    {
        var admin = await app.AdminClientAsync();
        for (var i = 0; i < 30; i++) await admin.CreateAsync(CustomerSamples.Valid());
        await using var scope = app.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
        await chain.ChainPendingAsync(Ct);
        var clean = await chain.VerifyAsync(Ct);
        Assert.True(clean.Ok, clean.Reason);

        List<AuditEntry> snapshot;
        await using (var db = NewDb())
            snapshot = await db.AuditEntries.AsNoTracking().Where(e => e.ChainSeq != null).OrderBy(e => e.ChainSeq).ToListAsync(Ct);
        var first = snapshot[0].ChainSeq!.Value;
        var last = snapshot[^1].ChainSeq!.Value;
        var random = new Random(20261123);
        var detected = 0;
        for (var trial = 0; trial < 100; trial++)
        {
            var kind = trial % 4;
            var k = random.NextInt64(first, kind == 2 ? last : last + 1); // reorder swaps k and k+1
            long expected;
            await using (var db = NewDb())
            {
                switch (kind)
                {
                    case 0: // change one entry's content
                        await db.AuditEntries.Where(e => e.ChainSeq == k).ExecuteUpdateAsync(s => s.SetProperty(e => e.Action, "tampered"), Ct);
                        expected = k;
                        break;
                    case 1: // delete one entry
                        await db.AuditEntries.Where(e => e.ChainSeq == k).ExecuteDeleteAsync(Ct);
                        expected = k;
                        break;
                    case 2: // swap two neighbours
                        await db.AuditEntries.Where(e => e.ChainSeq == k).ExecuteUpdateAsync(s => s.SetProperty(e => e.ChainSeq, -1L), Ct);
                        await db.AuditEntries.Where(e => e.ChainSeq == k + 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.ChainSeq, k), Ct);
                        await db.AuditEntries.Where(e => e.ChainSeq == -1L).ExecuteUpdateAsync(s => s.SetProperty(e => e.ChainSeq, k + 1), Ct);
                        expected = k;
                        break;
                    default: // insert a forged entry before k, correctly hashed onto k-1, shifting the rest up
                        await db.AuditEntries.Where(e => e.ChainSeq >= k).ExecuteUpdateAsync(s => s.SetProperty(e => e.ChainSeq, e => -(e.ChainSeq + 1)), Ct);
                        await db.AuditEntries.Where(e => e.ChainSeq < 0).ExecuteUpdateAsync(s => s.SetProperty(e => e.ChainSeq, e => -e.ChainSeq), Ct);
                        var forged = new AuditEntry { At = AuditTrail.Truncate(DateTime.UtcNow), Action = "customer.deleted", UserName = "admin", ChainSeq = k };
                        forged.PrevHash = snapshot.Single(e => e.ChainSeq == k).PrevHash; // the hash of entry k-1
                        forged.Hash = AuditChain.ComputeHash(forged, forged.PrevHash);
                        db.AuditEntries.Add(forged);
                        await db.SaveChangesAsync(Ct);
                        expected = k + 1;
                        break;
                }
            }
            var result = await chain.VerifyAsync(Ct);
            if (!result.Ok && result.FirstBrokenSeq == expected) detected++;
            else Assert.Fail($"trial {trial} (kind {kind}, k={k}): expected a break at {expected}, got ok={result.Ok} at {result.FirstBrokenSeq}: {result.Reason}");
            await RestoreAsync(snapshot);
        }

        Assert.Equal(100, detected);
        Assert.True((await chain.VerifyAsync(Ct)).Ok);
    }

    [Fact]
    public async Task A_sign_in_as_a_255_character_name_ending_in_an_emoji_is_audited_cut_on_a_whole_character()
    {
        var admin = await app.AdminClientAsync();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var name = prefix + new string('a', 247) + "😀"; // 255 characters, 257 UTF-16 units: the emoji straddles unit 256
        var agent = new string('b', 499) + "😀";
        var browser = app.CreateClient();
        browser.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", agent);

        var response = await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "not-the-password"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var entry = (await EntriesAsync(admin, "action=auth.signin.failed")).Single(e => e.UserName?.StartsWith(prefix, StringComparison.Ordinal) == true);
        Assert.Equal(prefix + new string('a', 247), entry.UserName);
        Assert.Equal(new string('b', 499), entry.UserAgent);
        await app.ShouldVerifyAuditChainAsync();
    }

    [Fact]
    public async Task Verify_catches_a_rewritten_entry_even_behind_a_forged_checkpoint_and_a_later_seal()
    {
        var admin = await app.AdminClientAsync();
        for (var i = 0; i < 5; i++) await admin.CreateAsync(CustomerSamples.Valid());
        await using var scope = app.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
        await chain.ChainPendingAsync(Ct);
        await using var saved = await TamperScope.SaveAsync(this, chain);
        var k = saved.Snapshot[^3].ChainSeq!.Value;
        var last = saved.Snapshot[^1].ChainSeq!.Value;

        // The attacker edits entry k, re-hashes it and everything after it, and stores a checkpoint row carrying the
        // recomputed hash of the head so that a verifier starting from checkpoints never looks back.
        await using (var db = NewDb())
        {
            var rows = await db.AuditEntries.Where(e => e.ChainSeq >= k).OrderBy(e => e.ChainSeq).ToListAsync(Ct);
            db.AuditEntries.RemoveRange(rows);
            await db.SaveChangesAsync(Ct);
            var prev = rows[0].PrevHash!;
            foreach (var e in rows.Select(Copy))
            {
                var forged = e.ChainSeq == k ? new AuditEntry
                {
                    Id = e.Id, At = e.At, UserId = e.UserId, UserName = e.UserName, IpAddress = e.IpAddress, UserAgent = e.UserAgent,
                    Action = "customer.viewed", EntityType = e.EntityType, EntityId = e.EntityId, Changes = e.Changes, ChainSeq = e.ChainSeq,
                } : e;
                forged.PrevHash = prev;
                forged.Hash = prev = AuditChain.ComputeHash(forged, prev);
                db.AuditEntries.Add(forged);
            }
            db.AuditCheckpoints.Add(new AuditCheckpoint { ChainSeq = last, Hash = prev, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
        // Business goes on: the next entry is sealed onto the forged head and the head file records it.
        await admin.CreateAsync(CustomerSamples.Valid());
        await chain.ChainPendingAsync(Ct);

        var result = await chain.VerifyAsync(Ct);

        Assert.False(result.Ok, "a rewritten chain passed verification");
        Assert.InRange(result.FirstBrokenSeq ?? 0, k, last);
    }

    [Fact]
    public async Task Verify_reports_a_backdated_entry_slipped_into_the_table_and_never_seals_it()
    {
        var admin = await app.AdminClientAsync();
        await admin.CreateAsync(CustomerSamples.Valid());
        await using var scope = app.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
        await chain.ChainPendingAsync(Ct);
        await using var saved = await TamperScope.SaveAsync(this, chain);
        var backdated = AuditTrail.Truncate(DateTime.UtcNow.AddDays(-3));
        var planted = new AuditEntry
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(backdated)), At = backdated, UserName = "admin", Action = "customer.deleted",
            EntityType = "customer", EntityId = Guid.NewGuid().ToString(),
        };
        await using (var db = NewDb())
        {
            db.AuditEntries.Add(planted);
            await db.SaveChangesAsync(Ct);
        }

        // The background chainer may seal the planted entry at any moment (it is woken by writes): verify must report it
        // either way, by id while it waits to be sealed and by sequence number once it is.
        var beforeSealing = await chain.VerifyAsync(Ct);
        long? sealedByThen;
        await using (var db = NewDb())
            sealedByThen = await db.AuditEntries.Where(e => e.Id == planted.Id).Select(e => e.ChainSeq).SingleAsync(Ct);
        var apiResult = await (await admin.PostAsync("/api/v1/audit/verify", null, Ct)).ReadAsync<AuditVerification>();
        await chain.ChainPendingAsync(Ct); // the background chainer seals whatever is pending
        long sealedAs;
        await using (var db = NewDb())
            sealedAs = (await db.AuditEntries.Where(e => e.Id == planted.Id).Select(e => e.ChainSeq).SingleAsync(Ct))!.Value;
        var afterSealing = await chain.VerifyAsync(Ct);

        Assert.False(beforeSealing.Ok, "a backdated entry older than the sealed head passed verification");
        if (sealedByThen is null) Assert.Contains(planted.Id.ToString(), beforeSealing.Reason, StringComparison.Ordinal);
        Assert.False(apiResult.Ok);
        Assert.False(afterSealing.Ok, "a backdated entry sealed after the fact passed verification");
        Assert.Equal(sealedAs, afterSealing.FirstBrokenSeq);
    }

    /// <summary>Puts the log, the checkpoints and the head file back as they were, whatever a tamper test did.</summary>
    private sealed class TamperScope(AuditTrailTests tests, string headFile, string? head, List<Guid> checkpoints) : IAsyncDisposable
    {
        public List<AuditEntry> Snapshot { get; private init; } = [];

        public static async Task<TamperScope> SaveAsync(AuditTrailTests tests, AuditChain chain)
        {
            await using var db = tests.NewDb();
            var snapshot = await db.AuditEntries.AsNoTracking().Where(e => e.ChainSeq != null).OrderBy(e => e.ChainSeq).ToListAsync(Ct);
            var checkpoints = await db.AuditCheckpoints.Select(c => c.Id).ToListAsync(Ct);
            var head = File.Exists(chain.HeadFile) ? await File.ReadAllTextAsync(chain.HeadFile, Ct) : null;
            return new TamperScope(tests, chain.HeadFile, head, checkpoints) { Snapshot = snapshot };
        }

        public async ValueTask DisposeAsync()
        {
            await using (var db = tests.NewDb())
            {
                await db.AuditEntries.Where(e => e.ChainSeq == null && e.At < DateTime.UtcNow.AddDays(-1)).ExecuteDeleteAsync(Ct);
                await db.AuditCheckpoints.Where(c => !checkpoints.Contains(c.Id)).ExecuteDeleteAsync(Ct);
            }
            await tests.RestoreAsync(Snapshot);
            if (head is null) File.Delete(headFile);
            else await File.WriteAllTextAsync(headFile, head, Ct);
        }
    }

    [Fact]
    public async Task Pruning_old_entries_leaves_a_checkpoint_and_the_chain_still_verifies()
    {
        var admin = await app.AdminClientAsync();
        // The app's own daily pruning (at start-up, then once a day) must not take the aged entries first.
        await (await admin.PutJsonAsync("/api/v1/admin/settings/audit", new AuditSettings(AuditSettings.MaxDays))).ShouldBeAsync(HttpStatusCode.OK);
        try
        {
            await PruneAgedEntriesAsync(admin);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/audit", AuditSettings.Defaults);
        }
    }

    private async Task PruneAgedEntriesAsync(HttpClient admin)
    {
        int checkpointsBefore;
        await using var scope = app.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
        await chain.ChainPendingAsync(Ct);
        await using (var db = NewDb())
        {
            checkpointsBefore = await db.AuditCheckpoints.CountAsync(Ct);
            // Age everything written so far, as if it had been written a year ago.
            await db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(e => e.At, e => e.At.AddDays(-365)), Ct);
        }
        await RechainAllAsync();
        await admin.CreateAsync(CustomerSamples.Valid());
        await chain.ChainPendingAsync(Ct);

        var pruned = await chain.PruneAsync(180, Ct);

        await using var check = NewDb();
        Assert.False(await check.AuditEntries.AnyAsync(e => e.At < DateTime.UtcNow.AddDays(-180), Ct));
        var checkpoints = await check.AuditCheckpoints.OrderByDescending(c => c.ChainSeq).ToListAsync(Ct);
        Assert.Equal(checkpointsBefore + 1, checkpoints.Count);
        Assert.Equal(pruned, checkpoints[0].Pruned);
        var result = await chain.VerifyAsync(Ct);
        Assert.True(result.Ok, result.Reason);
    }

    private RapportDbContext NewDb() =>
        app.Services.GetRequiredService<IDbContextFactory<RapportDbContext>>().CreateDbContext();

    private async Task RestoreAsync(List<AuditEntry> snapshot)
    {
        await using var db = NewDb();
        await db.AuditEntries.Where(e => e.ChainSeq != null).ExecuteDeleteAsync(Ct);
        db.AuditEntries.AddRange(snapshot.Select(Copy));
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Backdating changed the content, so the test re-seals the whole chain as if it had been written then.</summary>
    private async Task RechainAllAsync()
    {
        await using var db = NewDb();
        var all = await db.AuditEntries.Where(e => e.ChainSeq != null).OrderBy(e => e.ChainSeq).ToListAsync(Ct);
        var prev = AuditChain.Genesis;
        foreach (var e in all)
        {
            e.PrevHash = prev;
            e.Hash = prev = AuditChain.ComputeHash(e, prev);
        }
        await db.SaveChangesAsync(Ct);
        await using var scope = app.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
        if (File.Exists(chain.HeadFile)) File.Delete(chain.HeadFile);
    }

    private static AuditEntry Copy(AuditEntry e) => new()
    {
        Id = e.Id, At = e.At, UserId = e.UserId, UserName = e.UserName, IpAddress = e.IpAddress, UserAgent = e.UserAgent,
        Action = e.Action, EntityType = e.EntityType, EntityId = e.EntityId, Changes = e.Changes,
        ChainSeq = e.ChainSeq, PrevHash = e.PrevHash, Hash = e.Hash,
    };
}

public sealed class AuditTrailOnSqlite(SqliteApp app) : AuditTrailTests(app), IClassFixture<SqliteApp>;

public sealed class AuditTrailOnPostgres(PostgresApp app) : AuditTrailTests(app), IClassFixture<PostgresApp>;
