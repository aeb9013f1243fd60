using System.Text.Json.Nodes;
using Rapport.Core.Audit;
using Rapport.Core.Retention;
using Rapport.Server.Tests.Identity;
using Rapport.Server.Tests.ServiceDesk;

namespace Rapport.Server.Tests.Retention;

/// <summary>Retention policies with the app's clock moved on: the clock decides what is old enough, the preview counts
/// exactly what apply removes, floors are refused, and the audit chain still verifies after a run.</summary>
public abstract class RetentionTests(RapportApp app, ManualClock clock)
{
    private const string Settings = "/api/v1/admin/settings/retention";

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<HttpClient> AdminAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    private static RetentionSettings Enabled(int leadMonths = 6, int years = 1) =>
        new(new(true, leadMonths), new(true, years), new(true, years), new(true, 30), new(true, 30));

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<T>();
    }

    private static async Task<RetentionPreview> PreviewAsync(HttpClient admin, string policy) =>
        await OkAsync<RetentionPreview>(await admin.GetAsync($"/api/v1/admin/retention/{policy}", Ct));

    /// <summary>Previews the policy, applies it, and checks the run removed exactly what the preview counted.</summary>
    private static async Task<RetentionRunDto> ApplyAsPreviewedAsync(HttpClient admin, string policy)
    {
        var preview = await PreviewAsync(admin, policy);
        var run = await OkAsync<RetentionRunDto>(await admin.PostAsync($"/api/v1/admin/retention/{policy}/apply", null, Ct));
        Assert.Equal(preview.Count, run.Count);
        Assert.Equal(0, (await PreviewAsync(admin, policy)).Count);
        return run;
    }

    [Fact]
    public async Task The_clock_decides_and_apply_removes_exactly_what_the_preview_counted()
    {
        var admin = await AdminAsync();
        await (await admin.PutJsonAsync(Settings, Enabled())).ShouldBeAsync(HttpStatusCode.OK);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var lead = await admin.PostCreatedAsync<LeadDto>("/api/v1/leads", new LeadInput { Name = "王芳", Company = "Old Lead " + Unique(), Email = $"old.{Unique()}@example.com" });
        var call = await admin.PostCreatedAsync<InteractionDto>($"{CustomersUrl}/{customer.Id}/interactions", new InteractionInput { Kind = InteractionKind.Call, Subject = "Called" });
        var openTask = await admin.PostCreatedAsync<InteractionDto>($"{CustomersUrl}/{customer.Id}/interactions",
            new InteractionInput { Kind = InteractionKind.Task, Subject = "Still to do", DueAt = clock.GetUtcNow().UtcDateTime.AddDays(1) });
        var closed = await admin.PostCreatedAsync<CaseDto>("/api/v1/cases", new CaseInput(customer.Id, "Refund missing"));
        var open = await admin.PostCreatedAsync<CaseDto>("/api/v1/cases", new CaseInput(customer.Id, "Still open"));
        await (await admin.PostJsonAsync($"/api/v1/cases/{closed.Id}/resolve", new CaseResolveInput("Refunded"))).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/v1/cases/{closed.Id}/close", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        // Five months on: nothing of ours is old enough yet.
        clock.Advance(TimeSpan.FromDays(150));
        admin = await AdminAsync();
        await ApplyAsPreviewedAsync(admin, RetentionPolicies.Leads);
        await (await admin.GetAsync($"/api/v1/leads/{lead.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        // Over a year on: the lead, the logged call and the closed case go; the open task and the open case stay.
        clock.Advance(TimeSpan.FromDays(250));
        admin = await AdminAsync();
        var preview = await PreviewAsync(admin, RetentionPolicies.Leads);
        Assert.True(preview.Count >= 1);
        foreach (var policy in new[] { RetentionPolicies.Leads, RetentionPolicies.Interactions, RetentionPolicies.Cases })
            Assert.True((await ApplyAsPreviewedAsync(admin, policy)).Count >= 1, policy);
        await (await admin.GetAsync($"/api/v1/leads/{lead.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"{CustomersUrl}/{customer.Id}/interactions/{call.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"{CustomersUrl}/{customer.Id}/interactions/{openTask.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/v1/cases/{closed.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/v1/cases/{open.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ages_below_a_policys_floor_are_refused_with_a_localized_400()
    {
        var admin = await AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, Settings)
        {
            Content = JsonContent.Create(Enabled(leadMonths: 1) with { Mail = new(true, 1) }, options: Json.Options),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await (await admin.SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Retention.BelowMinimum"], problem.Codes("leads.after"));
        Assert.Contains("不得少于 6", problem.Messages("leads.after").Single(), StringComparison.Ordinal);
        Assert.Equal(["Retention.BelowMinimum"], problem.Codes("mail.after"));
        // The audit trail keeps 180 days at the least.
        await (await admin.PutJsonAsync("/api/v1/admin/settings/audit", new AuditSettings(179))).ShouldRejectAsync("retentionDays", "Validation.Range");
        await (await admin.GetAsync("/api/v1/admin/retention/everything", Ct)).ShouldRejectAsync("policy", "Retention.UnknownPolicy");
    }

    [Fact]
    public async Task Every_run_is_audited_and_listed_and_the_audit_chain_verifies_after_pruning()
    {
        var admin = await AdminAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/audit", AuditSettings.Defaults)).ShouldBeAsync(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++) await admin.CreateAsync(CustomerSamples.Valid());
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AuditChain>().ChainPendingAsync(Ct);

        clock.Advance(TimeSpan.FromDays(AuditSettings.MinDays + 10));
        admin = await AdminAsync();
        var preview = await PreviewAsync(admin, RetentionPolicies.Audit);
        Assert.True(preview.Count >= 3);
        var run = await OkAsync<RetentionRunDto>(await admin.PostAsync($"/api/v1/admin/retention/{RetentionPolicies.Audit}/apply", null, Ct));
        Assert.True(run.Count >= 3);
        await ApplyAsPreviewedAsync(admin, RetentionPolicies.Mail);

        await app.ShouldVerifyAuditChainAsync();
        var entries = await admin.GetPageAsync<JsonObject>($"/api/v1/audit?action={AuditActions.RetentionApplied}&limit=50");
        Assert.Contains(entries.Items, e => (string?)e["entityId"] == RetentionPolicies.Audit);
        Assert.Contains(entries.Items, e => (string?)e["entityId"] == RetentionPolicies.Mail);
        var runs = await admin.GetPageAsync<RetentionRunDto>("/api/v1/admin/retention/runs?policy=audit");
        Assert.Contains(runs.Items, r => r.Id == run.Id && r.Count == run.Count && r.ById != null);
    }
}

public sealed class RetentionOnSqlite(ClockedSqliteApp app) : RetentionTests(app, app.Clock), IClassFixture<ClockedSqliteApp>;

public sealed class RetentionOnPostgres(ClockedPostgresApp app) : RetentionTests(app, app.Clock), IClassFixture<ClockedPostgresApp>;
