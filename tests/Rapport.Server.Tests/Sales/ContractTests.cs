namespace Rapport.Server.Tests.Sales;

/// <summary>Contracts through the API on both databases: their life, their attachments (kinds checked by content,
/// size limited, stored outside the database) and the renewal reminder.</summary>
public abstract class ContractTests(RapportApp app)
{
    private const string Url = "/api/v1/contracts";

    private static async Task<ContractDto> ContractAsync(HttpClient admin, Guid customerId, DateOnly start, DateOnly end, int notice = 30)
    {
        return await admin.PostCreatedAsync<ContractDto>(Url, new ContractInput(customerId, "Support agreement " + Unique(), 120_000m, null, start, end, RenewalNoticeDays: notice));
    }

    [Fact]
    public async Task A_contract_goes_from_draft_to_active_to_terminated_to_archived_and_no_other_way()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contract = await ContractAsync(admin, customer.Id, new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31));
        Assert.Equal((ContractStatus.Draft, "CNY", 120_000m), (contract.Status, contract.Currency, contract.Value));
        Assert.Matches(@"^CT-\d{4}-\d{5}$", contract.Number);

        await (await admin.PostAsync($"{Url}/{contract.Id}/archive", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(ContractStatus.Active, (await (await admin.PostAsync($"{Url}/{contract.Id}/activate", null, Ct)).ReadAsync<ContractDto>()).Status);
        await (await admin.PostJsonAsync($"{Url}/{contract.Id}/terminate", new ContractEndInput(" "))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var ended = await (await admin.PostJsonAsync($"{Url}/{contract.Id}/terminate", new ContractEndInput("Customer closed the plant"))).ReadAsync<ContractDto>();
        Assert.Equal((ContractStatus.Terminated, "Customer closed the plant"), (ended.Status, ended.EndReason));
        await (await admin.PutJsonAsync($"{Url}/{contract.Id}", new ContractInput(customer.Id, "x", 1, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(ContractStatus.Archived, (await (await admin.PostAsync($"{Url}/{contract.Id}/archive", null, Ct)).ReadAsync<ContractDto>()).Status);

        var bad = await admin.PostJsonAsync(Url, new ContractInput(customer.Id, "", -1, "yuan", new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 1)));
        var errors = (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!;
        foreach (var f in new[] { "title", "value", "currency", "endDate" }) Assert.NotNull(errors[f]);
    }

    [Fact]
    public async Task A_draft_is_edited_freely_and_a_signed_contract_changes_only_by_an_amendment_kept_with_its_reason()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var (start, end) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var draft = await ContractAsync(admin, customer.Id, start, end);
        var edited = await (await admin.PutJsonAsync($"{Url}/{draft.Id}", new ContractInput(customer.Id, "Support 2026", 100_000m, null, start, end)))
            .ReadAsync<ContractDto>();
        Assert.Equal(("Support 2026", 100_000m), (edited.Title, edited.Value));
        Assert.Empty(await (await admin.GetAsync($"{Url}/{draft.Id}/amendments", Ct)).ReadAsync<List<ContractAmendmentDto>>());

        await admin.PostAsync($"{Url}/{draft.Id}/activate", null, Ct);
        var extended = new ContractInput(customer.Id, "Support 2026", 130_000m, null, start, new DateOnly(2027, 6, 30));
        // Signed: a change without a reason, or taking effect outside the period, is refused and changes nothing.
        var refused = await (await admin.PutJsonAsync($"{Url}/{draft.Id}", extended)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["amendmentReason"]);
        await (await admin.PutJsonAsync($"{Url}/{draft.Id}", extended with { AmendmentReason = "Extra site", EffectiveDate = new DateOnly(2025, 12, 1) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(100_000m, (await (await admin.GetAsync($"{Url}/{draft.Id}", Ct)).ReadAsync<ContractDto>()).Value);

        var amended = await (await admin.PutJsonAsync($"{Url}/{draft.Id}", extended with { AmendmentReason = "Second site added", EffectiveDate = new DateOnly(2026, 7, 1) }))
            .ReadAsync<ContractDto>();
        Assert.Equal((130_000m, new DateOnly(2027, 6, 30), ContractStatus.Active), (amended.Value, amended.EndDate, amended.Status));
        // Handing it to another owner alone, or saving the same terms, is no amendment.
        await (await admin.PutJsonAsync($"{Url}/{draft.Id}", extended)).ShouldBeAsync(HttpStatusCode.OK);

        var amendment = Assert.Single(await (await admin.GetAsync($"{Url}/{draft.Id}/amendments", Ct)).ReadAsync<List<ContractAmendmentDto>>());
        Assert.Equal((1, new DateOnly(2026, 7, 1), "Second site added", "Administrator"), (amendment.Sequence, amendment.EffectiveDate, amendment.Reason, amendment.CreatedByName));
        Assert.Equal([new ContractChange("value", "100000.00 CNY", "130000.00 CNY"), new ContractChange("endDate", "2026-12-31", "2027-06-30")], amendment.Changes);
    }

    [Fact]
    public async Task Attachments_are_checked_by_content_stored_on_disk_and_come_back_byte_for_byte()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contract = await ContractAsync(admin, customer.Id, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1));
        // A signed scan of a little over 5 MB: above the app's general request limit, within the attachment limit.
        var pdf = new byte[5 * 1024 * 1024 + 123];
        Random.Shared.NextBytes(pdf);
        "%PDF-1.7\n"u8.CopyTo(pdf);

        var uploaded = await admin.PostAsync($"{Url}/{contract.Id}/attachments", FileUpload(pdf, "signed 合同.pdf", "application/pdf"), Ct);
        await uploaded.ShouldBeAsync(HttpStatusCode.Created);
        var attachment = await uploaded.ReadAsync<ContractAttachmentDto>();
        Assert.Equal(("signed 合同.pdf", pdf.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf))),
            (attachment.FileName, (int)attachment.Size, attachment.Sha256));
        var back = await admin.GetAsync($"{Url}/{contract.Id}/attachments/{attachment.Id}", Ct);
        Assert.Equal("application/pdf", back.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await back.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(System.IO.File.Exists(Path.Combine(app.DataDirectory, "attachments", contract.Id.ToString("N"), attachment.Id.ToString("N"))));

        // An executable renamed to .pdf, a kind we do not take, and a file over the limit are all refused, leaving nothing behind.
        var fake = await admin.PostAsync($"{Url}/{contract.Id}/attachments", FileUpload("MZ\u0090\0"u8.ToArray(), "invoice.pdf", "application/pdf"), Ct);
        Assert.NotNull((await fake.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["file"]);
        var exe = await admin.PostAsync($"{Url}/{contract.Id}/attachments", FileUpload([1, 2, 3], "tool.exe", "application/x-msdownload"), Ct);
        await exe.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var huge = new byte[10 * 1024 * 1024 + 1];
        "%PDF-"u8.CopyTo(huge);
        var tooBig = await admin.PostAsync($"{Url}/{contract.Id}/attachments", FileUpload(huge, "big.pdf", "application/pdf"), Ct);
        Assert.Contains("10 MB", (string?)(await tooBig.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["file"]![0], StringComparison.Ordinal);
        var list = await admin.GetFromJsonAsync<List<ContractAttachmentDto>>($"{Url}/{contract.Id}/attachments", Json.Options, Ct);
        Assert.Equal([attachment.Id], list!.Select(a => a.Id));
        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "attachments", contract.Id.ToString("N"))));

        await (await admin.DeleteAsync($"{Url}/{contract.Id}/attachments/{attachment.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "attachments", contract.Id.ToString("N"))));
    }

    [Fact]
    public async Task The_owner_gets_one_renewal_task_within_the_notice_and_ended_contracts_expire()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        async Task<ContractDto> Active(DateOnly end, int notice)
        {
            var c = await (await admin.PostJsonAsync(Url, new ContractInput(customer.Id, "C " + Unique(), 1000, null, today.AddYears(-1), end, OwnerId: repId, RenewalNoticeDays: notice)))
                .ReadAsync<ContractDto>();
            await (await admin.PostAsync($"{Url}/{c.Id}/activate", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
            return c;
        }
        var soon = await Active(today.AddDays(20), 30);
        var later = await Active(today.AddDays(90), 30);
        var ended = await Active(today.AddDays(-1), 30);

        await Rapport.Server.Sales.ContractJob.RunOnceAsync(app.Services, Ct);
        await Rapport.Server.Sales.ContractJob.RunOnceAsync(app.Services, Ct); // a second run reminds nobody twice

        var tasks = await rep.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/tasks/mine", Json.Options, Ct);
        var renewal = Assert.Single(tasks!, t => t.Subject.Contains(soon.Number, StringComparison.Ordinal));
        Assert.Equal(today.AddDays(20), DateOnly.FromDateTime(renewal.DueAt));
        Assert.DoesNotContain(tasks!, t => t.Subject.Contains(later.Number, StringComparison.Ordinal));
        Assert.Equal(ContractStatus.Expired, (await admin.GetFromJsonAsync<ContractDto>($"{Url}/{ended.Id}", Json.Options, Ct))!.Status);
        Assert.NotNull((await admin.GetFromJsonAsync<ContractDto>($"{Url}/{soon.Id}", Json.Options, Ct))!.RenewalReminderAt);
    }
}

public sealed class ContractsOnSqlite(SqliteApp app) : ContractTests(app), IClassFixture<SqliteApp>;

public sealed class ContractsOnPostgres(PostgresApp app) : ContractTests(app), IClassFixture<PostgresApp>;
