using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;

namespace Rapport.Server.Tests.Identity;

/// <summary>Password policy, expiry, lockout, session and token invalidation, headers and the user lifecycle.</summary>
public abstract class AccountSecurityTests(RapportApp app)
{
    private const string Strong = "Quartz&Meadow-4817";

    private static string Name() => "sec" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(string Name, string Token)> UserAsync(params string[] roles)
    {
        var name = Name();
        return (name, await app.CreateUserWithTokenAsync(name, roles));
    }

    private async Task<HttpClient> BrowserAsync(string name, string password = RapportApp.AdminPassword)
    {
        var browser = app.CreateClient();
        await (await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, password))).ShouldBeAsync(HttpStatusCode.OK);
        return browser;
    }

    private async Task<Guid> IdOfAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(name))!.Id;
    }

    [Theory]
    [InlineData("Sh0rt!", "Password.TooShort")]
    [InlineData("no-upper-case-7", "Password.Upper")]
    [InlineData("NO-LOWER-CASE-7", "Password.Lower")]
    [InlineData("No-Digits-Here", "Password.Digit")]
    [InlineData("NoSymbols12345", "Password.Symbol")]
    [InlineData("Password123!", "Password.Common")]
    [InlineData("Qwerty123$", "Password.Common")]
    public async Task Weak_passwords_are_refused_with_a_reason(string password, string code)
    {
        var (name, _) = await UserAsync();
        var browser = await BrowserAsync(name);

        var change = await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(RapportApp.AdminPassword, password));

        var problem = await change.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(code, problem["codes"]!["newPassword"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task The_last_five_passwords_cannot_come_back_and_a_wrong_current_password_is_refused()
    {
        var (name, _) = await UserAsync();
        var browser = await BrowserAsync(name);
        string[] next = ["Quartz&Meadow-1001", "Quartz&Meadow-1002", "Quartz&Meadow-1003", "Quartz&Meadow-1004", "Quartz&Meadow-1005"];
        var current = RapportApp.AdminPassword;
        foreach (var p in next)
        {
            await (await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(current, p))).ShouldBeAsync(HttpStatusCode.NoContent);
            current = p;
        }

        var reuse = await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(current, "Quartz&Meadow-1002"));
        var wrong = await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput("not it", "Quartz&Meadow-2001"));
        var sixthBack = await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(current, RapportApp.AdminPassword));

        Assert.Equal("Password.Reused", (string?)(await reuse.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["newPassword"]![0]);
        Assert.Equal("Validation.WrongPassword", (string?)(await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["currentPassword"]![0]);
        await sixthBack.ShouldBeAsync(HttpStatusCode.NoContent); // six changes ago: allowed again
    }

    [Fact]
    public async Task The_policy_is_configurable_and_messages_are_localized()
    {
        var admin = await app.AdminClientAsync();
        var (name, _) = await UserAsync();
        var browser = await BrowserAsync(name);
        try
        {
            await (await admin.PutJsonAsync("/api/v1/admin/settings/password-policy", PasswordPolicy.Defaults with { MinLength = 20 })).ShouldBeAsync(HttpStatusCode.OK);
            var invalid = await admin.PutJsonAsync("/api/v1/admin/settings/password-policy", PasswordPolicy.Defaults with { MinLength = 4 });
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/account/password")
            {
                Content = JsonContent(new PasswordChangeInput(RapportApp.AdminPassword, Strong)),
            };
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

            var tooShort = await browser.SendAsync(request, Ct);

            await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            var problem = await tooShort.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("Password.TooShort", (string?)problem["codes"]!["newPassword"]![0]);
            Assert.Contains("20", (string?)problem["errors"]!["newPassword"]![0], StringComparison.Ordinal);
            Assert.Contains("字符", (string?)problem["errors"]!["newPassword"]![0], StringComparison.Ordinal);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/password-policy", PasswordPolicy.Defaults);
        }
    }

    private static HttpContent JsonContent<T>(T value) => System.Net.Http.Json.JsonContent.Create(value, options: Json.Options);

    [Fact]
    public async Task An_expired_password_must_be_changed_before_anything_else()
    {
        var (name, _) = await UserAsync(Roles.SalesRepresentative);
        var id = await IdOfAsync(name);
        await using (var db = NewDb())
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordChangedAt, DateTime.UtcNow.AddDays(-61)), Ct);
        var browser = await BrowserAsync(name);

        var me = await (await browser.GetAsync("/api/v1/account/me", Ct)).ReadAsync<MeDto>();
        var blocked = await browser.GetAsync(CustomersUrl, Ct);
        await (await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(RapportApp.AdminPassword, Strong))).ShouldBeAsync(HttpStatusCode.NoContent);
        var after = await browser.GetAsync(CustomersUrl, Ct);

        Assert.True(me.MustChangePassword);
        var problem = await blocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("https://rapport.dev/problems/passwordchangerequired", (string?)problem["type"]);
        await after.ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task In_the_browser_a_forced_change_leads_from_sign_in_to_the_password_page_and_back()
    {
        var (name, _) = await UserAsync(Roles.SalesRepresentative);
        var id = await IdOfAsync(name);
        await using (var db = NewDb())
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, true), Ct);
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

        async Task<HttpResponseMessage> SubmitAsync(string page, Dictionary<string, string> fields)
        {
            var html = await (await browser.GetAsync(page, Ct)).Content.ReadAsStringAsync(Ct);
            var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            fields["__RequestVerificationToken"] = token;
            return await browser.PostAsync(page, new FormUrlEncodedContent(fields), Ct);
        }

        var signIn = await SubmitAsync("/account/login", new() { ["userName"] = name, ["password"] = RapportApp.AdminPassword });
        var tooWeak = await SubmitAsync("/account/password", new() { ["currentPassword"] = RapportApp.AdminPassword, ["newPassword"] = "password" });
        var changed = await SubmitAsync("/account/password", new() { ["currentPassword"] = RapportApp.AdminPassword, ["newPassword"] = Strong });

        Assert.Equal("/account/password", signIn.Headers.Location?.OriginalString);
        var weakBody = await tooWeak.Content.ReadAsStringAsync(Ct);
        Assert.True(weakBody.Contains("class=\"error\"", StringComparison.Ordinal), $"{(int)tooWeak.StatusCode} {weakBody[..Math.Min(600, weakBody.Length)]}");
        Assert.Equal("/", changed.Headers.Location?.OriginalString);
        await (await browser.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_with_the_same_message_as_a_wrong_password()
    {
        var (name, _) = await UserAsync();
        var client = app.CreateClient();
        var wrong = await client.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "wrong"));
        var wrongTitle = (string?)(await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["title"];
        for (var i = 0; i < 4; i++) await client.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "wrong"));

        var right = await client.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));
        var unknown = await client.PostJsonAsync("/api/v1/account/login", new SignInRequest("nobody-" + name, RapportApp.AdminPassword));

        Assert.Equal(wrongTitle, (string?)(await right.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["title"]);
        Assert.Equal(wrongTitle, (string?)(await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["title"]);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync(name))!));
    }

    [Fact]
    public async Task Changing_the_password_ends_other_sessions_and_tokens_but_not_this_one()
    {
        var (name, token) = await UserAsync(Roles.SalesRepresentative);
        var here = await BrowserAsync(name);
        var elsewhere = await BrowserAsync(name);
        var script = app.ClientWithToken(token);
        await (await elsewhere.GetAsync("/api/v1/account/me", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        await (await here.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(RapportApp.AdminPassword, Strong))).ShouldBeAsync(HttpStatusCode.NoContent);

        await (await here.GetAsync("/api/v1/account/me", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/account/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_and_token()
    {
        var (name, token) = await UserAsync();
        var one = await BrowserAsync(name);
        var two = await BrowserAsync(name);

        await (await one.PostAsync("/api/v1/account/sessions/revoke-all", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await one.GetAsync("/api/v1/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await two.GetAsync("/api/v1/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithToken(token).GetAsync("/api/v1/account/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Suspending_ends_sessions_and_tokens_at_once_and_reactivating_allows_sign_in_again()
    {
        var admin = await app.AdminClientAsync();
        var (name, token) = await UserAsync(Roles.SalesRepresentative);
        var browser = await BrowserAsync(name);
        var id = await IdOfAsync(name);

        await (await admin.PostAsync($"/api/v1/users/{id}/suspend", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(CustomersUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithToken(token).GetAsync(CustomersUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword))).StatusCode);
        await (await admin.PostAsync($"/api/v1/users/{id}/reactivate", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await BrowserAsync(name);
    }

    [Fact]
    public async Task An_invitation_sets_the_first_password_once()
    {
        var admin = await app.AdminClientAsync();
        var name = Name();
        var invitation = await admin.PostCreatedAsync<Invitation>("/api/v1/users/invitations", new InviteInput(name, "新同事", $"{name}@example.com", [Roles.SalesRepresentative], null));
        var anonymous = app.CreateClient();

        var tooWeak = await anonymous.PostJsonAsync("/api/v1/account/invitations/accept", new AcceptInvitationInput(invitation.Token, "password"));
        var accepted = await anonymous.PostJsonAsync("/api/v1/account/invitations/accept", new AcceptInvitationInput(invitation.Token, Strong));
        var again = await anonymous.PostJsonAsync("/api/v1/account/invitations/accept", new AcceptInvitationInput(invitation.Token, Strong + "x"));

        Assert.Equal(UserStatus.Invited, invitation.User.Status);
        Assert.Equal("/account/invite?token=" + invitation.Token, invitation.Link);
        await tooWeak.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await accepted.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(UserStatus.Active, (await accepted.ReadAsync<UserDto>()).Status);
        Assert.Equal("Validation.InvitationInvalid", (string?)(await again.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["token"]![0]);
        var browser = await BrowserAsync(name, Strong);
        await (await browser.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Offboarding_hands_every_customer_to_a_colleague_and_revokes_access()
    {
        var admin = await app.AdminClientAsync();
        var (leaver, token) = await UserAsync(Roles.SalesRepresentative);
        var (heirName, heirToken) = await UserAsync(Roles.SalesRepresentative);
        var leaverClient = app.ClientWithToken(token);
        var theirs = new List<Guid>();
        for (var i = 0; i < 3; i++) theirs.Add((await leaverClient.CreateAsync(CustomerSamples.Valid())).Id);
        await (await leaverClient.DeleteAsync($"{CustomersUrl}/{theirs[2]}", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var leaverId = await IdOfAsync(leaver);

        var noHeir = await admin.PostJsonAsync($"/api/v1/users/{leaverId}/offboard", new OffboardInput(null));
        var done = await admin.PostJsonAsync($"/api/v1/users/{leaverId}/offboard", new OffboardInput(await IdOfAsync(heirName)));

        await noHeir.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await done.ShouldBeAsync(HttpStatusCode.OK);
        var result = await done.ReadAsync<OffboardResult>();
        Assert.Equal(3, result.CustomersReassigned);
        Assert.Equal(UserStatus.Offboarded, result.User.Status);
        Assert.Empty(result.User.Roles);
        Assert.Equal(HttpStatusCode.Unauthorized, (await leaverClient.GetAsync(CustomersUrl, Ct)).StatusCode);
        var heir = app.ClientWithToken(heirToken);
        foreach (var id in theirs) await (await heir.GetAsync($"{CustomersUrl}/{id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Offboarding_hands_leads_deals_quotes_contracts_orders_cases_open_tasks_and_web_forms_to_the_colleague_too()
    {
        var admin = await app.AdminClientAsync();
        var (leaver, token) = await UserAsync(Roles.SalesRepresentative);
        var (heirName, heirToken) = await UserAsync(Roles.SalesRepresentative);
        var leaverClient = app.ClientWithToken(token);
        var leaverId = await IdOfAsync(leaver);
        var heirId = await IdOfAsync(heirName);
        var unique = Guid.NewGuid().ToString("N")[..8];
        var customer = await leaverClient.CreateAsync(CustomerSamples.Valid());
        var lead = await (await leaverClient.PostJsonAsync("/api/v1/leads?confirmDuplicate=true", new Rapport.Core.Leads.LeadInput
        { Name = "Leaver Lead " + unique, Company = "Leaver Co " + unique, Email = $"l{unique}@example.com" })).ReadAsync<Rapport.Core.Leads.LeadDto>();
        var deal = await (await leaverClient.PostJsonAsync("/api/v1/opportunities", new Rapport.Core.Sales.OpportunityInput
        { Name = "Leaver Deal " + unique, CustomerId = customer.Id })).ReadAsync<Rapport.Core.Sales.OpportunityDto>();
        var contract = await (await leaverClient.PostJsonAsync("/api/v1/contracts", new Rapport.Core.Sales.ContractInput(customer.Id, "Leaver contract",
            1_000m, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)))).ReadAsync<Rapport.Core.Sales.ContractDto>();
        var task = await (await leaverClient.PostJsonAsync($"{CustomersUrl}/{customer.Id}/interactions", new InteractionInput
        { Kind = InteractionKind.Task, Subject = "Call back " + unique, DueAt = DateTime.UtcNow.AddDays(2) })).ReadAsync<InteractionDto>();
        var quote = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes", new Rapport.Core.Sales.QuoteInput(null, null,
            [new Rapport.Core.Sales.QuoteLineInput(null, "Item", 1, 10m)]))).ReadAsync<Rapport.Core.Sales.QuoteDto>();
        await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var orderId = (await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new Rapport.Core.Sales.QuoteAcceptInput()))
            .ReadAsync<Rapport.Core.Sales.QuoteDto>()).OrderId!.Value;
        var openCase = await admin.PostCreatedAsync<CaseDto>("/api/v1/cases", new CaseInput(customer.Id, "Leaver's open case " + unique, OwnerId: leaverId));
        var closedCase = await admin.PostCreatedAsync<CaseDto>("/api/v1/cases", new CaseInput(customer.Id, "Leaver's solved case " + unique, OwnerId: leaverId));
        await (await admin.PostJsonAsync($"/api/v1/cases/{closedCase.Id}/resolve", new CaseResolveInput("Fixed"))).ShouldBeAsync(HttpStatusCode.OK);
        var form = await admin.PostCreatedAsync<Rapport.Core.Leads.LeadFormDto>("/api/v1/lead-forms",
            new Rapport.Core.Leads.LeadFormInput("Leaver form " + unique, DefaultOwnerId: leaverId));

        var customerBefore = await (await admin.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ReadAsync<CustomerDto>();
        var dealBefore = await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}", Ct)).ReadAsync<Rapport.Core.Sales.OpportunityDto>();

        var done = await admin.PostJsonAsync($"/api/v1/users/{leaverId}/offboard", new OffboardInput(heirId));

        await done.ShouldBeAsync(HttpStatusCode.OK);
        // Copies read before the hand-over are stale: saving one would hand the record back to the leaver.
        using var staleCustomer = new HttpRequestMessage(HttpMethod.Put, $"{CustomersUrl}/{customer.Id}")
        { Content = System.Net.Http.Json.JsonContent.Create(CustomerSamples.Valid(), options: Json.Options) };
        await (await admin.SendAsync(staleCustomer.WithIfMatch($"\"{customerBefore.Version}\""), Ct)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(dealBefore.Version + 1,
            (await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}", Ct)).ReadAsync<Rapport.Core.Sales.OpportunityDto>()).Version);
        var result = await done.ReadAsync<OffboardResult>();
        Assert.Equal((1, 1, 1, 1, 1, 1, 2, 1), (result.CustomersReassigned, result.LeadsReassigned, result.OpportunitiesReassigned,
            result.ContractsReassigned, result.OrdersReassigned, result.TasksReassigned, result.CasesReassigned, result.LeadFormsReassigned));
        var heir = app.ClientWithToken(heirToken);
        Assert.Equal(heirId, (await (await heir.GetAsync($"/api/v1/leads/{lead.Id}", Ct)).ReadAsync<Rapport.Core.Leads.LeadDto>()).OwnerId);
        Assert.Equal(heirId, (await (await heir.GetAsync($"/api/v1/opportunities/{deal.Id}", Ct)).ReadAsync<Rapport.Core.Sales.OpportunityDto>()).OwnerId);
        Assert.Equal(heirId, (await (await heir.GetAsync($"/api/v1/contracts/{contract.Id}", Ct)).ReadAsync<Rapport.Core.Sales.ContractDto>()).OwnerId);
        Assert.Equal(heirId, (await (await admin.GetAsync($"/api/v1/orders/{orderId}", Ct)).ReadAsync<Rapport.Core.Sales.OrderDto>()).OwnerId);
        Assert.Contains((await heir.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/tasks/mine", Json.Options, Ct))!, t => t.Id == task.Id);
        // The quote follows its deal: the heir, who sees only their own deals, reads it.
        await (await heir.GetAsync($"/api/v1/quotes/{quote.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        foreach (var c in new[] { openCase, closedCase })
            Assert.Equal(heirId, (await (await admin.GetAsync($"/api/v1/cases/{c.Id}", Ct)).ReadAsync<CaseDto>()).OwnerId);
        Assert.Equal(heirId, (await (await admin.GetAsync("/api/v1/lead-forms", Ct)).ReadAsync<List<Rapport.Core.Leads.LeadFormDto>>())
            .Single(f => f.Id == form.Id).DefaultOwnerId);
        var entry = (await (await admin.GetAsync($"/api/v1/audit?action=user.offboarded&entityId={leaverId}", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>()).Items.Single();
        Assert.Equal(1, entry.Changes!.Value.GetProperty("contracts").GetInt32());
        Assert.Equal(1, entry.Changes!.Value.GetProperty("tasks").GetInt32());
        Assert.Equal(2, entry.Changes!.Value.GetProperty("cases").GetInt32());
    }

    [Fact]
    public async Task An_administrator_signs_someone_out_everywhere_and_it_is_audited()
    {
        var admin = await app.AdminClientAsync();
        var (name, token) = await UserAsync(Roles.SalesRepresentative);
        var browser = await BrowserAsync(name);
        var id = await IdOfAsync(name);
        var (_, otherToken) = await UserAsync(Roles.SalesManager);

        var byOther = await app.ClientWithToken(otherToken).PostAsync($"/api/v1/users/{id}/sign-out", null, Ct);
        var done = await admin.PostAsync($"/api/v1/users/{id}/sign-out", null, Ct);

        await byOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await done.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(CustomersUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithToken(token).GetAsync(CustomersUrl, Ct)).StatusCode);
        Assert.Equal(UserStatus.Active, (await done.ReadAsync<UserDto>()).Status);
        await (await (await BrowserAsync(name)).GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var entry = (await (await admin.GetAsync($"/api/v1/audit?action=auth.sessions.revoked&entityId={id}", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>()).Items.Single();
        Assert.Equal("admin", entry.UserName);
    }

    [Fact]
    public async Task An_administrator_edits_someones_profile_and_finds_them_by_email_role_and_team()
    {
        var admin = await app.AdminClientAsync();
        var (name, _) = await UserAsync(Roles.Auditor);
        var id = await IdOfAsync(name);
        var team = await admin.PostCreatedAsync<Rapport.Core.Access.TeamDto>("/api/v1/teams", new Rapport.Core.Access.TeamInput("Desk " + name, null));
        await (await admin.PutJsonAsync($"/api/v1/users/{id}/access", new Rapport.Core.Access.UserAccessInput([Roles.Auditor], team.Id, null))).ShouldBeAsync(HttpStatusCode.OK);
        var auditor = (await (await admin.GetAsync("/api/v1/roles", Ct)).ReadAsync<List<Rapport.Core.Access.RoleDto>>()).Single(r => r.Name == Roles.Auditor);

        var bad = await admin.PutJsonAsync($"/api/v1/users/{id}", new UserProfileInput("X", "not-an-email", null, "fr", "Mars/Olympus"));
        var saved = await admin.PutJsonAsync($"/api/v1/users/{id}", new UserProfileInput(" 李娜 ", $"{name}@Example.com", "客服主管", "zh-CN", "Asia/Shanghai"));

        var codes = (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!;
        Assert.Equal("Validation.Email", (string?)codes["email"]![0]);
        Assert.Equal("Validation.OneOf", (string?)codes["culture"]![0]);
        Assert.Equal("Validation.TimeZone", (string?)codes["timeZone"]![0]);
        await saved.ShouldBeAsync(HttpStatusCode.OK);
        var user = await (await admin.GetAsync($"/api/v1/users/{id}", Ct)).ReadAsync<UserDto>();
        Assert.Equal(("李娜", $"{name}@example.com", "客服主管", "zh-CN", "Asia/Shanghai"), (user.DisplayName, user.Email, user.Position, user.Culture, user.TimeZone));
        var byEmail = await (await admin.GetAsync($"/api/v1/users?q={name}@example", Ct)).ReadAsync<Page<UserDto>>();
        var byRoleAndTeam = await (await admin.GetAsync($"/api/v1/users?roleId={auditor.Id}&teamId={team.Id}", Ct)).ReadAsync<Page<UserDto>>();
        var byOtherRole = await (await admin.GetAsync($"/api/v1/users?roleId={auditor.Id}&teamId={team.Id}&status=Suspended", Ct)).ReadAsync<Page<UserDto>>();
        Assert.Equal([id], byEmail.Items.Select(u => u.Id));
        Assert.Equal([id], byRoleAndTeam.Items.Select(u => u.Id));
        Assert.Empty(byOtherRole.Items);
        var entry = (await (await admin.GetAsync($"/api/v1/audit?action=user.updated&entityId={id}", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>()).Items[0];
        Assert.Contains("position", entry.Changes!.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Users_are_invited_in_bulk_from_csv_all_or_nothing_and_exported_back()
    {
        var admin = await app.AdminClientAsync();
        var (a, b, c) = (Name(), Name(), Name());
        var good = $"userName,displayName,email,roles\n{a},张伟,{a}@example.com,Sales Representative\n{b},=SUM(A1),,Sales Manager;Auditor\n{c},,,\n";
        var bad = $"userName,displayName,email,roles\n{Name()},,,\n{a}x,,not-an-email,Astronaut\n{a}x,,,\n";

        var badImport = await admin.PostAsync("/api/v1/users/import", new StringContent(bad, System.Text.Encoding.UTF8, "text/csv"), Ct);
        var goodImport = await admin.PostAsync("/api/v1/users/import", new StringContent(good, System.Text.Encoding.UTF8, "text/csv"), Ct);
        var export = await (await admin.GetAsync("/api/v1/users/export", Ct)).Content.ReadAsStringAsync(Ct);

        var codes = (await badImport.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!;
        Assert.Equal("Validation.Email", (string?)codes["rows[1].email"]![0]);
        Assert.Equal("Validation.UnknownRole", (string?)codes["rows[1].roles"]![0]);
        Assert.Equal("Validation.UserNameTaken", (string?)codes["rows[2].userName"]![0]);
        await goodImport.ShouldBeAsync(HttpStatusCode.OK);
        var invitations = await goodImport.ReadAsync<List<Invitation>>();
        Assert.Equal([a, b, c], invitations.Select(i => i.User.UserName));
        Assert.Equal([Roles.Auditor, Roles.SalesManager], invitations[1].User.Roles);
        Assert.All(invitations, i => Assert.Equal(UserStatus.Invited, i.User.Status));
        Assert.Contains($"{a},张伟,{a}@example.com,Invited,Sales Representative", export, StringComparison.Ordinal);
        Assert.DoesNotContain(",=SUM(A1)", export, StringComparison.Ordinal);
        var page = await (await admin.GetAsync($"/api/v1/users?q={a}x", Ct)).ReadAsync<Rapport.Core.Common.Page<UserDto>>();
        Assert.Empty(page.Items); // the failed import created nobody
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_signed_in_ones_are_not_cached()
    {
        var admin = await app.AdminClientAsync();

        var page = await app.CreateClient().GetAsync("/account/login", Ct);
        var api = await admin.GetAsync(CustomersUrl, Ct);
        var health = await app.CreateClient().GetAsync("/openapi/v1.json", Ct);

        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline'; style", csp.Split("script-src")[1][..30], StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(api.Headers.CacheControl?.NoStore);
        // The API description renders for anyone (a record with a `DateTime = default` parameter once made it a 500).
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.CacheControl?.NoStore == true);
    }

    private RapportDbContext NewDb() =>
        app.Services.GetRequiredService<IDbContextFactory<RapportDbContext>>().CreateDbContext();
}

public sealed class AccountSecurityOnSqlite(SqliteApp app) : AccountSecurityTests(app), IClassFixture<SqliteApp>;

public sealed class AccountSecurityOnPostgres(PostgresApp app) : AccountSecurityTests(app), IClassFixture<PostgresApp>;

/// <summary>An app whose clock the test moves.</summary>
public sealed class ClockedSqliteApp() : RapportApp(Provider.Sqlite)
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureMore(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>An app whose sign-in and public-form limits are low; each test class gets its own instance, so no other
/// test spends its permits.</summary>
public sealed class RateLimitedSqliteApp() : RapportApp(Provider.Sqlite)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimiting:SignIn:PermitLimit", "3");
        builder.UseSetting("RateLimiting:PublicForm:PermitLimit", "3");
    }
}

public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Session timeouts need their own app: they move its clock.</summary>
public sealed class SessionLimitsTests(ClockedSqliteApp app) : IClassFixture<ClockedSqliteApp>
{
    [Fact]
    public async Task Sessions_end_after_30_idle_minutes_and_after_12_hours_however_active()
    {
        var name = "clk" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserWithTokenAsync(name);
        var idle = app.CreateClient();
        await (await idle.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword))).ShouldBeAsync(HttpStatusCode.OK);
        var busy = app.CreateClient();
        await (await busy.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword))).ShouldBeAsync(HttpStatusCode.OK);

        var statuses = new List<HttpStatusCode>();
        for (var minutes = 20; minutes <= 13 * 60; minutes += 20)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            if (minutes == 40) Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/api/v1/account/me", Ct)).StatusCode);
            statuses.Add((await busy.GetAsync("/api/v1/account/me", Ct)).StatusCode);
        }

        var lastOk = statuses.LastIndexOf(HttpStatusCode.OK);
        Assert.All(statuses.Take(lastOk + 1), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(lastOk + 1), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.InRange((lastOk + 1) * 20, 11 * 60 + 40, 12 * 60); // the last good request falls within the 12 hours
    }
}

/// <summary>The per-address sign-in limit, on an app of its own so its permits are counted from zero.</summary>
public sealed class SignInRateLimitTests(RateLimitedSqliteApp app) : IClassFixture<RateLimitedSqliteApp>
{
    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_rate_limited_with_a_localized_429()
    {
        var client = app.CreateClient();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/account/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new SignInRequest("nobody", "x"), options: Json.Options),
            };
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
            responses.Add(await client.SendAsync(request, Ct));
        }

        // Three attempts a minute from one address: the fourth is refused, and so is every one after it.
        var first = responses.FindIndex(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(3, first);
        Assert.All(responses.Take(first), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.All(responses.Skip(first), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        var limited = responses[first];
        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("稍后", (string?)problem["title"], StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter is not null);
    }
}
