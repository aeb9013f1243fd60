using Microsoft.AspNetCore.TestHost;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>Cases through the API on both databases: their life (and the transitions it refuses), who sees them (an
/// agent sees their team's queue, not another team's), the conversation and its files, merging duplicates with
/// both histories kept, and macros rendered in English and Chinese.</summary>
public abstract class CaseTests(RapportApp app)
{
    private const string Url = "/api/v1/cases";
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static async Task<CaseDto> NewCaseAsync(HttpClient client, Guid customerId, string? subject = null, Guid? queueId = null, Guid? ownerId = null,
        CasePriority priority = CasePriority.Normal)
    {
        var response = await client.PostJsonAsync(Url, new CaseInput(customerId, subject ?? "Printer jams " + Unique(), "Tray 2 jams on every job.",
            CaseType.Incident, CaseChannel.Phone, priority, OwnerId: ownerId, QueueId: queueId));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<CaseDto>();
    }

    private static async Task<CaseDto> ActAsync(HttpClient client, Guid id, string action, object? body = null)
    {
        var response = await client.PostJsonAsync($"{Url}/{id}/{action}", body ?? new { });
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<CaseDto>();
    }

    private static async Task<CaseMessageDto> SayAsync(HttpClient client, Guid id, CaseMessageKind kind, string body)
    {
        var response = await client.PostJsonAsync($"{Url}/{id}/messages", new CaseMessageInput(kind, body));
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<CaseMessageDto>();
    }

    [Fact]
    public async Task A_case_goes_new_open_pending_resolved_closed_reopened_and_refuses_the_moves_its_state_does_not_allow()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var c = await NewCaseAsync(admin, customer.Id);
        Assert.Equal(CaseStatus.New, c.Status);
        Assert.Matches(@"^CS-\d{4}-\d{5}$", c.Number);

        var close = await (await admin.PostAsync($"{Url}/{c.Id}/close", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.CaseTransition", close.Codes("status"));
        await (await admin.PostAsync($"{Url}/{c.Id}/reopen", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(CaseStatus.Open, (await ActAsync(admin, c.Id, "open")).Status);
        await (await admin.PostAsync($"{Url}/{c.Id}/open", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(CaseStatus.PendingCustomer, (await ActAsync(admin, c.Id, "wait")).Status);
        var resolved = await ActAsync(admin, c.Id, "resolve", new CaseResolveInput("Replaced the roller"));
        Assert.Equal((CaseStatus.Resolved, "Replaced the roller"), (resolved.Status, resolved.ResolutionNote));
        Assert.NotNull(resolved.ResolvedAt);
        await (await admin.PostAsync($"{Url}/{c.Id}/wait", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var closed = await ActAsync(admin, c.Id, "close");
        Assert.Equal(CaseStatus.Closed, closed.Status);
        Assert.NotNull(closed.ClosedAt);

        var reopened = await ActAsync(admin, c.Id, "reopen");
        Assert.Equal((CaseStatus.Open, null, null), (reopened.Status, reopened.ResolvedAt, reopened.ClosedAt));
    }

    [Fact]
    public async Task A_public_reply_is_the_first_response_and_opens_a_new_case_an_internal_note_is_not()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var c = await NewCaseAsync(admin, customer.Id);

        var note = await SayAsync(admin, c.Id, CaseMessageKind.InternalNote, "Probably the roller.");
        var afterNote = await admin.GetFromJsonAsync<CaseDto>($"{Url}/{c.Id}", Json.Options, Ct);
        Assert.Equal((CaseStatus.New, null), (afterNote!.Status, afterNote.FirstResponseAt));

        var reply = await SayAsync(admin, c.Id, CaseMessageKind.PublicReply, "We are sending a technician tomorrow.");
        // The customer has an email address: the reply is queued for it.
        Assert.Equal(DeliveryState.Queued, reply.DeliveryState);
        var afterReply = await admin.GetFromJsonAsync<CaseDto>($"{Url}/{c.Id}", Json.Options, Ct);
        Assert.Equal(CaseStatus.Open, afterReply!.Status);
        Assert.NotNull(afterReply.FirstResponseAt);

        var conversation = await admin.GetPageAsync<CaseMessageDto>($"{Url}/{c.Id}/messages");
        Assert.Equal([reply.Id, note.Id], conversation.Items.Select(m => m.Id));
        Assert.Equal("Administrator", conversation.Items[0].AuthorName);

        var blank = await (await admin.PostJsonAsync($"{Url}/{c.Id}/messages", new CaseMessageInput(CaseMessageKind.PublicReply, "  "))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.Required", blank.Codes("body"));
        var huge = await (await admin.PostJsonAsync($"{Url}/{c.Id}/messages", new CaseMessageInput(CaseMessageKind.InternalNote, new string('x', CaseMessage.BodyMax + 1))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.TooLong", huge.Codes("body"));
    }

    [Fact]
    public async Task An_agent_sees_and_works_their_teams_queue_but_not_another_teams_and_others_without_the_permission_are_refused()
    {
        var admin = await app.AdminClientAsync();
        var teamA = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Support A " + Unique(), null))).ReadAsync<TeamDto>();
        var teamB = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Support B " + Unique(), null))).ReadAsync<TeamDto>();
        var (agent, agentId) = await app.NewUserAsync(Roles.ServiceAgent, teamA.Id);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var mine = await NewCaseAsync(admin, customer.Id, queueId: teamA.Id);
        var theirs = await NewCaseAsync(admin, customer.Id, queueId: teamB.Id);
        Assert.Null(mine.OwnerId);

        await (await agent.GetAsync($"{Url}/{mine.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await agent.GetAsync($"{Url}/{theirs.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await agent.PostJsonAsync($"{Url}/{theirs.Id}/messages", new CaseMessageInput(CaseMessageKind.InternalNote, "peek"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var queue = await agent.GetPageAsync<CaseListItem>($"{Url}?view=myTeams");
        Assert.Contains(queue.Items, i => i.Id == mine.Id);
        Assert.DoesNotContain(queue.Items, i => i.Id == theirs.Id);
        var unassigned = await agent.GetPageAsync<CaseListItem>($"{Url}?view=unassigned");
        Assert.Contains(unassigned.Items, i => i.Id == mine.Id);
        Assert.DoesNotContain(unassigned.Items, i => i.Id == theirs.Id);

        var taken = await ActAsync(agent, mine.Id, "assign", new CaseAssignInput(agentId, teamA.Id));
        Assert.Equal(agentId, taken.OwnerId);
        Assert.Contains((await agent.GetPageAsync<CaseListItem>($"{Url}?view=mine")).Items, i => i.Id == mine.Id);

        var (marketer, _) = await app.NewUserAsync(Roles.MarketingSpecialist);
        await (await marketer.GetAsync(Url, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await marketer.GetAsync($"{Url}/{mine.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        await (await rep.PostJsonAsync(Url, new CaseInput(customer.Id, "Not mine to file"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_agent_cannot_undo_a_link_to_a_case_of_another_teams_queue()
    {
        var admin = await app.AdminClientAsync();
        var teamA = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Support A " + Unique(), null))).ReadAsync<TeamDto>();
        var teamB = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Support B " + Unique(), null))).ReadAsync<TeamDto>();
        var (agent, _) = await app.NewUserAsync(Roles.ServiceAgent, teamA.Id);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var mine = await NewCaseAsync(admin, customer.Id, queueId: teamA.Id);
        var theirs = await NewCaseAsync(admin, customer.Id, queueId: teamB.Id);
        await (await admin.PostJsonAsync($"{Url}/{mine.Id}/links", new CaseLinkInput(theirs.Id))).ShouldBeAsync(HttpStatusCode.OK);

        await (await agent.DeleteAsync($"{Url}/{mine.Id}/links/{theirs.Id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // The link is still there for whoever may see both.
        await (await admin.DeleteAsync($"{Url}/{mine.Id}/links/{theirs.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Merging_a_duplicate_closes_it_and_keeps_both_conversations_the_target_showing_both()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var target = await NewCaseAsync(admin, customer.Id, "Cannot log in");
        var duplicate = await NewCaseAsync(admin, customer.Id, "Login broken");
        var first = await SayAsync(admin, target.Id, CaseMessageKind.InternalNote, "Reset the password.");
        var second = await SayAsync(admin, duplicate.Id, CaseMessageKind.CustomerMessage, "Still cannot log in!");
        var file = await admin.PostAsync($"{Url}/{duplicate.Id}/messages/{second.Id}/attachments", FileUpload("screen\n"u8.ToArray(), "error.txt", "text/plain"), Ct);
        await file.ShouldBeAsync(HttpStatusCode.Created);
        var attachment = await file.ReadAsync<CaseAttachmentDto>();

        var merged = await ActAsync(admin, duplicate.Id, "merge", new CaseMergeInput(target.Id));
        Assert.Equal((CaseStatus.Closed, target.Id), (merged.Status, merged.MergedIntoId));

        var onTarget = await admin.GetPageAsync<CaseMessageDto>($"{Url}/{target.Id}/messages");
        Assert.Equal([second.Id, first.Id], onTarget.Items.Select(m => m.Id));
        Assert.Equal(duplicate.Number, onTarget.Items[0].CaseNumber);
        Assert.Equal(attachment.Id, Assert.Single(onTarget.Items[0].Attachments).Id);
        var onDuplicate = await admin.GetPageAsync<CaseMessageDto>($"{Url}/{duplicate.Id}/messages");
        Assert.Equal([second.Id], onDuplicate.Items.Select(m => m.Id));
        var download = await admin.GetAsync($"{Url}/{target.Id}/attachments/{attachment.Id}", Ct);
        await download.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("screen\n"u8.ToArray(), await download.Content.ReadAsByteArrayAsync(Ct));

        Assert.Contains((await admin.GetFromJsonAsync<List<CaseLinkDto>>($"{Url}/{target.Id}/links", Json.Options, Ct))!, l => l.CaseId == duplicate.Id);
        await (await admin.PostAsync($"{Url}/{duplicate.Id}/reopen", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var again = await (await admin.PostJsonAsync($"{Url}/{duplicate.Id}/merge", new CaseMergeInput(target.Id))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.CaseMerged", again.Codes("status"));
        var self = await (await admin.PostJsonAsync($"{Url}/{target.Id}/merge", new CaseMergeInput(target.Id))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.CaseMergeSelf", self.Codes("targetId"));

        var audit = await admin.GetPageAsync<System.Text.Json.Nodes.JsonObject>($"/api/v1/audit?entityType=case&entityId={duplicate.Id}");
        Assert.Contains(audit.Items, e => e["changes"]?.ToString().Contains("mergedIntoId", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Macros_fill_their_placeholders_for_the_case_in_English_and_in_Chinese()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Name = "华为技术 " + Unique() });
        var c = await NewCaseAsync(admin, customer.Id);
        var en = await (await admin.PostJsonAsync("/api/v1/macros", new MacroInput("Thanks " + Unique(),
            "Dear {{ contact.name }}, {{ agent.name }} here about {{ case.number }} for {{ customer.name }}.", "en"))).ReadAsync<MacroDto>();
        var zh = await (await admin.PostJsonAsync("/api/v1/macros", new MacroInput("感谢 " + Unique(),
            "{{ customer.name }} 您好，工单 {{ case.number }} 由 {{ agent.name }} 处理。", "zh-CN"))).ReadAsync<MacroDto>();

        var english = await admin.GetFromJsonAsync<MacroRendered>($"{Url}/{c.Id}/macros/{en.Id}", Json.Options, Ct);
        Assert.Equal($"Dear {customer.Name}, Administrator here about {c.Number} for {customer.Name}.", english!.Body);
        var chinese = await admin.GetFromJsonAsync<MacroRendered>($"{Url}/{c.Id}/macros/{zh.Id}", Json.Options, Ct);
        Assert.Equal($"{customer.Name} 您好，工单 {c.Number} 由 Administrator 处理。", chinese!.Body);

        var listed = await admin.GetFromJsonAsync<List<MacroDto>>("/api/v1/macros?language=zh-CN", Json.Options, Ct);
        Assert.Contains(listed!, m => m.Id == zh.Id);
        Assert.DoesNotContain(listed!, m => m.Id == en.Id);

        var broken = await (await admin.PostJsonAsync("/api/v1/macros", new MacroInput("Broken " + Unique(), "Hello {{ customer.name", "en")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.MacroTemplate", broken.Codes("body"));
        var french = await (await admin.PostJsonAsync("/api/v1/macros", new MacroInput("Merci " + Unique(), "Bonjour", "fr")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.MacroLanguage", french.Codes("language"));
    }

    [Fact]
    public async Task Files_on_the_conversation_are_checked_by_content_and_size_and_come_back_byte_for_byte()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var c = await NewCaseAsync(admin, customer.Id);
        var message = await SayAsync(admin, c.Id, CaseMessageKind.CustomerMessage, "Photo attached.");
        var url = $"{Url}/{c.Id}/messages/{message.Id}/attachments";

        var fake = await (await admin.PostAsync(url, FileUpload("MZ not a pdf"u8.ToArray(), "invoice.pdf", "application/pdf"), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.FileType", fake.Codes("file"));
        var exe = await (await admin.PostAsync(url, FileUpload("MZ"u8.ToArray(), "setup.exe", "application/x-msdownload"), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.FileType", exe.Codes("file"));
        await (await admin.PostAsync($"{Url}/{c.Id}/messages/{Guid.NewGuid()}/attachments", FileUpload("x"u8.ToArray(), "a.txt", "text/plain"), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var stored = await (await admin.PostAsync(url, FileUpload(png, "photo.png", "image/png"), Ct)).ReadAsync<CaseAttachmentDto>();
        var back = await admin.GetAsync($"{Url}/{c.Id}/attachments/{stored.Id}", Ct);
        await back.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(png, await back.Content.ReadAsByteArrayAsync(Ct));
        var conversation = await admin.GetPageAsync<CaseMessageDto>($"{Url}/{c.Id}/messages");
        Assert.Equal("photo.png", Assert.Single(conversation.Items.Single(m => m.Id == message.Id).Attachments).FileName);
    }

    [Fact]
    public async Task A_queue_lists_urgent_cases_first_and_filters_by_text_status_and_customer()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var marker = Unique();
        var low = await NewCaseAsync(admin, customer.Id, $"Toner low {marker}", priority: CasePriority.Low);
        var urgent = await NewCaseAsync(admin, customer.Id, $"Server down {marker}", priority: CasePriority.Urgent);
        var normal = await NewCaseAsync(admin, customer.Id, $"Password reset {marker}");

        var queue = await admin.GetPageAsync<CaseListItem>($"{Url}?customerId={customer.Id}");
        Assert.Equal([urgent.Id, normal.Id, low.Id], queue.Items.Select(i => i.Id));
        var paged = await admin.GetPageAsync<CaseListItem>($"{Url}?customerId={customer.Id}&limit=2");
        var rest = await admin.GetPageAsync<CaseListItem>($"{Url}?customerId={customer.Id}&limit=2&cursor={paged.NextCursor}");
        Assert.Equal([urgent.Id, normal.Id, low.Id], paged.Items.Concat(rest.Items).Select(i => i.Id));

        Assert.Equal([urgent.Id], (await admin.GetPageAsync<CaseListItem>($"{Url}?q=server%20down%20{marker}")).Items.Select(i => i.Id));
        Assert.Equal([urgent.Id], (await admin.GetPageAsync<CaseListItem>($"{Url}?q={urgent.Number}")).Items.Select(i => i.Id));
        await ActAsync(admin, low.Id, "resolve", new CaseResolveInput(null));
        Assert.Equal([urgent.Id, normal.Id], (await admin.GetPageAsync<CaseListItem>($"{Url}?customerId={customer.Id}&active=true")).Items.Select(i => i.Id));
        Assert.Equal([low.Id], (await admin.GetPageAsync<CaseListItem>($"{Url}?customerId={customer.Id}&status=resolved")).Items.Select(i => i.Id));
        Assert.Equal([normal.Id, urgent.Id, low.Id], (await admin.GetPageAsync<CaseListItem>($"{Url}?customerId={customer.Id}&sort=-created")).Items.Select(i => i.Id));
        await (await admin.GetAsync($"{Url}?status=sleeping", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class CasesOnSqlite(SqliteApp app) : CaseTests(app), IClassFixture<SqliteApp>;

public sealed class CasesOnPostgres(PostgresApp app) : CaseTests(app), IClassFixture<PostgresApp>;

/// <summary>The reopen window with the app's clock moved on: a case reopens within the window, not after it.</summary>
public abstract class CaseReopenWindowTests(RapportApp app, ManualClock clock)
{
    [Fact]
    public async Task A_resolved_case_reopens_within_the_window_and_not_after_it()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var created = await admin.PostJsonAsync("/api/v1/cases", new CaseInput(customer.Id, "Refund missing"));
        var c = await created.ReadAsync<CaseDto>();
        await (await admin.PostJsonAsync($"/api/v1/cases/{c.Id}/resolve", new CaseResolveInput("Refunded"))).ShouldBeAsync(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromDays(13));
        // Tokens expire by the same clock: a fresh one for the administrator at the new time.
        admin = app.ClientWithToken(await app.CreateTokenAsync("admin"));
        await (await admin.PostAsync($"/api/v1/cases/{c.Id}/reopen", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/v1/cases/{c.Id}/resolve", new CaseResolveInput("Refunded again"))).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/v1/cases/{c.Id}/close", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromDays(15));
        admin = app.ClientWithToken(await app.CreateTokenAsync("admin"));
        var late = await (await admin.PostAsync($"/api/v1/cases/{c.Id}/reopen", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Validation.CaseReopenWindow", late.Codes("status"));
    }
}

public sealed class CaseReopenWindowOnSqlite(ClockedSqliteApp app) : CaseReopenWindowTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class CaseReopenWindowOnPostgres(ClockedPostgresApp app) : CaseReopenWindowTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;

/// <summary>A PostgreSQL app whose clock the test moves.</summary>
public sealed class ClockedPostgresApp() : RapportApp(Provider.Postgres)
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureMore(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
}
