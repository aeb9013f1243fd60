using Microsoft.AspNetCore.Routing;
using Rapport.Core.Audit;
using Rapport.Core.Privacy;
using Rapport.Core.Settings;
using Rapport.Server.Tests.Sales;

namespace Rapport.Server.Tests.Access;

/// <summary>
/// Every API endpoint × every built-in role × {own record, team record, other team's record, missing id}: the
/// status must be the one the access rules promise. The expectations below are written out by hand from the
/// product rules (what each role may do, how far each reaches), not derived from the code under test. An API
/// endpoint that is not in <see cref="Endpoints"/> fails <see cref="Every_api_endpoint_is_in_the_matrix"/>.
/// </summary>
public abstract class AuthorizationMatrixTests(RapportApp app)
{
    public enum Target { Own, Team, Other, Missing }

    /// <summary>Who a built-in role reaches and what it may do, as the product promises it. <paramref name="Cases"/>
    /// is its reach over cases when that differs (service agents work their own team's queues).</summary>
    private sealed record RoleRule(string Role, bool Team, bool Other, params string[] Actions)
    {
        public (bool Team, bool Other)? Cases { get; init; }
    }

    private static readonly RoleRule[] Rules =
    [
        new(Roles.Administrator, true, true, "read", "create", "update", "delete", "export", "assign", "bin", "roles", "users", "settings", "audit", "pii",
            "lead:read", "lead:create", "lead:update", "lead:delete", "lead:assign", "lead:convert", "lead:configure",
            "deal:read", "deal:create", "deal:update", "deal:delete", "deal:assign", "deal:configure",
            "product:read", "product:manage", "order:read", "order:manage", "order:pay", "contract:read", "contract:manage",
            "case:read", "case:create", "case:update", "case:delete", "case:admin",
            "kb:read", "kb:write", "kb:publish", "kb:admin", "sla:admin", "logs", "report:read", "report:manage", "imports",
            "quality:read", "quality:merge", "segment:read", "segment:manage", "classification", "campaign:read", "campaign:manage", "campaign:send",
            "privacy:read", "privacy:manage"),
        new(Roles.SalesManager, true, false, "read", "create", "update", "delete", "export", "assign",
            "lead:read", "lead:create", "lead:update", "lead:delete", "lead:assign", "lead:convert",
            "deal:read", "deal:create", "deal:update", "deal:delete", "deal:assign", "product:read", "order:read", "order:manage",
            "contract:read", "contract:manage", "case:read", "kb:read", "report:read", "report:manage", "quality:read", "quality:merge", "segment:read", "segment:manage", "campaign:read", "campaign:manage", "campaign:send"),
        new(Roles.SalesRepresentative, false, false, "read", "create", "update", "lead:read", "lead:create", "lead:update", "lead:convert",
            "deal:read", "deal:create", "deal:update", "product:read", "order:read", "contract:read", "contract:manage", "case:read", "kb:read", "report:read", "segment:read"),
        new(Roles.MarketingSpecialist, true, true, "read", "export", "lead:read", "lead:create", "lead:update", "lead:configure", "product:read", "kb:read", "report:read",
            "segment:read", "segment:manage", "classification", "campaign:read", "campaign:manage", "campaign:send"),
        // A service agent in no team reaches only the cases they own (the world below gives them no team and the cases no queue).
        new(Roles.ServiceAgent, true, true, "read", "update", "product:read", "contract:read", "case:read", "case:create", "case:update", "case:delete", "kb:read", "kb:write", "report:read")
        {
            Cases = (false, false),
        },
        new(Roles.Finance, true, true, "read", "export", "pii", "deal:read", "product:read", "order:read", "order:manage", "order:pay", "contract:read", "kb:read", "report:read", "report:manage"),
        new(Roles.Auditor, true, true, "read", "audit", "lead:read", "deal:read", "product:read", "order:read", "contract:read", "case:read", "kb:read", "report:read", "segment:read", "privacy:read"),
    ];

    /// <summary>What a cell needs: the caller, the records' ids (a customer with a contact and an interaction, and a
    /// lead, all with the target's owner), and an admin client for setting things up.</summary>
    private sealed record Cell(HttpClient Caller, HttpClient Admin, Records Ids, Guid Owner, Func<Task<Guid>> NewUser, Func<Task<HttpClient>> Throwaway,
        Func<Guid, Task<Guid>> Notify)
    {
        public Guid CustomerId => Ids.Customer;
        public Guid ContactId => Ids.Contact;
        public Guid InteractionId => Ids.Interaction;
        public Guid LeadId => Ids.Lead;
        public Guid DealId => Ids.Deal;
    }

    /// <summary>The records one cell works on; each endpoint gets the chain it needs, owned by the target's owner.</summary>
    private sealed record Records(Guid Customer = default, Guid Contact = default, Guid Interaction = default, Guid Lead = default, Guid Deal = default,
        Guid Quote = default, Guid Order = default, Guid Invoice = default, Guid Contract = default, Guid Attachment = default,
        Guid Article = default, Guid Category = default, Guid Case = default, Guid Message = default, Guid Related = default, Guid Macro = default)
    {
        public static Records Missing() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
    }

    /// <summary>An endpoint: its route as mapped, the action it needs ("self" = any signed-in user), whether it
    /// targets one customer's record (and so answers 404 outside the caller's scope), and how to call it.</summary>
    private sealed record Endpoint(string Method, string Route, string Action, bool Scoped, HttpStatusCode Success,
        Func<Cell, Task<HttpResponseMessage>> Call);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/v1/customers", "read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(CustomersUrl, Ct)),
        new("POST", "/api/v1/customers", "create", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(CustomersUrl, CustomerSamples.Valid())),
        new("GET", "/api/v1/customers/{id:guid}", "read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}", Ct)),
        new("PUT", "/api/v1/customers/{id:guid}", "update", true, HttpStatusCode.OK, c => c.Caller.PutJsonAsync($"{CustomersUrl}/{c.CustomerId}", CustomerSamples.Valid())),
        new("DELETE", "/api/v1/customers/{id:guid}", "delete", true, HttpStatusCode.NoContent, c => c.Caller.DeleteAsync($"{CustomersUrl}/{c.CustomerId}", Ct)),
        new("POST", "/api/v1/customers/{id:guid}/reveal", "pii", true, HttpStatusCode.OK, c => c.Caller.PostAsync($"{CustomersUrl}/{c.CustomerId}/reveal", null, Ct)),
        // Exact-match lookup by a sensitive value: POST so the value never sits in a URL; out-of-scope matches are simply absent.
        new("POST", "/api/v1/customers/lookup", "pii", false, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = "11010519491231002X" })),
        new("GET", "/api/v1/customers/export", "export", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{CustomersUrl}/export?tag=none", Ct)),
        new("GET", "/api/v1/admin/settings/sensitive-fields", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/sensitive-fields", Ct)),
        new("PUT", "/api/v1/admin/settings/sensitive-fields", "settings", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/sensitive-fields", SensitiveFields.Defaults)),
        new("GET", "/api/v1/admin/pii/rotation", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/pii/rotation", Ct)),
        new("POST", "/api/v1/admin/pii/rotate", "settings", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/admin/pii/rotate", null, Ct)),
        new("GET", "/api/v1/search", "read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/search?q=acme", Ct)),
        // Out-of-scope ids in a bulk request are reported back as not found, never touched, so the call itself succeeds.
        new("POST", "/api/v1/customers/bulk", "update", false, HttpStatusCode.OK, c => c.Caller.PostJsonAsync($"{CustomersUrl}/bulk",
            new CustomerBulkInput([c.CustomerId], CustomerBulkAction.AddTag, Tag: "bulk"))),
        new("GET", "/api/v1/account/preferences", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/account/preferences", Ct)),
        new("PUT", "/api/v1/account/preferences", "self", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/account/preferences", new Rapport.Core.Preferences.PreferencesInput("en", "dark"))),
        new("GET", "/api/v1/views", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/views?list=customers", Ct)),
        new("POST", "/api/v1/views", "self", false, HttpStatusCode.OK, c => c.Caller.PostJsonAsync("/api/v1/views",
            new Rapport.Core.Preferences.SavedViewInput("customers", "V" + Unique(), "{\"tier\":\"vip\"}", null))),
        new("DELETE", "/api/v1/views/{id:guid}", "self", false, HttpStatusCode.NoContent, async c =>
        {
            var saved = await c.Caller.PostJsonAsync("/api/v1/views", new Rapport.Core.Preferences.SavedViewInput("customers", "V" + Unique(), "{}", null));
            var id = (await saved.Content.ReadFromJsonAsync<Rapport.Core.Preferences.SavedViewDto>(Ct))?.Id ?? Guid.Empty;
            return await c.Caller.DeleteAsync($"/api/v1/views/{id}", Ct);
        }),
        new("GET", "/api/v1/tasks/mine", "read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/tasks/mine", Ct)),
        new("GET", "/api/v1/people", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/people", Ct)),
        new("GET", "/api/v1/people/teams", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/people/teams", Ct)),

        new("GET", "/api/v1/customers/{customerId:guid}/contacts", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/contacts", Ct)),
        new("POST", "/api/v1/customers/{customerId:guid}/contacts", "update", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/contacts", Contact())),
        new("GET", "/api/v1/customers/{customerId:guid}/contacts/{id:guid}", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/contacts/{c.ContactId}", Ct)),
        new("PUT", "/api/v1/customers/{customerId:guid}/contacts/{id:guid}", "update", true, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync($"{CustomersUrl}/{c.CustomerId}/contacts/{c.ContactId}", Contact())),
        new("DELETE", "/api/v1/customers/{customerId:guid}/contacts/{id:guid}", "update", true, HttpStatusCode.NoContent,
            c => c.Caller.DeleteAsync($"{CustomersUrl}/{c.CustomerId}/contacts/{c.ContactId}", Ct)),

        new("GET", "/api/v1/customers/{customerId:guid}/interactions", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/interactions", Ct)),
        new("POST", "/api/v1/customers/{customerId:guid}/interactions", "update", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/interactions", Interaction())),
        new("GET", "/api/v1/customers/{customerId:guid}/interactions/{id:guid}", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/interactions/{c.InteractionId}", Ct)),
        new("PUT", "/api/v1/customers/{customerId:guid}/interactions/{id:guid}", "update", true, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync($"{CustomersUrl}/{c.CustomerId}/interactions/{c.InteractionId}", Interaction())),
        new("DELETE", "/api/v1/customers/{customerId:guid}/interactions/{id:guid}", "update", true, HttpStatusCode.NoContent,
            c => c.Caller.DeleteAsync($"{CustomersUrl}/{c.CustomerId}/interactions/{c.InteractionId}", Ct)),
        new("GET", "/api/v1/customers/{customerId:guid}/consents", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/consents", Ct)),
        new("POST", "/api/v1/customers/{customerId:guid}/consents", "update", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/consents",
                new Rapport.Core.Privacy.ConsentInput(Rapport.Core.Privacy.ConsentPurpose.Profiling, true))),

        // The recycle bin is checked for the permission first: only holders learn whether a deleted record exists.
        new("GET", "/api/v1/recycle-bin/customers", "bin", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/recycle-bin/customers", Ct)),
        new("POST", "/api/v1/recycle-bin/customers/{id:guid}/restore", "bin", false, HttpStatusCode.OK, async c =>
        {
            await c.Admin.DeleteAsync($"{CustomersUrl}/{c.CustomerId}", Ct);
            return await c.Caller.PostAsync($"/api/v1/recycle-bin/customers/{c.CustomerId}/restore", null, Ct);
        }),
        new("DELETE", "/api/v1/recycle-bin/customers/{id:guid}", "bin", false, HttpStatusCode.NoContent, async c =>
        {
            await c.Admin.DeleteAsync($"{CustomersUrl}/{c.CustomerId}", Ct);
            return await c.Caller.DeleteAsync($"/api/v1/recycle-bin/customers/{c.CustomerId}", Ct);
        }),

        new("GET", "/api/v1/roles", "roles", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/roles", Ct)),
        new("POST", "/api/v1/roles", "roles", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/roles", NewRole())),
        new("GET", "/api/v1/roles/{id:guid}", "roles", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/roles/{await RoleAsync(c)}", Ct)),
        new("PUT", "/api/v1/roles/{id:guid}", "roles", false, HttpStatusCode.OK, async c => await c.Caller.PutJsonAsync($"/api/v1/roles/{await RoleAsync(c)}", NewRole())),
        new("DELETE", "/api/v1/roles/{id:guid}", "roles", false, HttpStatusCode.NoContent, async c => await c.Caller.DeleteAsync($"/api/v1/roles/{await RoleAsync(c)}", Ct)),
        new("GET", "/api/v1/access/permissions", "roles", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/access/permissions", Ct)),

        new("GET", "/api/v1/teams", "users", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/teams", Ct)),
        new("POST", "/api/v1/teams", "users", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/teams", new TeamInput("T" + Unique(), null))),
        new("PUT", "/api/v1/teams/{id:guid}", "users", false, HttpStatusCode.OK, async c => await c.Caller.PutJsonAsync($"/api/v1/teams/{await TeamAsync(c)}", new TeamInput("T" + Unique(), null))),
        new("DELETE", "/api/v1/teams/{id:guid}", "users", false, HttpStatusCode.NoContent, async c => await c.Caller.DeleteAsync($"/api/v1/teams/{await TeamAsync(c)}", Ct)),
        new("GET", "/api/v1/users/{id:guid}/access", "users", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/users/{await c.NewUser()}/access", Ct)),
        new("PUT", "/api/v1/users/{id:guid}/access", "users", false, HttpStatusCode.OK, async c =>
            await c.Caller.PutJsonAsync($"/api/v1/users/{await c.NewUser()}/access", new UserAccessInput([Roles.SalesRepresentative], null, null))),

        new("GET", "/api/v1/admin/settings/password-policy", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/password-policy", Ct)),
        new("PUT", "/api/v1/admin/settings/password-policy", "settings", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/password-policy", PasswordPolicy.Defaults)),
        new("GET", "/api/v1/audit", "audit", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/audit", Ct)),
        new("GET", "/api/v1/audit/export", "audit", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/audit/export?action=none", Ct)),
        new("POST", "/api/v1/audit/verify", "audit", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/audit/verify", null, Ct)),
        new("GET", "/api/v1/admin/settings/audit", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/audit", Ct)),
        new("PUT", "/api/v1/admin/settings/audit", "settings", false, HttpStatusCode.OK, c => c.Caller.PutJsonAsync("/api/v1/admin/settings/audit", new AuditSettings(180))),
        new("GET", "/api/v1/admin/settings/retention", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/retention", Ct)),
        new("PUT", "/api/v1/admin/settings/retention", "settings", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/retention", Rapport.Core.Retention.RetentionSettings.Defaults)),
        new("GET", "/api/v1/admin/retention", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/retention", Ct)),
        new("GET", "/api/v1/admin/retention/{policy}", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/retention/leads", Ct)),
        // Mail bodies go after 90 days by default: nothing this run made is that old.
        new("POST", "/api/v1/admin/retention/{policy}/apply", "settings", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/admin/retention/mail/apply", null, Ct)),
        new("GET", "/api/v1/admin/retention/runs", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/retention/runs", Ct)),
        new("GET", "/api/v1/admin/settings", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings", Ct)),
        new("GET", "/api/v1/admin/settings/{section}/history", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/audit/history", Ct)),
        new("GET", "/api/v1/admin/configuration", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/configuration", Ct)),
        new("GET", "/api/v1/admin/system", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/system", Ct)),
        new("GET", "/api/v1/admin/settings/regional", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/regional", Ct)),
        new("PUT", "/api/v1/admin/settings/regional", "settings", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/regional", RegionalSettings.Defaults)),

        new("GET", "/api/v1/admin/settings/company", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/company", Ct)),
        new("PUT", "/api/v1/admin/settings/company", "settings", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/company", new CompanyProfile("Matrix Trading Ltd"))),
        // No logo in the matrix's world: the reader may look and finds none.
        new("GET", "/api/v1/admin/settings/company/logo", "settings", false, HttpStatusCode.NotFound, c => c.Caller.GetAsync("/api/v1/admin/settings/company/logo", Ct)),
        new("PUT", "/api/v1/admin/settings/company/logo", "settings", false, HttpStatusCode.OK, async c =>
        {
            var response = await c.Caller.PutAsync("/api/v1/admin/settings/company/logo", CompanyLogoSamples.Upload(CompanyLogoSamples.Png()), Ct);
            // Leave the world as it was for the GET row.
            if (response.IsSuccessStatusCode) await c.Caller.DeleteAsync("/api/v1/admin/settings/company/logo", Ct);
            return response;
        }),
        new("DELETE", "/api/v1/admin/settings/company/logo", "settings", false, HttpStatusCode.NoContent, c => c.Caller.DeleteAsync("/api/v1/admin/settings/company/logo", Ct)),

        new("GET", "/api/v1/users", "users", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/users", Ct)),
        new("GET", "/api/v1/users/export", "users", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/users/export", Ct)),
        new("POST", "/api/v1/users/import", "users", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/users/import",
            new StringContent($"userName\nimp{Unique()}\n", System.Text.Encoding.UTF8, "text/csv"), Ct)),
        new("GET", "/api/v1/users/{id:guid}", "users", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/users/{await c.NewUser()}", Ct)),
        new("POST", "/api/v1/users/invitations", "users", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync("/api/v1/users/invitations", new InviteInput("i" + Unique(), null, null, null, null))),
        new("PUT", "/api/v1/users/{id:guid}", "users", false, HttpStatusCode.OK, async c =>
            await c.Caller.PutJsonAsync($"/api/v1/users/{await c.NewUser()}", new UserProfileInput("Li Na", null, "Engineer", "zh-CN", "Asia/Shanghai"))),
        new("POST", "/api/v1/users/{id:guid}/mfa/reset", "users", false, HttpStatusCode.OK, async c => await c.Caller.PostAsync($"/api/v1/users/{await c.NewUser()}/mfa/reset", null, Ct)),
        new("POST", "/api/v1/users/{id:guid}/sign-out", "users", false, HttpStatusCode.OK, async c => await c.Caller.PostAsync($"/api/v1/users/{await c.NewUser()}/sign-out", null, Ct)),
        new("POST", "/api/v1/users/{id:guid}/suspend", "users", false, HttpStatusCode.OK, async c => await c.Caller.PostAsync($"/api/v1/users/{await c.NewUser()}/suspend", null, Ct)),
        new("POST", "/api/v1/users/{id:guid}/reactivate", "users", false, HttpStatusCode.OK, async c =>
        {
            var id = await c.NewUser();
            await c.Admin.PostAsync($"/api/v1/users/{id}/suspend", null, Ct);
            return await c.Caller.PostAsync($"/api/v1/users/{id}/reactivate", null, Ct);
        }),
        new("POST", "/api/v1/users/{id:guid}/offboard", "users", false, HttpStatusCode.OK, async c =>
            await c.Caller.PostJsonAsync($"/api/v1/users/{await c.NewUser()}/offboard", new OffboardInput(await c.NewUser()))),
        new("POST", "/api/v1/account/password", "self", false, HttpStatusCode.NoContent, async c =>
            await (await c.Throwaway()).PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(RapportApp.AdminPassword, "Fresh&Unusual-2031"))),
        new("POST", "/api/v1/account/sessions/revoke-all", "self", false, HttpStatusCode.NoContent, async c =>
            await (await c.Throwaway()).PostAsync("/api/v1/account/sessions/revoke-all", null, Ct)),

        new("GET", "/api/v1/account/mfa", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/account/mfa", Ct)),
        new("POST", "/api/v1/account/mfa/authenticator", "self", false, HttpStatusCode.OK, async c => await (await c.Throwaway()).PostAsync("/api/v1/account/mfa/authenticator", null, Ct)),
        new("POST", "/api/v1/account/mfa/authenticator/verify", "self", false, HttpStatusCode.OK, async c =>
        {
            var client = await c.Throwaway();
            var setup = await (await client.PostAsync("/api/v1/account/mfa/authenticator", null, Ct)).ReadAsync<AuthenticatorSetup>();
            return await client.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(Identity.MfaTests.Totp(setup.SharedKey)));
        }),
        new("POST", "/api/v1/account/mfa/recovery-codes", "self", false, HttpStatusCode.OK, async c =>
        {
            var client = await c.Throwaway();
            var setup = await (await client.PostAsync("/api/v1/account/mfa/authenticator", null, Ct)).ReadAsync<AuthenticatorSetup>();
            await client.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(Identity.MfaTests.Totp(setup.SharedKey)));
            return await client.PostJsonAsync("/api/v1/account/mfa/recovery-codes", new MfaCodeInput(Identity.MfaTests.Totp(setup.SharedKey)));
        }),
        new("POST", "/api/v1/account/mfa/disable", "self", false, HttpStatusCode.NoContent, async c =>
        {
            var client = await c.Throwaway();
            var setup = await (await client.PostAsync("/api/v1/account/mfa/authenticator", null, Ct)).ReadAsync<AuthenticatorSetup>();
            await client.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(Identity.MfaTests.Totp(setup.SharedKey)));
            return await client.PostJsonAsync("/api/v1/account/mfa/disable", new MfaDisableInput(null, RapportApp.AdminPassword));
        }),

        new("GET", "/api/v1/account/passkeys", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/account/passkeys", Ct)),
        new("POST", "/api/v1/account/passkeys/options", "self", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/account/passkeys/options", null, Ct)),
        new("POST", "/api/v1/account/passkeys", "self", false, HttpStatusCode.Created, async c => (await NewPasskeyAsync(c)).Response),
        new("PUT", "/api/v1/account/passkeys/{id}", "self", false, HttpStatusCode.OK, async c =>
        {
            var (client, created) = await NewPasskeyAsync(c);
            var id = (await created.ReadAsync<PasskeyDto>()).Id;
            return await client.PutJsonAsync($"/api/v1/account/passkeys/{id}", new PasskeyNameInput("Renamed"));
        }),
        new("DELETE", "/api/v1/account/passkeys/{id}", "self", false, HttpStatusCode.NoContent, async c =>
        {
            var (client, created) = await NewPasskeyAsync(c);
            var id = (await created.ReadAsync<PasskeyDto>()).Id;
            return await client.DeleteAsync($"/api/v1/account/passkeys/{id}", Ct);
        }),

        new("GET", "/api/v1/account/me", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/account/me", Ct)),
        new("GET", "/api/v1/account/access", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/account/access", Ct)),
        new("POST", "/api/v1/account/logout", "self", false, HttpStatusCode.NoContent, c => c.Caller.PostAsync("/api/v1/account/logout", null, Ct)),
        new("GET", "/api/v1/account/tokens", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/account/tokens", Ct)),
        new("POST", "/api/v1/account/tokens", "self", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/account/tokens", new TokenInput("m", 1))),
        new("DELETE", "/api/v1/account/tokens/{id:guid}", "self", false, HttpStatusCode.NoContent, async c =>
        {
            var created = await (await c.Caller.PostJsonAsync("/api/v1/account/tokens", new TokenInput("m", 1))).ReadAsync<CreatedToken>();
            return await c.Caller.DeleteAsync($"/api/v1/account/tokens/{created.Token.Id}", Ct);
        }),
    ];

    private const string LeadsUrl = "/api/v1/leads";

    private static readonly Endpoint[] LeadEndpoints =
    [
        new("GET", "/api/v1/leads", "lead:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(LeadsUrl, Ct)),
        new("POST", "/api/v1/leads", "lead:create", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(LeadsUrl + "?confirmDuplicate=true", Lead())),
        new("GET", "/api/v1/leads/{id:guid}", "lead:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{LeadsUrl}/{c.LeadId}", Ct)),
        new("PUT", "/api/v1/leads/{id:guid}", "lead:update", true, HttpStatusCode.OK, c => c.Caller.PutJsonAsync($"{LeadsUrl}/{c.LeadId}", Lead())),
        new("DELETE", "/api/v1/leads/{id:guid}", "lead:delete", true, HttpStatusCode.NoContent, c => c.Caller.DeleteAsync($"{LeadsUrl}/{c.LeadId}", Ct)),
        new("POST", "/api/v1/leads/{id:guid}/status", "lead:update", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{LeadsUrl}/{c.LeadId}/status", new LeadStatusInput(LeadStatus.Qualified))),
        new("POST", "/api/v1/leads/{id:guid}/assign", "lead:assign", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{LeadsUrl}/{c.LeadId}/assign", new LeadAssignInput(c.Owner))),
        new("GET", "/api/v1/leads/{id:guid}/duplicates", "lead:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{LeadsUrl}/{c.LeadId}/duplicates", Ct)),
        new("POST", "/api/v1/leads/{id:guid}/convert", "lead:convert", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{LeadsUrl}/{c.LeadId}/convert", new LeadConvertInput())),
        new("GET", "/api/v1/leads/{id:guid}/activities", "lead:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{LeadsUrl}/{c.LeadId}/activities", Ct)),
        new("POST", "/api/v1/leads/{id:guid}/activities", "lead:update", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{LeadsUrl}/{c.LeadId}/activities", new LeadActivityInput { Kind = InteractionKind.Call, Subject = "Intro call" })),
        new("GET", "/api/v1/lead-forms", "lead:configure", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/lead-forms", Ct)),
        new("POST", "/api/v1/lead-forms", "lead:configure", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/lead-forms", new LeadFormInput("F" + Unique()))),
        new("GET", "/api/v1/lead-forms/{id:guid}", "lead:configure", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/lead-forms/{await LeadFormAsync(c)}", Ct)),
        new("PUT", "/api/v1/lead-forms/{id:guid}", "lead:configure", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/lead-forms/{await LeadFormAsync(c)}", new LeadFormInput("F" + Unique()))),
        new("DELETE", "/api/v1/lead-forms/{id:guid}", "lead:configure", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/lead-forms/{await LeadFormAsync(c)}", Ct)),
        new("GET", "/api/v1/admin/settings/lead-scoring", "lead:configure", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/lead-scoring", Ct)),
        new("PUT", "/api/v1/admin/settings/lead-scoring", "lead:configure", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/lead-scoring", LeadScoring.Defaults)),
        new("GET", "/api/v1/admin/settings/lead-assignment", "lead:configure", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/lead-assignment", Ct)),
        new("PUT", "/api/v1/admin/settings/lead-assignment", "lead:configure", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/lead-assignment", LeadAssignment.Defaults)),
    ];

    private const string DealsUrl = "/api/v1/opportunities";

    private static readonly Endpoint[] DealEndpoints =
    [
        new("GET", "/api/v1/opportunities", "deal:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(DealsUrl, Ct)),
        new("POST", "/api/v1/opportunities", "deal:create", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync(DealsUrl, new OpportunityInput { Name = "M" + Unique(), CustomerId = c.CustomerId })),
        new("GET", "/api/v1/opportunities/board", "deal:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(DealsUrl + "/board", Ct)),
        new("GET", "/api/v1/opportunities/forecast", "deal:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(DealsUrl + "/forecast?from=2030-01-01&to=2030-04-01", Ct)),
        new("GET", "/api/v1/opportunities/{id:guid}", "deal:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{DealsUrl}/{c.DealId}", Ct)),
        new("PUT", "/api/v1/opportunities/{id:guid}", "deal:update", true, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync($"{DealsUrl}/{c.DealId}", new OpportunityInput { Name = "M" + Unique(), CustomerId = c.CustomerId, Amount = 10 })),
        new("DELETE", "/api/v1/opportunities/{id:guid}", "deal:delete", true, HttpStatusCode.NoContent, c => c.Caller.DeleteAsync($"{DealsUrl}/{c.DealId}", Ct)),
        new("POST", "/api/v1/opportunities/{id:guid}/move", "deal:update", true, HttpStatusCode.OK, async c =>
            await c.Caller.PostJsonAsync($"{DealsUrl}/{c.DealId}/move", new OpportunityMoveInput((await DefaultPipelineAsync(c)).Stages[1].Id))),
        new("GET", "/api/v1/opportunities/{id:guid}/history", "deal:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{DealsUrl}/{c.DealId}/history", Ct)),
        new("GET", "/api/v1/pipelines", "deal:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/pipelines", Ct)),
        new("POST", "/api/v1/pipelines", "deal:configure", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/pipelines", NewPipeline())),
        new("GET", "/api/v1/pipelines/{id:guid}", "deal:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/pipelines/{(await DefaultPipelineAsync(c)).Id}", Ct)),
        new("PUT", "/api/v1/pipelines/{id:guid}", "deal:configure", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/pipelines/{await PipelineAsync(c)}", NewPipeline())),
        new("DELETE", "/api/v1/pipelines/{id:guid}", "deal:configure", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/pipelines/{await PipelineAsync(c)}", Ct)),
        new("GET", "/api/v1/admin/settings/sales", "deal:configure", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/sales", Ct)),
        new("PUT", "/api/v1/admin/settings/sales", "deal:configure", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults)),
    ];

    private static PipelineInput NewPipeline() => new("P" + Unique(), [new(null, "Open", 10), new(null, "Won", 100, StageKind.Won)]);

    private static async Task<Guid> PipelineAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/pipelines", NewPipeline())).ReadAsync<PipelineDto>()).Id;

    private static async Task<PipelineDto> DefaultPipelineAsync(Cell c) =>
        (await (await c.Admin.GetAsync("/api/v1/pipelines", Ct)).ReadAsync<List<PipelineDto>>()).Single(p => p.IsDefault);

    private static readonly Endpoint[] OrderEndpoints =
    [
        new("GET", "/api/v1/products", "product:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/products", Ct)),
        new("POST", "/api/v1/products", "product:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/products", new ProductInput("S" + Unique(), "Widget"))),
        new("GET", "/api/v1/products/{id:guid}", "product:read", false, HttpStatusCode.OK, async c =>
            await c.Caller.GetAsync($"/api/v1/products/{(await (await c.Admin.PostJsonAsync("/api/v1/products", new ProductInput("S" + Unique(), "Widget"))).ReadAsync<ProductDto>()).Id}", Ct)),
        new("PUT", "/api/v1/products/{id:guid}", "product:manage", false, HttpStatusCode.OK, async c =>
        {
            var created = await (await c.Admin.PostJsonAsync("/api/v1/products", new ProductInput("S" + Unique(), "Widget"))).ReadAsync<ProductDto>();
            return await c.Caller.PutJsonAsync($"/api/v1/products/{created.Id}", new ProductInput(created.Sku, "Gadget"));
        }),
        new("GET", "/api/v1/products/prices", "product:read", false, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"/api/v1/products/prices?currency=CNY&productId={Guid.NewGuid()}", Ct)),
        new("GET", "/api/v1/price-lists", "product:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/price-lists", Ct)),
        new("POST", "/api/v1/price-lists", "product:manage", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync("/api/v1/price-lists", new PriceListInput("L" + Unique(), "CNY", new DateOnly(2030, 1, 1), null, []))),
        new("GET", "/api/v1/price-lists/{id:guid}", "product:read", false, HttpStatusCode.OK, async c =>
        {
            var input = new PriceListInput("L" + Unique(), "CNY", new DateOnly(2030, 1, 1), null, []);
            return await c.Caller.GetAsync($"/api/v1/price-lists/{(await (await c.Admin.PostJsonAsync("/api/v1/price-lists", input)).ReadAsync<PriceListDto>()).Id}", Ct);
        }),
        new("PUT", "/api/v1/price-lists/{id:guid}", "product:manage", false, HttpStatusCode.OK, async c =>
        {
            var input = new PriceListInput("L" + Unique(), "CNY", new DateOnly(2030, 1, 1), null, []);
            var created = await (await c.Admin.PostJsonAsync("/api/v1/price-lists", input)).ReadAsync<PriceListDto>();
            return await c.Caller.PutJsonAsync($"/api/v1/price-lists/{created.Id}", input);
        }),
        new("GET", "/api/v1/opportunities/{id:guid}/quotes", "deal:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{DealsUrl}/{c.DealId}/quotes", Ct)),
        new("POST", "/api/v1/opportunities/{id:guid}/quotes", "deal:update", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{DealsUrl}/{c.DealId}/quotes", QuoteBody())),
        new("GET", "/api/v1/quotes/{id:guid}", "deal:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"/api/v1/quotes/{c.Ids.Quote}", Ct)),
        new("PUT", "/api/v1/quotes/{id:guid}", "deal:update", true, HttpStatusCode.OK, c => c.Caller.PutJsonAsync($"/api/v1/quotes/{c.Ids.Quote}", QuoteBody())),
        new("POST", "/api/v1/quotes/{id:guid}/send", "deal:update", true, HttpStatusCode.OK, c => c.Caller.PostAsync($"/api/v1/quotes/{c.Ids.Quote}/send", null, Ct)),
        new("POST", "/api/v1/quotes/{id:guid}/accept", "deal:update", true, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PostAsync($"/api/v1/quotes/{c.Ids.Quote}/send", null, Ct);
            return await c.Caller.PostJsonAsync($"/api/v1/quotes/{c.Ids.Quote}/accept", new QuoteAcceptInput());
        }),
        new("POST", "/api/v1/quotes/{id:guid}/reject", "deal:update", true, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PostAsync($"/api/v1/quotes/{c.Ids.Quote}/send", null, Ct);
            return await c.Caller.PostAsync($"/api/v1/quotes/{c.Ids.Quote}/reject", null, Ct);
        }),
        new("POST", "/api/v1/quotes/{id:guid}/revise", "deal:update", true, HttpStatusCode.Created, c => c.Caller.PostAsync($"/api/v1/quotes/{c.Ids.Quote}/revise", null, Ct)),
        new("GET", "/api/v1/quotes/{id:guid}/pdf", "deal:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"/api/v1/quotes/{c.Ids.Quote}/pdf", Ct)),
        new("GET", "/api/v1/orders", "order:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/orders", Ct)),
        new("GET", "/api/v1/orders/{id:guid}", "order:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"/api/v1/orders/{c.Ids.Order}", Ct)),
        new("POST", "/api/v1/orders/{id:guid}/invoices", "order:manage", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"/api/v1/orders/{c.Ids.Order}/invoices", new InvoiceInput(Amount: 1))),
        new("GET", "/api/v1/invoices", "order:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/invoices", Ct)),
        new("GET", "/api/v1/invoices/{id:guid}", "order:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"/api/v1/invoices/{c.Ids.Invoice}", Ct)),
        new("GET", "/api/v1/invoices/{id:guid}/pdf", "order:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"/api/v1/invoices/{c.Ids.Invoice}/pdf", Ct)),
        new("GET", "/api/v1/invoices/{id:guid}/payments", "order:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"/api/v1/invoices/{c.Ids.Invoice}/payments", Ct)),
        new("POST", "/api/v1/invoices/{id:guid}/payments", "order:pay", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"/api/v1/invoices/{c.Ids.Invoice}/payments", new PaymentInput(1))),
    ];

    private const string ContractsUrl = "/api/v1/contracts";

    private static readonly Endpoint[] ContractEndpoints =
    [
        new("GET", "/api/v1/contracts", "contract:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(ContractsUrl, Ct)),
        new("POST", "/api/v1/contracts", "contract:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(ContractsUrl, ContractBody(c.CustomerId))),
        new("GET", "/api/v1/contracts/{id:guid}", "contract:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{ContractsUrl}/{c.Ids.Contract}", Ct)),
        new("PUT", "/api/v1/contracts/{id:guid}", "contract:manage", true, HttpStatusCode.OK, c => c.Caller.PutJsonAsync($"{ContractsUrl}/{c.Ids.Contract}", ContractBody(c.CustomerId))),
        new("POST", "/api/v1/contracts/{id:guid}/activate", "contract:manage", true, HttpStatusCode.OK, c => c.Caller.PostAsync($"{ContractsUrl}/{c.Ids.Contract}/activate", null, Ct)),
        new("POST", "/api/v1/contracts/{id:guid}/terminate", "contract:manage", true, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PostAsync($"{ContractsUrl}/{c.Ids.Contract}/activate", null, Ct);
            return await c.Caller.PostJsonAsync($"{ContractsUrl}/{c.Ids.Contract}/terminate", new ContractEndInput("Ended"));
        }),
        new("POST", "/api/v1/contracts/{id:guid}/archive", "contract:manage", true, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PostAsync($"{ContractsUrl}/{c.Ids.Contract}/activate", null, Ct);
            await c.Admin.PostJsonAsync($"{ContractsUrl}/{c.Ids.Contract}/terminate", new ContractEndInput("Ended"));
            return await c.Caller.PostAsync($"{ContractsUrl}/{c.Ids.Contract}/archive", null, Ct);
        }),
        new("GET", "/api/v1/contracts/{id:guid}/amendments", "contract:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{ContractsUrl}/{c.Ids.Contract}/amendments", Ct)),
        new("GET", "/api/v1/contracts/{id:guid}/attachments", "contract:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{ContractsUrl}/{c.Ids.Contract}/attachments", Ct)),
        new("POST", "/api/v1/contracts/{id:guid}/attachments", "contract:manage", true, HttpStatusCode.Created,
            c => c.Caller.PostAsync($"{ContractsUrl}/{c.Ids.Contract}/attachments", TextFile(), Ct)),
        new("GET", "/api/v1/contracts/{id:guid}/attachments/{attachmentId:guid}", "contract:read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{ContractsUrl}/{c.Ids.Contract}/attachments/{c.Ids.Attachment}", Ct)),
        new("DELETE", "/api/v1/contracts/{id:guid}/attachments/{attachmentId:guid}", "contract:manage", true, HttpStatusCode.NoContent,
            c => c.Caller.DeleteAsync($"{ContractsUrl}/{c.Ids.Contract}/attachments/{c.Ids.Attachment}", Ct)),
    ];

    private const string ArticlesUrl = "/api/v1/articles";
    private const string CategoriesUrl = "/api/v1/article-categories";

    /// <summary>Articles are company-wide knowledge (no record scope): every role reads them, service agents write them,
    /// administrators publish them and edit the categories.</summary>
    private static readonly Endpoint[] ArticleEndpoints =
    [
        new("GET", ArticlesUrl, "kb:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(ArticlesUrl, Ct)),
        new("POST", ArticlesUrl, "kb:write", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(ArticlesUrl, ArticleBody())),
        new("GET", "/api/v1/articles/suggest", "kb:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{ArticlesUrl}/suggest?text=reset+password", Ct)),
        new("GET", "/api/v1/articles/{id:guid}", "kb:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{ArticlesUrl}/{c.Ids.Article}", Ct)),
        new("PUT", "/api/v1/articles/{id:guid}", "kb:write", false, HttpStatusCode.OK, c => c.Caller.PutJsonAsync($"{ArticlesUrl}/{c.Ids.Article}", ArticleBody())),
        new("POST", "/api/v1/articles/{id:guid}/publish", "kb:publish", false, HttpStatusCode.OK, c => c.Caller.PostAsync($"{ArticlesUrl}/{c.Ids.Article}/publish", null, Ct)),
        new("POST", "/api/v1/articles/{id:guid}/archive", "kb:publish", false, HttpStatusCode.OK, c => c.Caller.PostAsync($"{ArticlesUrl}/{c.Ids.Article}/archive", null, Ct)),
        new("POST", "/api/v1/articles/{id:guid}/translations", "kb:write", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{ArticlesUrl}/{c.Ids.Article}/translations", new Rapport.Core.Knowledge.ArticleTranslationInput())),
        new("POST", "/api/v1/articles/{id:guid}/feedback", "kb:read", false, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{ArticlesUrl}/{c.Ids.Article}/feedback", new Rapport.Core.Knowledge.ArticleFeedbackInput(true))),
        new("GET", CategoriesUrl, "kb:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(CategoriesUrl, Ct)),
        new("POST", CategoriesUrl, "kb:admin", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(CategoriesUrl, CategoryBody())),
        new("PUT", "/api/v1/article-categories/{id:guid}", "kb:admin", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync($"{CategoriesUrl}/{c.Ids.Category}", CategoryBody())),
        new("DELETE", "/api/v1/article-categories/{id:guid}", "kb:admin", false, HttpStatusCode.NoContent,
            c => c.Caller.DeleteAsync($"{CategoriesUrl}/{c.Ids.Category}", Ct)),
    ];

    private static Rapport.Core.Knowledge.ArticleInput ArticleBody() =>
        new() { Title = "Reset a password " + Unique(), Body = "Open **Account security**.", Language = "en", Visibility = Rapport.Core.Knowledge.ArticleVisibility.Public };

    private static Rapport.Core.Knowledge.ArticleCategoryInput CategoryBody() => new("Accounts " + Unique(), "账户 " + Unique());
    private const string CasesUrl = "/api/v1/cases";

    private static readonly Endpoint[] CaseEndpoints =
    [
        new("GET", "/api/v1/cases", "case:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(CasesUrl, Ct)),
        new("POST", "/api/v1/cases", "case:create", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(CasesUrl, new CaseInput(c.CustomerId, "Printer jams " + Unique()))),
        new("GET", "/api/v1/cases/{id:guid}", "case:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{CasesUrl}/{c.Ids.Case}", Ct)),
        new("PUT", "/api/v1/cases/{id:guid}", "case:update", true, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync($"{CasesUrl}/{c.Ids.Case}", new CaseUpdateInput("Printer still jams", Priority: CasePriority.High))),
        new("DELETE", "/api/v1/cases/{id:guid}", "case:delete", true, HttpStatusCode.NoContent, c => c.Caller.DeleteAsync($"{CasesUrl}/{c.Ids.Case}", Ct)),
        new("POST", "/api/v1/cases/{id:guid}/open", "case:update", true, HttpStatusCode.OK, c => c.Caller.PostAsync($"{CasesUrl}/{c.Ids.Case}/open", null, Ct)),
        new("POST", "/api/v1/cases/{id:guid}/wait", "case:update", true, HttpStatusCode.OK, c => c.Caller.PostAsync($"{CasesUrl}/{c.Ids.Case}/wait", null, Ct)),
        new("POST", "/api/v1/cases/{id:guid}/resolve", "case:update", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/resolve", new CaseResolveInput("Fixed"))),
        new("POST", "/api/v1/cases/{id:guid}/close", "case:update", true, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/resolve", new CaseResolveInput("Fixed"));
            return await c.Caller.PostAsync($"{CasesUrl}/{c.Ids.Case}/close", null, Ct);
        }),
        new("POST", "/api/v1/cases/{id:guid}/reopen", "case:update", true, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/resolve", new CaseResolveInput("Fixed"));
            return await c.Caller.PostAsync($"{CasesUrl}/{c.Ids.Case}/reopen", null, Ct);
        }),
        new("POST", "/api/v1/cases/{id:guid}/assign", "case:update", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/assign", new CaseAssignInput(c.Owner, null))),
        new("POST", "/api/v1/cases/{id:guid}/merge", "case:update", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/merge", new CaseMergeInput(c.Ids.Related))),
        new("GET", "/api/v1/cases/{id:guid}/messages", "case:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{CasesUrl}/{c.Ids.Case}/messages", Ct)),
        new("POST", "/api/v1/cases/{id:guid}/messages", "case:update", true, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/messages", new CaseMessageInput(CaseMessageKind.InternalNote, "Called back"))),
        new("POST", "/api/v1/cases/{id:guid}/messages/{messageId:guid}/attachments", "case:update", true, HttpStatusCode.Created,
            c => c.Caller.PostAsync($"{CasesUrl}/{c.Ids.Case}/messages/{c.Ids.Message}/attachments", TextFile(), Ct)),
        new("GET", "/api/v1/cases/{id:guid}/attachments/{attachmentId:guid}", "case:read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CasesUrl}/{c.Ids.Case}/attachments/{c.Ids.Attachment}", Ct)),
        new("GET", "/api/v1/cases/{id:guid}/links", "case:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{CasesUrl}/{c.Ids.Case}/links", Ct)),
        new("POST", "/api/v1/cases/{id:guid}/links", "case:update", true, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{CasesUrl}/{c.Ids.Case}/links", new CaseLinkInput(c.Ids.Related))),
        new("DELETE", "/api/v1/cases/{id:guid}/links/{relatedId:guid}", "case:update", true, HttpStatusCode.NoContent,
            c => c.Caller.DeleteAsync($"{CasesUrl}/{c.Ids.Case}/links/{c.Ids.Related}", Ct)),
        new("GET", "/api/v1/cases/{id:guid}/macros/{macroId:guid}", "case:read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CasesUrl}/{c.Ids.Case}/macros/{c.Ids.Macro}", Ct)),

        new("GET", "/api/v1/case-categories", "case:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/case-categories", Ct)),
        new("POST", "/api/v1/case-categories", "case:admin", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync("/api/v1/case-categories", new CaseCategoryInput("Billing " + Unique()))),
        new("GET", "/api/v1/case-categories/{id:guid}", "case:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/case-categories/{await CategoryAsync(c)}", Ct)),
        new("PUT", "/api/v1/case-categories/{id:guid}", "case:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/case-categories/{await CategoryAsync(c)}", new CaseCategoryInput("Billing " + Unique()))),
        new("DELETE", "/api/v1/case-categories/{id:guid}", "case:admin", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/case-categories/{await CategoryAsync(c)}", Ct)),
        new("GET", "/api/v1/macros", "case:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/macros", Ct)),
        new("POST", "/api/v1/macros", "case:admin", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/macros", MacroBody())),
        new("GET", "/api/v1/macros/{id:guid}", "case:read", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/macros/{await MacroAsync(c.Admin)}", Ct)),
        new("PUT", "/api/v1/macros/{id:guid}", "case:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/macros/{await MacroAsync(c.Admin)}", MacroBody())),
        new("DELETE", "/api/v1/macros/{id:guid}", "case:admin", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/macros/{await MacroAsync(c.Admin)}", Ct)),
        new("POST", "/api/v1/cases/{id:guid}/reassign", "case:update", true, HttpStatusCode.OK, c => c.Caller.PostAsync($"{CasesUrl}/{c.Ids.Case}/reassign", null, Ct)),
        new("GET", "/api/v1/assignment-rules", "case:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(RulesUrl, Ct)),
        new("POST", "/api/v1/assignment-rules", "case:admin", false, HttpStatusCode.Created, async c => await c.Caller.PostJsonAsync(RulesUrl, await RuleBodyAsync(c.Admin))),
        new("GET", "/api/v1/assignment-rules/{id:guid}", "case:read", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{RulesUrl}/{await RuleAsync(c.Admin)}", Ct)),
        new("PUT", "/api/v1/assignment-rules/{id:guid}", "case:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{RulesUrl}/{await RuleAsync(c.Admin)}", await RuleBodyAsync(c.Admin))),
        new("DELETE", "/api/v1/assignment-rules/{id:guid}", "case:admin", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{RulesUrl}/{await RuleAsync(c.Admin)}", Ct)),
        new("POST", "/api/v1/assignment-rules/{id:guid}/move", "case:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{RulesUrl}/{await RuleAsync(c.Admin)}/move", new AssignmentRuleMoveInput(0))),
        new("POST", "/api/v1/assignment-rules/apply", "case:admin", false, HttpStatusCode.OK, c => c.Caller.PostAsync($"{RulesUrl}/apply", null, Ct)),
        new("GET", "/api/v1/case-forms", "case:admin", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/case-forms", Ct)),
        new("POST", "/api/v1/case-forms", "case:admin", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync("/api/v1/case-forms", new CaseFormInput("Support " + Unique()))),
        new("GET", "/api/v1/case-forms/{id:guid}", "case:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/case-forms/{await CaseFormAsync(c.Admin)}", Ct)),
        new("PUT", "/api/v1/case-forms/{id:guid}", "case:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/case-forms/{await CaseFormAsync(c.Admin)}", new CaseFormInput("Support " + Unique()))),
        new("DELETE", "/api/v1/case-forms/{id:guid}", "case:admin", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/case-forms/{await CaseFormAsync(c.Admin)}", Ct)),
    ];

    private const string RulesUrl = "/api/v1/assignment-rules";

    /// <summary>A rule that never matches (a keyword no case has), so the matrix's own cases stay where the world put them.</summary>
    private static async Task<AssignmentRuleInput> RuleBodyAsync(HttpClient admin)
    {
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Rules " + Unique(), null))).ReadAsync<TeamDto>();
        return new("Never " + Unique(), team.Id, AssignmentMethod.RoundRobin, Keywords: ["never-" + Unique()]);
    }

    private static async Task<Guid> RuleAsync(HttpClient admin) =>
        (await (await admin.PostJsonAsync(RulesUrl, await RuleBodyAsync(admin))).ReadAsync<AssignmentRuleDto>()).Id;

    private static async Task<Guid> CaseFormAsync(HttpClient admin) =>
        (await (await admin.PostJsonAsync("/api/v1/case-forms", new CaseFormInput("Support " + Unique()))).ReadAsync<CaseFormDto>()).Id;

    private static MacroInput MacroBody() => new("Thanks " + Unique(), "Hello {{ customer.name }}, this is {{ agent.name }} about {{ case.number }}.");

    private static async Task<Guid> MacroAsync(HttpClient admin) =>
        (await (await admin.PostJsonAsync("/api/v1/macros", MacroBody())).ReadAsync<MacroDto>()).Id;

    private static async Task<Guid> CategoryAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/case-categories", new CaseCategoryInput("Billing " + Unique()))).ReadAsync<CaseCategoryDto>()).Id;
    /// <summary>Mail administration: SMTP settings, the outbox and the IMAP mailboxes, for holders of settings.manage.
    /// The servers named are closed ports on loopback, so a test email or a poll fails at once (and says so in a 200).</summary>
    private const string NotificationsUrl = "/api/v1/notifications";

    /// <summary>Each user's own inbox and choices: every signed-in user, whatever their role (another's notification is a
    /// 404, see NotificationTests). A non-scoped cell's owner is the caller.</summary>
    private static readonly Endpoint[] NotificationEndpoints =
    [
        new("GET", NotificationsUrl, "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync(NotificationsUrl, Ct)),
        new("POST", NotificationsUrl + "/{id:guid}/read", "self", false, HttpStatusCode.NoContent,
            async c => await c.Caller.PostAsync($"{NotificationsUrl}/{await c.Notify(c.Owner)}/read", null, Ct)),
        new("POST", NotificationsUrl + "/read-all", "self", false, HttpStatusCode.NoContent, c => c.Caller.PostAsync($"{NotificationsUrl}/read-all", null, Ct)),
        new("GET", "/api/v1/me/notification-settings", "self", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/me/notification-settings", Ct)),
        new("PUT", "/api/v1/me/notification-settings", "self", false, HttpStatusCode.OK, c => c.Caller.PutJsonAsync("/api/v1/me/notification-settings",
            new[] { new Rapport.Core.Notifications.NotificationSettingDto(Rapport.Core.Notifications.NotificationKind.SlaBreach, true, false) })),
    ];

    /// <summary>The event log and alerts: installation-wide, for holders of logs.read (administrators).</summary>
    private static readonly Endpoint[] LogEndpoints =
    [
        new("GET", "/api/v1/logs", "logs", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/logs?level=warning", Ct)),
        new("GET", "/api/v1/logs/export", "logs", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/logs/export?event=none", Ct)),
        new("GET", "/api/v1/logs/alerts", "logs", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/logs/alerts?open=false", Ct)),
    ];

    private static readonly Endpoint[] MailEndpoints =
    [
        new("GET", "/api/v1/admin/mail/smtp", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/mail/smtp", Ct)),
        new("PUT", "/api/v1/admin/mail/smtp", "settings", false, HttpStatusCode.OK, c => c.Caller.PutJsonAsync("/api/v1/admin/mail/smtp", ClosedSmtp())),
        new("POST", "/api/v1/admin/mail/smtp/test", "settings", false, HttpStatusCode.OK, async c =>
        {
            await c.Admin.PutJsonAsync("/api/v1/admin/mail/smtp", ClosedSmtp());
            return await c.Caller.PostJsonAsync("/api/v1/admin/mail/smtp/test", new SmtpTestInput("it@example.com"));
        }),
        new("GET", "/api/v1/admin/mail/outbox", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/mail/outbox?state=failed", Ct)),
        // No message to retry: the permission is checked first (403), then the missing message answers 404.
        new("POST", "/api/v1/admin/mail/outbox/{id:guid}/retry", "settings", false, HttpStatusCode.NotFound,
            c => c.Caller.PostAsync($"/api/v1/admin/mail/outbox/{Guid.NewGuid()}/retry", null, Ct)),
        new("GET", "/api/v1/admin/mailboxes", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/mailboxes", Ct)),
        new("POST", "/api/v1/admin/mailboxes", "settings", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/admin/mailboxes", Mailbox())),
        new("GET", "/api/v1/admin/mailboxes/{id:guid}", "settings", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/admin/mailboxes/{await MailboxAsync(c)}", Ct)),
        new("PUT", "/api/v1/admin/mailboxes/{id:guid}", "settings", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/admin/mailboxes/{await MailboxAsync(c)}", Mailbox())),
        new("DELETE", "/api/v1/admin/mailboxes/{id:guid}", "settings", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/admin/mailboxes/{await MailboxAsync(c)}", Ct)),
        new("GET", "/api/v1/admin/mailboxes/{id:guid}/messages", "settings", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/admin/mailboxes/{await MailboxAsync(c)}/messages", Ct)),
        new("POST", "/api/v1/admin/mailboxes/{id:guid}/poll", "settings", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"/api/v1/admin/mailboxes/{await MailboxAsync(c)}/poll", null, Ct)),
    ];

    /// <summary>Scheduled jobs, for holders of settings.manage. The job run and paused is the history retention, which
    /// nothing in these tests depends on.</summary>
    private const string JobUrl = "/api/v1/jobs/job-history-retention";

    private static readonly Endpoint[] JobEndpoints =
    [
        new("GET", "/api/v1/jobs", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/jobs", Ct)),
        new("GET", "/api/v1/jobs/{name}", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync(JobUrl, Ct)),
        new("GET", "/api/v1/jobs/{name}/runs", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync(JobUrl + "/runs", Ct)),
        new("POST", "/api/v1/jobs/{name}/run", "settings", false, HttpStatusCode.Accepted, c => c.Caller.PostAsync(JobUrl + "/run", null, Ct)),
        new("POST", "/api/v1/jobs/{name}/pause", "settings", false, HttpStatusCode.OK, c => c.Caller.PostAsync(JobUrl + "/pause", null, Ct)),
        new("POST", "/api/v1/jobs/{name}/resume", "settings", false, HttpStatusCode.OK, c => c.Caller.PostAsync(JobUrl + "/resume", null, Ct)),
    ];

    /// <summary>Imports, for holders of imports.run (administrators). Each cell uploads a small file of its own as the
    /// administrator; an undo of a run still in preview is refused (400) once the permission lets the caller that far.</summary>
    private static readonly Endpoint[] ImportEndpoints =
    [
        new("POST", "/api/v1/imports", "imports", false, HttpStatusCode.Created, c => c.Caller.PostAsync("/api/v1/imports", ImportFile(), Ct)),
        new("GET", "/api/v1/imports", "imports", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/imports", Ct)),
        new("GET", "/api/v1/imports/{id:guid}", "imports", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/imports/{await ImportAsync(c)}", Ct)),
        new("GET", "/api/v1/imports/{id:guid}/preview", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/imports/{await ImportAsync(c)}/preview", Ct)),
        new("PUT", "/api/v1/imports/{id:guid}/mapping", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/imports/{await ImportAsync(c)}/mapping", new Rapport.Core.Imports.ImportMapping(["name", "email", "country", "city"]))),
        new("POST", "/api/v1/imports/{id:guid}/dry-run", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"/api/v1/imports/{await ImportAsync(c)}/dry-run", null, Ct)),
        new("POST", "/api/v1/imports/{id:guid}/start", "imports", false, HttpStatusCode.Accepted,
            async c => await c.Caller.PostAsync($"/api/v1/imports/{await ImportAsync(c)}/start", null, Ct)),
        new("POST", "/api/v1/imports/{id:guid}/resume", "imports", false, HttpStatusCode.Accepted,
            async c => await c.Caller.PostAsync($"/api/v1/imports/{await ImportAsync(c)}/resume", null, Ct)),
        new("GET", "/api/v1/imports/templates", "imports", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/imports/templates", Ct)),
        new("POST", "/api/v1/imports/templates", "imports", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync("/api/v1/imports/templates", TemplateSample())),
        new("GET", "/api/v1/imports/templates/{id:guid}", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/imports/templates/{await TemplateAsync(c)}", Ct)),
        new("PUT", "/api/v1/imports/templates/{id:guid}", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"/api/v1/imports/templates/{await TemplateAsync(c)}", TemplateSample())),
        new("DELETE", "/api/v1/imports/templates/{id:guid}", "imports", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"/api/v1/imports/templates/{await TemplateAsync(c)}", Ct)),
        new("POST", "/api/v1/imports/{id:guid}/template", "imports", false, HttpStatusCode.Created,
            async c => await c.Caller.PostJsonAsync($"/api/v1/imports/{await ImportAsync(c)}/template", new Rapport.Core.Imports.ImportTemplateFromRunInput("Run " + Unique()))),
        new("POST", "/api/v1/imports/{id:guid}/apply-template/{templateId:guid}", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"/api/v1/imports/{await ImportAsync(c)}/apply-template/{await TemplateAsync(c)}", null, Ct)),
        new("GET", "/api/v1/imports/{id:guid}/errors", "imports", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/imports/{await ImportAsync(c)}/errors", Ct)),
        new("POST", "/api/v1/imports/{id:guid}/undo", "imports", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostAsync($"/api/v1/imports/{await ImportAsync(c)}/undo", null, Ct)),
    ];

    private const string CampaignsUrl = "/api/v1/campaigns";

    /// <summary>Campaigns, company-wide (no record scope): campaigns.read, .manage and .send (marketing, sales managers,
    /// administrators). Each cell makes a draft campaign with content as the administrator; what a draft refuses
    /// (complete, send without members, a winner without a test) is a 400 once the permission lets the caller that far,
    /// and a response for a customer who is not a member is a 404.</summary>
    private static readonly Endpoint[] CampaignEndpoints =
    [
        new("GET", "/api/v1/campaigns", "campaign:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(CampaignsUrl, Ct)),
        new("POST", "/api/v1/campaigns", "campaign:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(CampaignsUrl, CampaignBody())),
        new("GET", "/api/v1/campaigns/{id:guid}", "campaign:read", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{CampaignsUrl}/{await CampaignAsync(c)}", Ct)),
        new("PUT", "/api/v1/campaigns/{id:guid}", "campaign:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}", CampaignBody())),
        new("POST", "/api/v1/campaigns/{id:guid}/content", "campaign:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/content", CampaignContent())),
        new("POST", "/api/v1/campaigns/{id:guid}/schedule", "campaign:send", false, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/schedule", new Rapport.Core.Marketing.Campaigns.CampaignScheduleInput(DateTime.UtcNow.AddDays(30)))),
        new("POST", "/api/v1/campaigns/{id:guid}/cancel", "campaign:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/cancel", null, Ct)),
        new("POST", "/api/v1/campaigns/{id:guid}/complete", "campaign:manage", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/complete", null, Ct)),
        new("POST", "/api/v1/campaigns/{id:guid}/send", "campaign:send", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/send", null, Ct)),
        new("POST", "/api/v1/campaigns/{id:guid}/winner", "campaign:send", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/winner", new Rapport.Core.Marketing.Campaigns.CampaignWinnerInput(Guid.NewGuid()))),
        new("POST", "/api/v1/campaigns/{id:guid}/test-send", "campaign:send", false, HttpStatusCode.Accepted,
            async c => await c.Caller.PostJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/test-send", new Rapport.Core.Marketing.Campaigns.CampaignTestSendInput("proof@example.com"))),
        new("GET", "/api/v1/campaigns/{id:guid}/members", "campaign:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/members", Ct)),
        new("POST", "/api/v1/campaigns/{id:guid}/members", "campaign:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/members", new Rapport.Core.Marketing.Campaigns.AddMembersInput(CustomerIds: [c.CustomerId]))),
        new("POST", "/api/v1/campaigns/{id:guid}/members/{customerId:guid}/response", "campaign:manage", false, HttpStatusCode.NotFound,
            async c => await c.Caller.PostJsonAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/members/{c.CustomerId}/response", new Rapport.Core.Marketing.Campaigns.MemberResponseInput(true))),
        new("GET", "/api/v1/campaigns/{id:guid}/results", "campaign:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{CampaignsUrl}/{await CampaignAsync(c)}/results", Ct)),
    ];

    private static Rapport.Core.Marketing.Campaigns.CampaignInput CampaignBody() => new("Campaign " + Unique(), Budget: 100);

    private static Rapport.Core.Marketing.Campaigns.CampaignContentInput CampaignContent() =>
        new([new Rapport.Core.Marketing.Campaigns.CampaignVariantInput("News for {{ customer.name }}", "Hello", "<p>Hello</p>")]);

    private static async Task<Guid> CampaignAsync(Cell c)
    {
        var campaign = await (await c.Admin.PostJsonAsync(CampaignsUrl, CampaignBody())).ReadAsync<Rapport.Core.Marketing.Campaigns.CampaignDto>();
        await (await c.Admin.PostJsonAsync($"{CampaignsUrl}/{campaign.Id}/content", CampaignContent())).ShouldBeAsync(HttpStatusCode.OK);
        return campaign.Id;
    }

    private const string JourneysUrl = "/api/v1/journeys";

    /// <summary>Journeys, company-wide like campaigns: campaigns.read to read, campaigns.manage for the rest. Each cell
    /// makes a draft journey (no audience) as the administrator; what a draft refuses (activation without an audience,
    /// pause, finish) is a 400 once the permission lets the caller that far.</summary>
    private static readonly Endpoint[] JourneyEndpoints =
    [
        new("GET", "/api/v1/journeys", "campaign:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(JourneysUrl, Ct)),
        new("POST", "/api/v1/journeys", "campaign:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(JourneysUrl, JourneyBody())),
        new("GET", "/api/v1/journeys/{id:guid}", "campaign:read", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{JourneysUrl}/{await JourneyAsync(c)}", Ct)),
        new("PUT", "/api/v1/journeys/{id:guid}", "campaign:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{JourneysUrl}/{await JourneyAsync(c)}", JourneyBody())),
        new("DELETE", "/api/v1/journeys/{id:guid}", "campaign:manage", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{JourneysUrl}/{await JourneyAsync(c)}", Ct)),
        new("POST", "/api/v1/journeys/{id:guid}/activate", "campaign:manage", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostAsync($"{JourneysUrl}/{await JourneyAsync(c)}/activate", null, Ct)),
        new("POST", "/api/v1/journeys/{id:guid}/pause", "campaign:manage", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostAsync($"{JourneysUrl}/{await JourneyAsync(c)}/pause", null, Ct)),
        new("POST", "/api/v1/journeys/{id:guid}/finish", "campaign:manage", false, HttpStatusCode.BadRequest,
            async c => await c.Caller.PostAsync($"{JourneysUrl}/{await JourneyAsync(c)}/finish", null, Ct)),
    ];

    private static Rapport.Core.Marketing.Journeys.JourneyInput JourneyBody() =>
        new("Journey " + Unique(), Steps: [new(Rapport.Core.Marketing.Journeys.JourneyStepKind.Wait, WaitHours: 24)]);

    private static async Task<Guid> JourneyAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync(JourneysUrl, JourneyBody())).ReadAsync<Rapport.Core.Marketing.Journeys.JourneyDto>()).Id;

    private static MultipartFormDataContent ImportFile()
    {
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes($"Name,Email,Country,City\nMatrix {Unique()},m{Unique()}@example.com,China,Shanghai\n"));
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { part, "file", "customers.csv" } };
    }

    /// <summary>A template whose headers fit no file the matrix uploads except by hand ("Name" is mapped, the rest unknown).</summary>
    private static Rapport.Core.Imports.ImportTemplateInput TemplateSample() =>
        new("Matrix " + Unique(), [new("Name", "name"), new($"Matrix column {Unique()}", null)]);

    private static async Task<Guid> TemplateAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/imports/templates", TemplateSample())).ReadAsync<Rapport.Core.Imports.ImportTemplateDto>()).Id;

    private static async Task<Guid> ImportAsync(Cell c) =>
        (await (await c.Admin.PostAsync("/api/v1/imports", ImportFile(), Ct)).ReadAsync<Rapport.Core.Imports.ImportPreview>()).Run.Id;

    /// <summary>Backups hold all the data: settings.manage only. The permission is checked first (403); then this app,
    /// which has no backup passphrase, refuses to back up (400) and a backup that is not there is a 404.</summary>
    private static readonly Endpoint[] BackupEndpoints =
    [
        new("GET", "/api/v1/admin/backups", "settings", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/backups", Ct)),
        new("POST", "/api/v1/admin/backups", "settings", false, HttpStatusCode.BadRequest, c => c.Caller.PostAsync("/api/v1/admin/backups", null, Ct)),
        new("POST", "/api/v1/admin/backups/{name}/verify", "settings", false, HttpStatusCode.NotFound,
            c => c.Caller.PostAsync("/api/v1/admin/backups/rapport-20260101T000000000Z-20260101000000_None.tar.gz/verify", null, Ct)),
        new("GET", "/api/v1/admin/backups/{name}/download", "settings", false, HttpStatusCode.NotFound,
            c => c.Caller.GetAsync("/api/v1/admin/backups/rapport-20260101T000000000Z-20260101000000_None.tar.gz/download", Ct)),
    ];

    private static SmtpSettingsInput ClosedSmtp() => new("127.0.0.1", 1, MailSecurity.None, null, null, "desk@rapport.example.com", "Desk");

    private static MailboxInput Mailbox() => new("Desk " + Unique(), "127.0.0.1", 1, MailSecurity.None, "desk", "pw", Active: false);

    private static async Task<Guid> MailboxAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/admin/mailboxes", Mailbox())).ReadAsync<MailboxDto>()).Id;

    private static ContractInput ContractBody(Guid customer) => new(customer, "Contract " + Unique(), 1000, null, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1));

    private static MultipartFormDataContent TextFile() => FileUpload("signed\n"u8.ToArray(), "note.txt", "text/plain");

    private static QuoteInput QuoteBody() => new(null, null, [new QuoteLineInput(null, "Consulting day", 2, 800m, TaxRatePercent: 6)]);

    private const string SlaUrl = "/api/v1/sla";

    /// <summary>Service desk administration: company-wide configuration, no record scope.</summary>
    private static readonly Endpoint[] SlaEndpoints =
    [
        new("GET", "/api/v1/sla/calendars", "sla:admin", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{SlaUrl}/calendars", Ct)),
        new("POST", "/api/v1/sla/calendars", "sla:admin", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync($"{SlaUrl}/calendars", CalendarBody())),
        new("GET", "/api/v1/sla/calendars/{id:guid}", "sla:admin", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{SlaUrl}/calendars/{await CalendarAsync(c)}", Ct)),
        new("PUT", "/api/v1/sla/calendars/{id:guid}", "sla:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{SlaUrl}/calendars/{await CalendarAsync(c)}", CalendarBody())),
        new("DELETE", "/api/v1/sla/calendars/{id:guid}", "sla:admin", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{SlaUrl}/calendars/{await CalendarAsync(c)}", Ct)),
        new("GET", "/api/v1/sla/policies", "sla:admin", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{SlaUrl}/policies", Ct)),
        new("POST", "/api/v1/sla/policies", "sla:admin", false, HttpStatusCode.Created,
            async c => await c.Caller.PostJsonAsync($"{SlaUrl}/policies", PolicyBody(await CalendarAsync(c)))),
        new("GET", "/api/v1/sla/policies/{id:guid}", "sla:admin", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{SlaUrl}/policies/{await PolicyAsync(c)}", Ct)),
        new("PUT", "/api/v1/sla/policies/{id:guid}", "sla:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{SlaUrl}/policies/{await PolicyAsync(c)}", PolicyBody(await CalendarAsync(c)))),
        new("DELETE", "/api/v1/sla/policies/{id:guid}", "sla:admin", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{SlaUrl}/policies/{await PolicyAsync(c)}", Ct)),
        new("POST", "/api/v1/sla/preview", "sla:admin", false, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{SlaUrl}/preview", new SlaPreviewInput(await CalendarAsync(c), new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc), 60))),
    ];

    private static BusinessCalendarInput CalendarBody() =>
        new("Cal " + Unique(), "Asia/Shanghai", [new WorkingHoursDto(DayOfWeek.Monday, "09:00", "18:00")], []);

    private static SlaPolicyInput PolicyBody(Guid calendarId) =>
        new("Policy " + Unique(), calendarId, true, [new SlaTarget(CasePriority.Normal, null, null, 60, null, 480)], []);

    private static async Task<Guid> CalendarAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync($"{SlaUrl}/calendars", CalendarBody())).ReadAsync<BusinessCalendarDto>()).Id;

    private static async Task<Guid> PolicyAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync($"{SlaUrl}/policies", PolicyBody(await CalendarAsync(c)))).ReadAsync<SlaPolicyDto>()).Id;

    private static IEnumerable<Endpoint> All => Endpoints.Concat(LeadEndpoints).Concat(DealEndpoints).Concat(OrderEndpoints).Concat(ContractEndpoints)
        .Concat(ArticleEndpoints).Concat(CaseEndpoints).Concat(SlaEndpoints).Concat(MailEndpoints).Concat(NotificationEndpoints)
        .Concat(JobEndpoints).Concat(LogEndpoints).Concat(BackupEndpoints).Concat(ReportEndpoints).Concat(ImportEndpoints)
        .Concat(QualityEndpoints).Concat(SegmentEndpoints).Concat(DashboardEndpoints).Concat(CampaignEndpoints).Concat(JourneyEndpoints)
        .Concat(PrivacyRequestEndpoints).Concat(AnalysisEndpoints).Concat(ExportEndpoints);

    private const string PrivacyUrl = "/api/v1/privacy/requests";

    /// <summary>A request taken by the admin about a customer of its own (so an erasure touches nothing another cell uses).</summary>
    private static async Task<Guid> SubjectRequestAsync(Cell c, Rapport.Core.Privacy.Requests.SubjectRequestType type, bool exported = false)
    {
        var customer = await c.Admin.CreateAsync(CustomerSamples.Valid());
        var id = (await (await c.Admin.PostJsonAsync(PrivacyUrl, new Rapport.Core.Privacy.Requests.SubjectRequestInput(type, customer.Id)))
            .ReadAsync<Rapport.Core.Privacy.Requests.SubjectRequestDto>()).Id;
        if (exported)
        {
            // The ZIP is made in the background: followed until it is there to download.
            await c.Admin.PostAsync($"{PrivacyUrl}/{id}/export", null, Ct);
            for (var i = 0; i < 600; i++)
            {
                var run = (await (await c.Admin.GetAsync($"{PrivacyUrl}/{id}/export/progress", Ct)).Content.ReadFromJsonAsync<Rapport.Server.Privacy.SubjectExportRunDto>(Json.Options, Ct))!;
                if (run.State != "running") break;
                await Task.Delay(50, Ct);
            }
        }
        return id;
    }

    private static readonly Endpoint[] PrivacyRequestEndpoints =
    [
        new("GET", "/api/v1/privacy/requests", "privacy:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(PrivacyUrl, Ct)),
        new("POST", "/api/v1/privacy/requests", "privacy:manage", false, HttpStatusCode.Created,
            c => c.Caller.PostJsonAsync(PrivacyUrl, new Rapport.Core.Privacy.Requests.SubjectRequestInput(Rapport.Core.Privacy.Requests.SubjectRequestType.Access, Email: "dsr@example.com"))),
        new("GET", "/api/v1/privacy/requests/{id:guid}", "privacy:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Access)}", Ct)),
        new("PUT", "/api/v1/privacy/requests/{id:guid}", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Access)}",
                new Rapport.Core.Privacy.Requests.SubjectRequestUpdate(null, "Called back"))),
        new("POST", "/api/v1/privacy/requests/{id:guid}/move", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Access)}/move",
                new Rapport.Core.Privacy.Requests.SubjectRequestMove(Rapport.Core.Privacy.Requests.SubjectRequestStatus.Verifying))),
        new("POST", "/api/v1/privacy/requests/{id:guid}/export", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Access)}/export", null, Ct)),
        new("GET", "/api/v1/privacy/requests/{id:guid}/export", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Portability, exported: true)}/export", Ct)),
        new("GET", "/api/v1/privacy/requests/{id:guid}/export/progress", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Access)}/export/progress", Ct)),
        new("POST", "/api/v1/privacy/requests/{id:guid}/erase", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Erasure)}/erase", null, Ct)),
        new("POST", "/api/v1/privacy/requests/{id:guid}/restrict", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Restriction)}/restrict", null, Ct)),
        new("POST", "/api/v1/privacy/requests/{id:guid}/lift-restriction", "privacy:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"{PrivacyUrl}/{await SubjectRequestAsync(c, Rapport.Core.Privacy.Requests.SubjectRequestType.Restriction)}/lift-restriction", null, Ct)),
        new("GET", "/api/v1/admin/settings/subject-requests", "privacy:manage", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/subject-requests", Ct)),
        new("PUT", "/api/v1/admin/settings/subject-requests", "privacy:manage", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/subject-requests", Rapport.Core.Privacy.Requests.SubjectRequestSettings.Defaults)),
        new("GET", "/api/v1/admin/settings/data-classification", "privacy:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/admin/settings/data-classification", Ct)),
        new("PUT", "/api/v1/admin/settings/data-classification", "privacy:manage", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/data-classification", Rapport.Core.Privacy.Requests.DataClassification.Defaults)),
    ];

    private const string ReportsUrl = "/api/v1/reports";

    /// <summary>Duplicates and merges, for holders of quality.read / quality.merge (administrators, sales managers).
    /// The scoped cells work on the target's customer and a twin of it (same name, same owner) that the administrator
    /// makes; a missing target has neither, so the pair or merge named is missing too.</summary>
    private static readonly Endpoint[] QualityEndpoints =
    [
        new("GET", "/api/v1/quality/duplicates", "quality:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/quality/duplicates", Ct)),
        new("POST", "/api/v1/quality/duplicates/scan", "quality:merge", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/quality/duplicates/scan", null, Ct)),
        new("POST", "/api/v1/quality/duplicates/{id:guid}/dismiss", "quality:merge", true, HttpStatusCode.NoContent,
            async c => await c.Caller.PostAsync($"/api/v1/quality/duplicates/{await PairAsync(c)}/dismiss", null, Ct)),
        new("GET", "/api/v1/quality/overview", "quality:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/quality/overview", Ct)),
        new("POST", "/api/v1/quality/overview/refresh", "quality:read", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/quality/overview/refresh", null, Ct)),
        new("GET", "/api/v1/quality/issues/{issue}", "quality:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/quality/issues/missingIndustry", Ct)),
        new("POST", "/api/v1/customers/{id:guid}/merge", "quality:merge", true, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/merge", new Rapport.Core.Quality.MergeInput(await TwinAsync(c)))),
        new("GET", "/api/v1/customers/{id:guid}/merges", "quality:read", true, HttpStatusCode.OK, c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/merges", Ct)),
        new("GET", "/api/v1/quality/merges/{id:guid}", "quality:read", true, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"/api/v1/quality/merges/{await MergedAsync(c)}", Ct)),
        new("POST", "/api/v1/quality/merges/{id:guid}/undo", "quality:merge", true, HttpStatusCode.OK,
            async c => await c.Caller.PostAsync($"/api/v1/quality/merges/{await MergedAsync(c)}/undo", null, Ct)),
        new("POST", "/api/v1/customers/{customerId:guid}/contacts/{id:guid}/merge", "quality:merge", true, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/contacts/{c.ContactId}/merge", new Rapport.Core.Quality.MergeInput(await ContactTwinAsync(c)))),
        new("POST", "/api/v1/leads/{id:guid}/merge", "quality:merge", true, HttpStatusCode.OK,
            async c => await c.Caller.PostJsonAsync($"{LeadsUrl}/{c.LeadId}/merge", new Rapport.Core.Quality.MergeInput(await LeadTwinAsync(c)))),
    ];

    /// <summary>A second contact of the target's customer (a random id when the customer is missing).</summary>
    private static async Task<Guid> ContactTwinAsync(Cell c)
    {
        var twin = await c.Admin.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/contacts", Contact());
        return twin.StatusCode == HttpStatusCode.Created ? (await twin.ReadAsync<ContactDto>()).Id : Guid.NewGuid();
    }

    /// <summary>A second open lead with the target lead's owner.</summary>
    private static async Task<Guid> LeadTwinAsync(Cell c)
    {
        var twin = await c.Admin.PostJsonAsync(LeadsUrl + "?confirmDuplicate=true", Lead() with { OwnerId = c.Owner });
        await twin.ShouldBeAsync(HttpStatusCode.Created);
        return (await twin.ReadAsync<LeadDto>()).Id;
    }

    /// <summary>A customer with the target customer's name and owner (a random id when the target is missing).</summary>
    private static async Task<Guid> TwinAsync(Cell c)
    {
        var target = await c.Admin.GetAsync($"{CustomersUrl}/{c.CustomerId}", Ct);
        if (target.StatusCode == HttpStatusCode.NotFound) return Guid.NewGuid();
        var name = (await target.ReadAsync<CustomerDto>()).Name;
        return (await c.Admin.PostCreatedAsync<CustomerDto>($"{CustomersUrl}?confirmDuplicate=true", CustomerSamples.Valid(name: name) with { OwnerId = c.Owner })).Id;
    }

    /// <summary>The duplicate pair of the target customer and its twin, found by a scan.</summary>
    private static async Task<Guid> PairAsync(Cell c)
    {
        var twin = await TwinAsync(c);
        await (await c.Admin.PostAsync("/api/v1/quality/duplicates/scan", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        string? cursor = null;
        do
        {
            var page = await c.Admin.GetPageAsync<Rapport.Core.Quality.DuplicatePairItem>("/api/v1/quality/duplicates?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            if (page.Items.FirstOrDefault(p => p.A.Id == twin || p.B.Id == twin) is { } pair) return pair.Id;
            cursor = page.NextCursor;
        } while (cursor is not null);
        return Guid.NewGuid();
    }

    /// <summary>The target customer's twin merged into it by the administrator.</summary>
    private static async Task<Guid> MergedAsync(Cell c)
    {
        var twin = await TwinAsync(c);
        var merged = await c.Admin.PostJsonAsync($"{CustomersUrl}/{c.CustomerId}/merge", new Rapport.Core.Quality.MergeInput(twin));
        return merged.StatusCode == HttpStatusCode.OK ? (await merged.ReadAsync<Rapport.Core.Quality.CustomerMergeDto>()).Id : Guid.NewGuid();
    }

    /// <summary>New customers per month: a standard report every role that runs reports may read the source of.</summary>
    private static readonly string StandardReport = $"{ReportsUrl}/{Rapport.Core.Reports.StandardReports.All.Single(r => r.Key == "newCustomersPerMonth").Id}";

    private static Rapport.Core.Reports.ReportInput ReportBody() =>
        new("Report " + Unique(), null, new Rapport.Core.Reports.ReportDefinition("customers", [new("tier")]));

    /// <summary>A report of the caller's own (saving needs reports.manage; without it the id is missing and the write is refused first).</summary>
    private static async Task<Guid> OwnReportAsync(Cell c) =>
        (await (await c.Caller.PostJsonAsync(ReportsUrl, ReportBody())).Content.ReadFromJsonAsync<Rapport.Core.Reports.ReportDto>(Ct))?.Id ?? Guid.NewGuid();

    private static async Task<Rapport.Core.Reports.ReportScheduleInput> ScheduleBodyAsync(Cell c) =>
        new("0 8 * * 1", "Asia/Shanghai", Rapport.Core.Reports.ReportFileFormat.Xlsx, [await c.NewUser()]);

    /// <summary>A schedule of the caller's own (without reports.manage the id is missing and the delete is refused first).</summary>
    private static async Task<Guid> OwnScheduleAsync(Cell c) =>
        (await (await c.Caller.PostJsonAsync($"{StandardReport}/schedules", await ScheduleBodyAsync(c))).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))?["id"]?.GetValue<string>() is { } id
            ? Guid.Parse(id) : Guid.NewGuid();

    /// <summary>Reports: definitions are the caller's own or shared with them; the figures come from sources in the caller's own scope.</summary>
    private static readonly Endpoint[] ReportEndpoints =
    [
        new("GET", "/api/v1/reports", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(ReportsUrl, Ct)),
        new("GET", "/api/v1/reports/sources", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{ReportsUrl}/sources", Ct)),
        new("POST", "/api/v1/reports/run", "report:read", false, HttpStatusCode.OK, c => c.Caller.PostJsonAsync($"{ReportsUrl}/run", ReportBody().Definition)),
        new("POST", "/api/v1/reports", "report:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(ReportsUrl, ReportBody())),
        new("GET", "/api/v1/reports/{id:guid}", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(StandardReport, Ct)),
        new("PUT", "/api/v1/reports/{id:guid}", "report:manage", false, HttpStatusCode.OK, async c => await c.Caller.PutJsonAsync($"{ReportsUrl}/{await OwnReportAsync(c)}", ReportBody())),
        new("DELETE", "/api/v1/reports/{id:guid}", "report:manage", false, HttpStatusCode.NoContent, async c => await c.Caller.DeleteAsync($"{ReportsUrl}/{await OwnReportAsync(c)}", Ct)),
        new("GET", "/api/v1/reports/{id:guid}/result", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{StandardReport}/result", Ct)),
        new("GET", "/api/v1/reports/{id:guid}/result.csv", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{StandardReport}/result.csv", Ct)),
        new("GET", "/api/v1/reports/{id:guid}/result.xlsx", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{StandardReport}/result.xlsx", Ct)),
        new("GET", "/api/v1/reports/{id:guid}/result.docx", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{StandardReport}/result.docx", Ct)),
        new("GET", "/api/v1/reports/{id:guid}/result.pdf", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{StandardReport}/result.pdf", Ct)),
        new("GET", "/api/v1/reports/{id:guid}/schedules", "report:manage", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{StandardReport}/schedules", Ct)),
        new("POST", "/api/v1/reports/{id:guid}/schedules", "report:manage", false, HttpStatusCode.Created,
            async c => await c.Caller.PostJsonAsync($"{StandardReport}/schedules", await ScheduleBodyAsync(c))),
        new("GET", "/api/v1/reports/schedules/{id:guid}", "report:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{ReportsUrl}/schedules/{await OwnScheduleAsync(c)}", Ct)),
        new("DELETE", "/api/v1/reports/schedules/{id:guid}", "report:manage", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{ReportsUrl}/schedules/{await OwnScheduleAsync(c)}", Ct)),
    ];

    private const string DashboardsUrl = "/api/v1/dashboards";

    /// <summary>The standard sales dashboard and its new-customers KPI (a source every role that runs reports may read).</summary>
    private static readonly Rapport.Core.Dashboards.StandardDashboards.Standard SalesDashboard = Rapport.Core.Dashboards.StandardDashboards.All.Single(d => d.Key == "sales");

    private static readonly Guid NewCustomersTile = SalesDashboard.Widgets.First(w => w.ReportId == Rapport.Core.Reports.StandardReports.All.Single(r => r.Key == "newCustomersPerMonth").Id).Id;

    private static Rapport.Core.Dashboards.DashboardInput DashboardBody() =>
        new("Dashboard " + Unique(), [new(Guid.NewGuid(), null, Rapport.Core.Dashboards.WidgetKind.Kpi, SalesDashboard.Widgets.Single(w => w.Id == NewCustomersTile).ReportId)]);

    private static async Task<Guid> OwnDashboardAsync(Cell c) =>
        (await (await c.Caller.PostJsonAsync(DashboardsUrl, DashboardBody())).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))?["id"]?.GetValue<string>() is { } id
            ? Guid.Parse(id) : Guid.NewGuid();

    /// <summary>Dashboards: layouts are the caller's own or shared with them; each widget's figures come from its report in the caller's own scope.</summary>
    private static readonly Endpoint[] DashboardEndpoints =
    [
        new("GET", "/api/v1/dashboards", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(DashboardsUrl, Ct)),
        new("POST", "/api/v1/dashboards", "report:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(DashboardsUrl, DashboardBody())),
        new("GET", "/api/v1/dashboards/{id:guid}", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync($"{DashboardsUrl}/{SalesDashboard.Id}", Ct)),
        new("PUT", "/api/v1/dashboards/{id:guid}", "report:manage", false, HttpStatusCode.OK, async c => await c.Caller.PutJsonAsync($"{DashboardsUrl}/{await OwnDashboardAsync(c)}", DashboardBody())),
        new("DELETE", "/api/v1/dashboards/{id:guid}", "report:manage", false, HttpStatusCode.NoContent, async c => await c.Caller.DeleteAsync($"{DashboardsUrl}/{await OwnDashboardAsync(c)}", Ct)),
        new("GET", "/api/v1/dashboards/{id:guid}/widgets/{widgetId:guid}/result", "report:read", false, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{DashboardsUrl}/{SalesDashboard.Id}/widgets/{NewCustomersTile}/result?from=2024-01-01&to=2024-01-31", Ct)),
    ];

    private const string AnalysesUrl = "/api/v1/reports/analyses";

    private static Rapport.Core.Reports.AnalysisDocumentInput AnalysisBody(bool shared = false) =>
        new("Analysis " + Unique(), "Summary", Reports: [Rapport.Core.Reports.StandardReports.All[0].Id],
            Shares: shared ? [.. Rules.Select(r => new Rapport.Core.Reports.ReportShareDto(Rapport.Core.Reports.ShareKind.Role, r.Role, Rapport.Core.Reports.ReportAccess.View))] : null);

    /// <summary>An analysis document the administrator shares with every built-in role.</summary>
    private static async Task<Guid> SharedAnalysisAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync(AnalysesUrl, AnalysisBody(shared: true))).ReadAsync<Rapport.Core.Reports.AnalysisDocumentDto>()).Id;

    /// <summary>An analysis document of the caller's own (without reports.manage the id is missing and the write is refused first).</summary>
    private static async Task<Guid> OwnAnalysisAsync(Cell c) =>
        (await (await c.Caller.PostJsonAsync(AnalysesUrl, AnalysisBody())).Content.ReadFromJsonAsync<Rapport.Core.Reports.AnalysisDocumentDto>(Json.Options, Ct))?.Id ?? Guid.NewGuid();

    /// <summary>Analysis documents: text and a choice of reports, the caller's own or shared with them; the exports run each
    /// report in the caller's own scope.</summary>
    private static readonly Endpoint[] AnalysisEndpoints =
    [
        new("GET", "/api/v1/reports/analyses", "report:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(AnalysesUrl, Ct)),
        new("POST", "/api/v1/reports/analyses", "report:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(AnalysesUrl, AnalysisBody())),
        new("GET", "/api/v1/reports/analyses/{id:guid}", "report:read", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{AnalysesUrl}/{await SharedAnalysisAsync(c)}", Ct)),
        new("PUT", "/api/v1/reports/analyses/{id:guid}", "report:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{AnalysesUrl}/{await OwnAnalysisAsync(c)}", AnalysisBody())),
        new("DELETE", "/api/v1/reports/analyses/{id:guid}", "report:manage", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{AnalysesUrl}/{await OwnAnalysisAsync(c)}", Ct)),
        new("GET", "/api/v1/reports/analyses/{id:guid}/document.docx", "report:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{AnalysesUrl}/{await SharedAnalysisAsync(c)}/document.docx", Ct)),
        new("GET", "/api/v1/reports/analyses/{id:guid}/document.pdf", "report:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{AnalysesUrl}/{await SharedAnalysisAsync(c)}/document.pdf", Ct)),
    ];

    /// <summary>A background customer export of the caller's own (an empty list: no tag "none"), followed until it ends;
    /// without customers.export the id is missing.</summary>
    private static async Task<Guid> OwnExportAsync(Cell c)
    {
        var started = await c.Caller.PostAsync("/api/v1/exports/customers?tag=none", null, Ct);
        if (started.StatusCode != HttpStatusCode.Accepted) return Guid.NewGuid();
        var run = (await started.Content.ReadFromJsonAsync<Rapport.Server.Reports.ExportRunDto>(Json.Options, Ct))!;
        for (var i = 0; i < 600 && run.State == "running"; i++)
        {
            await Task.Delay(50, Ct);
            run = (await (await c.Caller.GetAsync($"/api/v1/exports/{run.Id}", Ct)).Content.ReadFromJsonAsync<Rapport.Server.Reports.ExportRunDto>(Json.Options, Ct))!;
        }
        return run.Id;
    }

    /// <summary>Large exports run in the background for the caller alone (customers.export), over their own record scope (the
    /// contacts as an Excel workbook, the others as CSV).</summary>
    private static readonly Endpoint[] ExportEndpoints =
    [
        new("POST", "/api/v1/exports/customers", "export", false, HttpStatusCode.Accepted, c => c.Caller.PostAsync("/api/v1/exports/customers?tag=none", null, Ct)),
        new("POST", "/api/v1/exports/contacts", "export", false, HttpStatusCode.Accepted, c => c.Caller.PostAsync("/api/v1/exports/contacts?format=xlsx", null, Ct)),
        new("POST", "/api/v1/exports/leads", "export+lead:read", false, HttpStatusCode.Accepted, c => c.Caller.PostAsync("/api/v1/exports/leads?status=Disqualified", null, Ct)),
        new("POST", "/api/v1/exports/opportunities", "export+deal:read", false, HttpStatusCode.Accepted,
            c => c.Caller.PostAsync($"/api/v1/exports/opportunities?customerId={Guid.NewGuid()}", null, Ct)),
        new("POST", "/api/v1/exports/interactions", "export", true, HttpStatusCode.Accepted, c => c.Caller.PostAsync($"/api/v1/exports/interactions?customerId={c.CustomerId}", null, Ct)),
        new("POST", "/api/v1/exports/cases", "export+case:read", false, HttpStatusCode.Accepted, c => c.Caller.PostAsync("/api/v1/exports/cases?view=Unassigned", null, Ct)),
        new("POST", "/api/v1/exports/products", "export+product:read", false, HttpStatusCode.Accepted, c => c.Caller.PostAsync("/api/v1/exports/products?format=xlsx", null, Ct)),
        new("GET", "/api/v1/exports", "export", false, HttpStatusCode.OK, c => c.Caller.GetAsync("/api/v1/exports", Ct)),
        new("GET", "/api/v1/exports/{id:guid}", "export", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/exports/{await OwnExportAsync(c)}", Ct)),
        new("GET", "/api/v1/exports/{id:guid}/file", "export", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"/api/v1/exports/{await OwnExportAsync(c)}/file", Ct)),
    ];

    private const string SegmentsUrl = "/api/v1/segments";

    private static Rapport.Core.Marketing.Segments.SegmentInput SegmentBody(bool shared = false) =>
        new("Segment " + Unique(), Rule: Rapport.Core.Marketing.Segments.SegmentRule.When("tier", "eq", "high"),
            Shares: shared ? [.. Rules.Select(r => new Rapport.Core.Reports.ReportShareDto(Rapport.Core.Reports.ShareKind.Role, r.Role, Rapport.Core.Reports.ReportAccess.View))] : null);

    /// <summary>A segment the administrator shares with every built-in role.</summary>
    private static async Task<Guid> SharedSegmentAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync(SegmentsUrl, SegmentBody(shared: true))).ReadAsync<Rapport.Core.Marketing.Segments.SegmentDto>()).Id;

    /// <summary>A segment of the caller's own (without segments.manage the id is missing and the write is refused first).</summary>
    private static async Task<Guid> OwnSegmentAsync(Cell c) =>
        (await (await c.Caller.PostJsonAsync(SegmentsUrl, SegmentBody())).Content.ReadFromJsonAsync<Rapport.Core.Marketing.Segments.SegmentDto>(Json.Options, Ct))?.Id ?? Guid.NewGuid();

    /// <summary>Segments are definitions (the caller's own or shared with them); members come from the caller's own scope.
    /// A customer's classification follows the customer; the rules and the recomputation need classification.manage.</summary>
    private static readonly Endpoint[] SegmentEndpoints =
    [
        new("GET", "/api/v1/segments", "segment:read", false, HttpStatusCode.OK, c => c.Caller.GetAsync(SegmentsUrl, Ct)),
        new("POST", "/api/v1/segments", "segment:manage", false, HttpStatusCode.Created, c => c.Caller.PostJsonAsync(SegmentsUrl, SegmentBody())),
        new("POST", "/api/v1/segments/preview", "segment:read", false, HttpStatusCode.OK,
            c => c.Caller.PostJsonAsync($"{SegmentsUrl}/preview", new Rapport.Core.Marketing.Segments.SegmentPreviewInput(SegmentBody().Rule))),
        new("GET", "/api/v1/segments/{id:guid}", "segment:read", false, HttpStatusCode.OK, async c => await c.Caller.GetAsync($"{SegmentsUrl}/{await SharedSegmentAsync(c)}", Ct)),
        new("PUT", "/api/v1/segments/{id:guid}", "segment:manage", false, HttpStatusCode.OK,
            async c => await c.Caller.PutJsonAsync($"{SegmentsUrl}/{await OwnSegmentAsync(c)}", SegmentBody())),
        new("DELETE", "/api/v1/segments/{id:guid}", "segment:manage", false, HttpStatusCode.NoContent,
            async c => await c.Caller.DeleteAsync($"{SegmentsUrl}/{await OwnSegmentAsync(c)}", Ct)),
        new("GET", "/api/v1/segments/{id:guid}/members", "segment:read", false, HttpStatusCode.OK,
            async c => await c.Caller.GetAsync($"{SegmentsUrl}/{await SharedSegmentAsync(c)}/members", Ct)),
        new("GET", "/api/v1/customers/{id:guid}/classification", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/classification", Ct)),
        new("PUT", "/api/v1/customers/{id:guid}/classification", "update", true, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync($"{CustomersUrl}/{c.CustomerId}/classification", new Rapport.Core.Marketing.Classification.ClassificationOverrideInput())),
        new("GET", "/api/v1/customers/{id:guid}/classification/history", "read", true, HttpStatusCode.OK,
            c => c.Caller.GetAsync($"{CustomersUrl}/{c.CustomerId}/classification/history", Ct)),
        new("POST", "/api/v1/classification/run", "classification", false, HttpStatusCode.OK, c => c.Caller.PostAsync("/api/v1/classification/run", null, Ct)),
        new("GET", "/api/v1/admin/settings/classification", "classification", false, HttpStatusCode.OK,
            c => c.Caller.GetAsync("/api/v1/admin/settings/classification", Ct)),
        new("PUT", "/api/v1/admin/settings/classification", "classification", false, HttpStatusCode.OK,
            c => c.Caller.PutJsonAsync("/api/v1/admin/settings/classification", Rapport.Core.Marketing.Classification.ClassificationSettings.Defaults)),
    ];

    /// <summary>A lead that a conversion can turn into a valid company customer (reachable, with a city), unique each time.</summary>
    private static LeadInput Lead() => new()
    {
        Name = "王芳", Company = "Matrix Co " + Unique(), Email = $"m{Unique()}@example.com", Country = "China", City = "Shanghai", Source = "Website",
    };

    private static async Task<Guid> LeadFormAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/lead-forms", new LeadFormInput("F" + Unique()))).ReadAsync<LeadFormDto>()).Id;

    /// <summary>Endpoints open to anonymous callers (sign-in); they are outside the matrix but must be named.</summary>
    private static readonly string[] Anonymous =
    [
        "POST /api/v1/account/login", "POST /api/v1/account/login/2fa", "POST /api/v1/account/invitations/accept",
        "POST /api/v1/account/login/passkey/options", "POST /api/v1/account/login/passkey",
        "POST /api/v1/account/login/2fa/passkey/options", "POST /api/v1/account/login/2fa/passkey",
        "POST /api/v1/public/lead-forms/{token}", "POST /api/v1/public/case-forms/{token}",
        "GET /api/v1/help/articles", "GET /api/v1/help/categories", "GET /api/v1/help/articles/{slug}", "GET /api/v1/help/suggest",
        "POST /api/v1/help/articles/{id:guid}/feedback",
    ];

    /// <summary>Registers a passkey for a fresh user, through a software authenticator.</summary>
    private static async Task<(HttpClient Client, HttpResponseMessage Response)> NewPasskeyAsync(Cell c)
    {
        var client = await c.Throwaway();
        using var key = new Identity.SoftwareAuthenticator { Origin = "https://localhost" };
        var options = await (await client.PostAsync("/api/v1/account/passkeys/options", null, Ct)).ReadNodeAsync();
        return (client, await client.PostJsonAsync("/api/v1/account/passkeys", new { credential = key.Create(options), name = "k" }));
    }

    private static ContactInput Contact() => new() { Name = "Li Lei", Phones = [CustomerSamples.ChinaMobile()] };

    private static InteractionInput Interaction() => new() { Kind = InteractionKind.Call, Subject = "Checked in" };

    private static RoleInput NewRole() => new("Custom " + Unique(), null, false, [Permissions.CustomersRead],
        new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own });

    private static async Task<Guid> RoleAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/roles", NewRole())).ReadAsync<RoleDto>()).Id;

    private static async Task<Guid> TeamAsync(Cell c) =>
        (await (await c.Admin.PostJsonAsync("/api/v1/teams", new TeamInput("T" + Unique(), null))).ReadAsync<TeamDto>()).Id;

    /// <summary>A signed-in user of no role, for self-service calls that end the caller's own sessions.</summary>
    private async Task<HttpClient> ThrowawayAsync() => app.ClientWithToken(await app.CreateUserWithTokenAsync("t" + Unique()));

    private async Task<Guid> NewUserAsync()
    {
        var name = "u" + Unique();
        await app.CreateUserWithTokenAsync(name);
        return await UserIdAsync(name);
    }

    /// <summary>A notification for <paramref name="userId"/>, as a job would make it; answers its id.</summary>
    private async Task<Guid> NotifyAsync(Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Rapport.Core.Data.RapportDbContext>();
        await scope.ServiceProvider.GetRequiredService<Rapport.Core.Notifications.NotificationService>().NotifyAsync([userId],
            Rapport.Core.Notifications.NotificationKind.SlaWarning, "Notification.SlaWarning", [], null, Ct);
        await db.SaveChangesAsync(Ct);
        return db.Notifications.Local.Single(n => n.UserId == userId).Id;
    }

    private async Task<Guid> UserIdAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        return (await users.FindByNameAsync(userName))!.Id;
    }

    [Fact]
    public void Every_api_endpoint_is_in_the_matrix()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var known = All.Select(e => $"{e.Method} {e.Route}").Concat(Anonymous).ToHashSet();

        Assert.Empty(mapped.Except(known).Order());
        Assert.Empty(known.Except(mapped).Order());
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_rules_say()
    {
        var admin = await app.AdminClientAsync();
        var world = await BuildWorldAsync(admin);
        var mismatches = new List<string>();
        var cells = 0;
        // A read changes nothing, so the records a GET is asked about are made once per owner and route and asked about
        // by every role: a teammate's or an outsider's record is the same one for all seven.
        var readRecords = new Dictionary<(Guid Owner, string Route), Records>();
        foreach (var rule in Rules)
        {
            var caller = world.Callers[rule.Role];
            foreach (var endpoint in All)
            {
                foreach (var target in endpoint.Scoped ? Enum.GetValues<Target>() : [Target.Own])
                {
                    var owner = target switch
                    {
                        Target.Own => world.UserIds[rule.Role],
                        Target.Team => world.TeammateId,
                        _ => world.OutsiderId,
                    };
                    var ids = target == Target.Missing ? Records.Missing()
                        : endpoint.Method != "GET" ? await CreateRecordAsync(admin, owner, endpoint.Route)
                        : readRecords.TryGetValue((owner, endpoint.Route), out var made) ? made
                        : readRecords[(owner, endpoint.Route)] = await CreateRecordAsync(admin, owner, endpoint.Route);
                    var expected = Expect(rule, endpoint, target);
                    var response = await endpoint.Call(new Cell(caller, admin, ids, owner, NewUserAsync, ThrowawayAsync, NotifyAsync));
                    cells++;
                    if (response.StatusCode != expected)
                        mismatches.Add($"{rule.Role} {endpoint.Method} {endpoint.Route} [{target}]: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"authz-matrix-{app.Provider}.txt"),
            $"endpoints={All.Count()} roles={Rules.Length} cells={cells} mismatches={mismatches.Count}\n", Ct);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cells} cells wrong:\n" + string.Join("\n", mismatches));
    }

    private static HttpStatusCode Expect(RoleRule rule, Endpoint endpoint, Target target)
    {
        if (endpoint.Scoped)
        {
            var (team, other) = endpoint.Action.StartsWith("case:", StringComparison.Ordinal) && rule.Cases is { } cases ? cases : (rule.Team, rule.Other);
            var reached = target switch
            {
                Target.Own => true,
                Target.Team => team,
                Target.Other => other,
                _ => false,
            };
            if (!reached) return HttpStatusCode.NotFound;
        }
        // "export+lead:read": an endpoint needing two actions.
        return endpoint.Action == "self" || endpoint.Action.Split('+').All(rule.Actions.Contains) ? endpoint.Success : HttpStatusCode.Forbidden;
    }

    private sealed record World(Dictionary<string, HttpClient> Callers, Dictionary<string, Guid> UserIds, Guid TeammateId, Guid OutsiderId);

    /// <summary>A sales department with teams A and B. The sales manager and representative sit in team A with a
    /// teammate; the outsider sits in team B; the other roles have no team.</summary>
    private async Task<World> BuildWorldAsync(HttpClient admin)
    {
        var dept = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Sales " + Unique(), null))).ReadAsync<TeamDto>();
        var teamA = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("A " + Unique(), dept.Id))).ReadAsync<TeamDto>();
        var teamB = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("B " + Unique(), dept.Id))).ReadAsync<TeamDto>();

        async Task<(HttpClient Client, Guid Id)> UserAsync(string role, Guid? team)
        {
            var name = "mx" + Unique();
            var token = await app.CreateUserWithTokenAsync(name);
            var id = await UserIdAsync(name);
            var set = await admin.PutJsonAsync($"/api/v1/users/{id}/access", new UserAccessInput([role], team, null));
            await set.ShouldBeAsync(HttpStatusCode.OK);
            return (app.ClientWithToken(token), id);
        }

        var callers = new Dictionary<string, HttpClient>();
        var ids = new Dictionary<string, Guid>();
        foreach (var rule in Rules)
        {
            var inTeamA = rule.Role is Roles.SalesManager or Roles.SalesRepresentative;
            var (client, id) = await UserAsync(rule.Role, inTeamA ? teamA.Id : null);
            callers[rule.Role] = client;
            ids[rule.Role] = id;
        }
        var teammate = await UserAsync(Roles.SalesRepresentative, teamA.Id);
        var outsider = await UserAsync(Roles.SalesRepresentative, teamB.Id);
        return new World(callers, ids, teammate.Id, outsider.Id);
    }

    /// <summary>Lead endpoints get a fresh lead of the owner; opportunity and quote endpoints a customer and a deal
    /// (and a draft quote); order and invoice endpoints an accepted quote's order (and its invoice); the others a
    /// customer with a contact and an interaction. Everything belongs to <paramref name="owner"/>.</summary>
    private static async Task<Records> CreateRecordAsync(HttpClient admin, Guid owner, string route)
    {
        if (route.StartsWith(LeadsUrl, StringComparison.Ordinal))
        {
            var created = await admin.PostJsonAsync(LeadsUrl + "?confirmDuplicate=true", Lead() with { OwnerId = owner });
            await created.ShouldBeAsync(HttpStatusCode.Created);
            return new Records(Lead: (await created.ReadAsync<LeadDto>()).Id);
        }
        if (route.StartsWith(ArticlesUrl, StringComparison.Ordinal))
            return new Records(Article: (await (await admin.PostJsonAsync(ArticlesUrl, ArticleBody())).ReadAsync<Rapport.Core.Knowledge.ArticleDto>()).Id);
        if (route.StartsWith(CategoriesUrl, StringComparison.Ordinal))
            return new Records(Category: (await (await admin.PostJsonAsync(CategoriesUrl, CategoryBody())).ReadAsync<Rapport.Core.Knowledge.ArticleCategoryDto>()).Id);
        // Service desk configuration has no owner: each endpoint makes what it needs.
        if (route.StartsWith(SlaUrl, StringComparison.Ordinal)) return new Records();
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = owner });
        if (route.StartsWith(CasesUrl + "/", StringComparison.Ordinal))
        {
            var @case = await (await admin.PostJsonAsync(CasesUrl, new CaseInput(customer.Id, "Printer jams " + Unique(), OwnerId: owner))).ReadAsync<CaseDto>();
            var related = await (await admin.PostJsonAsync(CasesUrl, new CaseInput(customer.Id, "Printer jams again " + Unique(), OwnerId: owner))).ReadAsync<CaseDto>();
            await (await admin.PostJsonAsync($"{CasesUrl}/{@case.Id}/links", new CaseLinkInput(related.Id))).ShouldBeAsync(HttpStatusCode.OK);
            var message = await (await admin.PostJsonAsync($"{CasesUrl}/{@case.Id}/messages", new CaseMessageInput(CaseMessageKind.InternalNote, "First look"))).ReadAsync<CaseMessageDto>();
            var file = await (await admin.PostAsync($"{CasesUrl}/{@case.Id}/messages/{message.Id}/attachments", TextFile(), Ct)).ReadAsync<CaseAttachmentDto>();
            return new Records(customer.Id, Attachment: file.Id, Case: @case.Id, Message: message.Id, Related: related.Id, Macro: await MacroAsync(admin));
        }
        if (route.StartsWith(ContractsUrl, StringComparison.Ordinal))
        {
            var contract = await (await admin.PostJsonAsync(ContractsUrl, ContractBody(customer.Id))).ReadAsync<ContractDto>();
            var file = await (await admin.PostAsync($"{ContractsUrl}/{contract.Id}/attachments", TextFile(), Ct)).ReadAsync<ContractAttachmentDto>();
            return new Records(customer.Id, Contract: contract.Id, Attachment: file.Id);
        }
        var sales = new[] { DealsUrl, "/api/v1/quotes", "/api/v1/orders", "/api/v1/invoices" };
        if (sales.Any(p => route.StartsWith(p, StringComparison.Ordinal)))
        {
            var deal = await admin.PostJsonAsync(DealsUrl, new OpportunityInput { Name = "D" + Unique(), CustomerId = customer.Id, OwnerId = owner });
            await deal.ShouldBeAsync(HttpStatusCode.Created);
            var ids = new Records(customer.Id, Deal: (await deal.ReadAsync<OpportunityDto>()).Id);
            if (route.StartsWith(DealsUrl, StringComparison.Ordinal)) return ids;
            var quote = await (await admin.PostJsonAsync($"{DealsUrl}/{ids.Deal}/quotes", QuoteBody())).ReadAsync<QuoteDto>();
            ids = ids with { Quote = quote.Id };
            if (route.StartsWith("/api/v1/quotes", StringComparison.Ordinal)) return ids;
            await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
            var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();
            ids = ids with { Order = accepted.OrderId!.Value };
            if (route.StartsWith("/api/v1/orders", StringComparison.Ordinal)) return ids;
            var invoice = await (await admin.PostJsonAsync($"/api/v1/orders/{ids.Order}/invoices", new InvoiceInput(Amount: 100))).ReadAsync<InvoiceDto>();
            return ids with { Invoice = invoice.Id };
        }
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts", Contact())).ReadAsync<ContactDto>();
        var interaction = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/interactions", Interaction())).ReadAsync<InteractionDto>();
        return new Records(customer.Id, contact.Id, interaction.Id);
    }
}

public sealed class AuthorizationMatrixOnSqlite(SqliteApp app) : AuthorizationMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class AuthorizationMatrixOnPostgres(PostgresApp app) : AuthorizationMatrixTests(app), IClassFixture<PostgresApp>;
