using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Rapport.Server.Tests.Identity;

/// <summary>Passkeys (WebAuthn), driven by <see cref="SoftwareAuthenticator"/> instead of a browser: registration,
/// passwordless sign-in, passkey as the second step, and assertions that must fail.</summary>
public abstract class PasskeyTests(RapportApp app)
{
    private const string PasskeysUrl = "/api/v1/account/passkeys";
    private const string PasswordlessUrl = "/api/v1/account/login/passkey";
    private const string SecondStepUrl = "/api/v1/account/login/2fa/passkey";

    private static SoftwareAuthenticator Key() => new() { Origin = "https://localhost" };

    private async Task<(string Name, HttpClient Client)> UserAsync(params string[] roles)
    {
        var name = "pk" + Guid.NewGuid().ToString("N")[..8];
        return (name, app.ClientWithToken(await app.CreateUserWithTokenAsync(name, roles)));
    }

    private static async Task<PasskeyDto> RegisterAsync(HttpClient client, SoftwareAuthenticator authenticator, string name)
    {
        var options = await (await client.PostAsync($"{PasskeysUrl}/options", null, Ct)).ReadNodeAsync();
        return await client.PostCreatedAsync<PasskeyDto>(PasskeysUrl, new { credential = authenticator.Create(options), name });
    }

    [Fact]
    public async Task A_passkey_is_registered_listed_renamed_and_deleted_by_its_owner_only()
    {
        var (_, owner) = await UserAsync();
        var (_, other) = await UserAsync();
        using var key = Key();

        var registered = await RegisterAsync(owner, key, "Laptop");
        var theirs = await other.DeleteAsync($"{PasskeysUrl}/{registered.Id}", Ct);
        var renamed = await owner.PutJsonAsync($"{PasskeysUrl}/{registered.Id}", new PasskeyNameInput("工作电脑"));

        Assert.Equal(key.Id, registered.Id);
        await theirs.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("工作电脑", (await renamed.ReadAsync<PasskeyDto>()).Name);
        Assert.Single(await (await owner.GetAsync(PasskeysUrl, Ct)).ReadAsync<List<PasskeyDto>>());
        await (await owner.DeleteAsync($"{PasskeysUrl}/{registered.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Empty(await (await owner.GetAsync(PasskeysUrl, Ct)).ReadAsync<List<PasskeyDto>>());
    }

    [Fact]
    public async Task Registration_from_another_origin_or_without_options_is_rejected()
    {
        var (_, client) = await UserAsync();
        var (_, bystander) = await UserAsync();
        using var evil = new SoftwareAuthenticator { Origin = "https://evil.example" };
        using var key = Key();

        var options = await (await client.PostAsync($"{PasskeysUrl}/options", null, Ct)).ReadNodeAsync();
        var foreign = await client.PostJsonAsync(PasskeysUrl, new { credential = evil.Create(options), name = "x" });
        // Someone who never asked for options (so has no ceremony under way) answers these ones.
        var noCeremony = await bystander.PostJsonAsync(PasskeysUrl, new { credential = key.Create(options), name = "x" });

        await foreign.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await noCeremony.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Passwordless_sign_in_works_once_per_challenge_and_only_with_the_right_key()
    {
        var (name, client) = await UserAsync(Roles.SalesRepresentative);
        using var key = Key();
        await RegisterAsync(client, key, "Key");
        var browser = app.CreateClient();
        var attacker = app.CreateClient();

        var wrongOptions = await (await attacker.PostAsync($"{PasswordlessUrl}/options", null, Ct)).ReadNodeAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = await attacker.PostJsonAsync(PasswordlessUrl, new { credential = key.Get(wrongOptions, signWith: stranger) });
        var options = await (await browser.PostAsync($"{PasswordlessUrl}/options", null, Ct)).ReadNodeAsync();
        var assertion = key.Get(options);
        var signIn = await browser.PostJsonAsync(PasswordlessUrl, new { credential = assertion });
        var replay = await app.CreateClient().PostJsonAsync(PasswordlessUrl, new { credential = JsonNode.Parse(assertion.ToJsonString()) });

        await forged.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await signIn.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(name, (await signIn.ReadAsync<MeDto>()).UserName);
        await (await browser.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await replay.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_a_passkey_the_password_alone_asks_for_it_as_the_second_step()
    {
        var (name, client) = await UserAsync();
        using var key = Key();
        await RegisterAsync(client, key, "Key");
        var (_, attackerClient) = await UserAsync();
        using var attackerKey = Key();
        await RegisterAsync(attackerClient, attackerKey, "Key");
        var browser = app.CreateClient();

        var login = await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));
        var before = await browser.GetAsync("/api/v1/account/me", Ct);
        var options = await (await browser.PostAsync($"{SecondStepUrl}/options", null, Ct)).ReadNodeAsync();
        var wrongUser = await browser.PostJsonAsync(SecondStepUrl, new { credential = attackerKey.Get(options) });
        options = await (await browser.PostAsync($"{SecondStepUrl}/options", null, Ct)).ReadNodeAsync();
        var right = await browser.PostJsonAsync(SecondStepUrl, new { credential = key.Get(options) });

        Assert.Equal(HttpStatusCode.Accepted, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        await wrongUser.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await right.ShouldBeAsync(HttpStatusCode.OK);
        await (await browser.GetAsync("/api/v1/account/me", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await app.CreateClient().PostAsync($"{SecondStepUrl}/options", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_passkey_satisfies_a_role_that_requires_mfa()
    {
        var admin = await app.AdminClientAsync();
        var role = await (await admin.PostJsonAsync("/api/v1/roles", new RoleInput("Vault " + Guid.NewGuid().ToString("N")[..6], null, true,
            [Permissions.CustomersRead], new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own }))).ReadAsync<RoleDto>();
        var (_, client) = await UserAsync(role.Name);
        await (await client.GetAsync(CustomersUrl, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var key = Key();

        await RegisterAsync(client, key, "Key");

        await (await client.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var log = await (await admin.GetAsync("/api/v1/audit?action=mfa.passkey.added", Ct)).ReadAsync<Rapport.Core.Common.Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.NotEmpty(log.Items);
    }
}

public sealed class PasskeysOnSqlite(SqliteApp app) : PasskeyTests(app), IClassFixture<SqliteApp>;

public sealed class PasskeysOnPostgres(PostgresApp app) : PasskeyTests(app), IClassFixture<PostgresApp>;
