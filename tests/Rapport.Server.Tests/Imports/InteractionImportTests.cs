using Rapport.Core.Imports;
using Rapport.Core.Preferences;

namespace Rapport.Server.Tests.Imports;

/// <summary>Interactions as an import target on both databases: Chinese headers in a GBK file, kinds and directions
/// named in Chinese, the contact by name, times read in the importer's time zone, a bad kind in the errors file;
/// create-only (update mode still adds); undo (one changed since is left alone); a scoped importer who cannot reach
/// another's customer.</summary>
public abstract class InteractionImportTests(RapportApp app)
{
    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<InteractionDto>> TimelineAsync(HttpClient client, Guid customerId) =>
        [.. (await client.GetPageAsync<InteractionDto>($"{CustomersUrl}/{customerId}/interactions?limit=200")).Items.OrderBy(i => i.OccurredAt)];

    private static async Task<string[]> ErrorLinesAsync(HttpClient client, Guid runId)
    {
        var response = await client.GetAsync($"{ImportApi.Url}/{runId}/errors", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_logs_interactions_in_the_importers_time_zone_and_a_bad_kind_is_in_the_errors_file()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var (importer, _) = await app.NewUserAsync(Roles.Administrator);
        await (await importer.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput(null, null, "Asia/Shanghai"))).ShouldBeAsync(HttpStatusCode.OK);
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "星辰科技" + tag, tag: tag));
        var zhang = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput { Name = "张伟", Emails = [$"zhang.{tag}@example.cn"] });
        var csv = "客户名称,联系人,互动类型,方向,主题,内容,发生时间\r\n"
            + Row("星辰科技" + tag, "张伟", "电话", "呼出", "报价跟进", "客户要求周五前报价", "2025/3/1 14:30")
            + Row("星辰科技" + tag, "", "微信", "", "确认需求", "", "2025年3月2日")
            + Row("星辰科技" + tag, "", "传真", "", "坏行", "", "");
        var preview = await importer.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "interactions.csv", ImportService.Interactions);

        Assert.Equal(["customer", "contact", "kind", "direction", "subject", "content", "occurredAt"], preview.Run.Mapping.Columns);
        var run = await importer.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 2, 1), (run.Status, run.Created, run.Failed));
        var timeline = await TimelineAsync(admin, customer.Id);
        Assert.Equal(2, timeline.Count);
        Assert.Equal((InteractionKind.Call, Direction.Outbound, (Guid?)zhang.Id, "报价跟进", "客户要求周五前报价", new DateTime(2025, 3, 1, 6, 30, 0, DateTimeKind.Utc)),
            (timeline[0].Kind, timeline[0].Direction, timeline[0].ContactId, timeline[0].Subject, timeline[0].Content, timeline[0].OccurredAt.ToUniversalTime()));
        Assert.Equal((InteractionKind.Chat, (Guid?)null, new DateTime(2025, 3, 1, 16, 0, 0, DateTimeKind.Utc)),
            (timeline[1].Kind, timeline[1].ContactId, timeline[1].OccurredAt.ToUniversalTime()));
        var lines = await ErrorLinesAsync(importer, run.Id);
        Assert.Equal($"4,星辰科技{tag},,传真,,坏行,,,kind: Not one of the allowed values.", lines[1]);
    }

    [Fact]
    public async Task Interactions_are_create_only_and_undo_removes_them_but_leaves_one_changed_since()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var customer = await admin.CreateAsync(CustomerSamples.Valid(name: "Timeline Co " + tag, tag: tag));
        var csv = "Customer,Type,Subject,Date\n" + Row(customer.Name, "Meeting", "Kick-off", "2025-01-10") + Row(customer.Name, "Meeting", "Kick-off", "2025-01-10");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "interactions.csv", ImportService.Interactions);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((2, 0, 0, 0), (run.Created, run.Updated, run.Skipped, run.Failed));
        var timeline = await TimelineAsync(admin, customer.Id);
        Assert.Equal(2, timeline.Count);
        var changed = timeline[0];
        await (await admin.PutJsonAsync($"{CustomersUrl}/{customer.Id}/interactions/{changed.Id}",
            new InteractionInput { Kind = InteractionKind.Meeting, Subject = "Kick-off (minutes added)", OccurredAt = changed.OccurredAt })).ShouldBeAsync(HttpStatusCode.OK);

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 0), (undo.Removed, undo.Restored));
        Assert.Equal([(changed.Id, "Import.ChangedSince")], undo.Refused.Select(r => (r.RecordId, r.Code)));
        Assert.Equal("Kick-off (minutes added)", Assert.Single(await TimelineAsync(admin, customer.Id)).Subject);
    }

    [Fact]
    public async Task A_scoped_importer_cannot_log_interactions_on_another_owners_customer()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Timeline importers " + tag, null, false,
            [Permissions.ImportsRun, Permissions.CustomersRead, Permissions.CustomersCreate, Permissions.CustomersUpdate],
            new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own }));
        var importer = app.ClientWithToken(await app.CreateUserWithTokenAsync("calls-" + tag, role.Name));
        var theirs = await admin.CreateAsync(CustomerSamples.Valid(name: "Admin Co " + tag, tag: tag));
        var own = await importer.CreateAsync(CustomerSamples.Valid(name: "Own Co " + tag, tag: tag));
        var csv = "Customer Number,Kind,Subject\n" + Row(theirs.Number, "Call", "Not mine") + Row(own.Number, "Call", "Mine");
        var run = await importer.RunToEndAsync((await importer.UploadAsync(Encoding.UTF8.GetBytes(csv), "interactions.csv", ImportService.Interactions)).Run.Id);

        Assert.Equal((1, 1), (run.Created, run.Failed));
        Assert.Empty(await TimelineAsync(admin, theirs.Id));
        Assert.Equal("Mine", Assert.Single(await TimelineAsync(admin, own.Id)).Subject);
        Assert.Equal($"2,{theirs.Number},Call,Not mine,customerNumber: No customer you can see has this number or name.", (await ErrorLinesAsync(importer, run.Id))[1]);
    }
}

public sealed class InteractionImportsOnSqlite(SqliteApp app) : InteractionImportTests(app), IClassFixture<SqliteApp>;

public sealed class InteractionImportsOnPostgres(PostgresApp app) : InteractionImportTests(app), IClassFixture<PostgresApp>;
