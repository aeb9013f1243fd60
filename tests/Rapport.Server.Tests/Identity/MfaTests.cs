using System.Globalization;
using System.Security.Cryptography;

namespace Rapport.Server.Tests.Identity;

/// <summary>Authenticator-app sign-in, recovery codes, and roles that require a second factor.</summary>
public abstract class MfaTests(RapportApp app)
{
    /// <summary>RFC 6238 (TOTP, HMAC-SHA1, 30-second steps, 6 digits) from the base32 shared key, as an app computes it.</summary>
    public static string Totp(string sharedKey, DateTimeOffset? at = null)
    {
        var key = Base32(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; this mirrors them
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string s)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in s.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    private async Task<(string Name, HttpClient Browser)> SignedInAsync(params string[] roles)
    {
        var name = "mfa" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserWithTokenAsync(name, roles);
        var browser = app.CreateClient();
        await (await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword))).ShouldBeAsync(HttpStatusCode.OK);
        return (name, browser);
    }

    private static async Task<(string Key, List<string> Codes)> EnrolAsync(HttpClient browser)
    {
        var setup = await (await browser.PostAsync("/api/v1/account/mfa/authenticator", null, Ct)).ReadAsync<AuthenticatorSetup>();
        var verify = await browser.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(Totp(setup.SharedKey)));
        await verify.ShouldBeAsync(HttpStatusCode.OK);
        return (setup.SharedKey, (await verify.ReadAsync<RecoveryCodes>()).Codes.ToList());
    }

    [Fact]
    public async Task Enrolling_needs_a_correct_code_and_yields_ten_recovery_codes()
    {
        var (name, browser) = await SignedInAsync();
        var setup = await (await browser.PostAsync("/api/v1/account/mfa/authenticator", null, Ct)).ReadAsync<AuthenticatorSetup>();

        var wrong = await browser.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput("000000"));
        var right = await browser.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(Totp(setup.SharedKey)));
        var status = await (await browser.GetAsync("/api/v1/account/mfa", Ct)).ReadAsync<MfaStatus>();

        Assert.StartsWith($"otpauth://totp/Rapport%3A{name}?secret=", setup.Uri, StringComparison.Ordinal);
        Assert.Equal("Validation.MfaCode", (string?)(await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["code"]![0]);
        await right.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(10, (await right.ReadAsync<RecoveryCodes>()).Codes.Distinct().Count());
        Assert.True(status.AuthenticatorEnabled);
        Assert.Equal(10, status.RecoveryCodesLeft);
    }

    [Fact]
    public async Task An_administrator_resets_a_lost_second_factor_so_the_password_alone_signs_in_again()
    {
        var (name, browser) = await SignedInAsync();
        await EnrolAsync(browser);
        var admin = await app.AdminClientAsync();
        var id = (await (await admin.GetAsync($"/api/v1/users?q={name}", Ct)).ReadAsync<Page<UserDto>>()).Items.Single().Id;
        var adminId = (await (await admin.GetAsync("/api/v1/account/access", Ct)).ReadAsync<UserAccessDto>()).UserId;

        var own = await admin.PostAsync($"/api/v1/users/{adminId}/mfa/reset", null, Ct);
        var reset = await admin.PostAsync($"/api/v1/users/{id}/mfa/reset", null, Ct);
        var fresh = app.CreateClient();
        var signIn = await fresh.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));

        Assert.Equal("Validation.NotYourself", (string?)(await own.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["id"]![0]);
        await reset.ShouldBeAsync(HttpStatusCode.OK);
        Assert.False((await reset.ReadAsync<UserDto>()).TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var status = await (await fresh.GetAsync("/api/v1/account/mfa", Ct)).ReadAsync<MfaStatus>();
        Assert.Equal((false, 0), (status.AuthenticatorEnabled, status.RecoveryCodesLeft));
        var entries = await (await admin.GetAsync($"/api/v1/audit?action=mfa.reset&entityId={id}", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.Single(entries.Items);
    }

    [Fact]
    public async Task Sign_in_asks_for_the_second_factor_and_rejects_a_wrong_code()
    {
        var (name, browser) = await SignedInAsync();
        var (key, _) = await EnrolAsync(browser);
        var fresh = app.CreateClient();

        var first = await fresh.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));
        var before = await fresh.GetAsync("/api/v1/account/me", Ct);
        var wrong = await fresh.PostJsonAsync("/api/v1/account/login/2fa", new SecondFactorRequest("123456", null));
        var right = await fresh.PostJsonAsync("/api/v1/account/login/2fa", new SecondFactorRequest(Totp(key), null));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True((await first.ReadAsync<SecondFactorRequired>()).RequiresTwoFactor);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await right.ShouldBeAsync(HttpStatusCode.OK);
        await (await fresh.GetAsync("/api/v1/account/me", Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_recovery_code_works_once_and_regenerating_voids_the_old_ones()
    {
        var (name, browser) = await SignedInAsync();
        var (key, codes) = await EnrolAsync(browser);

        async Task<HttpStatusCode> SignInWithRecoveryAsync(string code)
        {
            var client = app.CreateClient();
            await client.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));
            return (await client.PostJsonAsync("/api/v1/account/login/2fa", new SecondFactorRequest(null, code))).StatusCode;
        }

        var once = await SignInWithRecoveryAsync(codes[0]);
        var twice = await SignInWithRecoveryAsync(codes[0]);
        var regenerated = await (await browser.PostJsonAsync("/api/v1/account/mfa/recovery-codes", new MfaCodeInput(Totp(key)))).ReadAsync<RecoveryCodes>();
        var old = await SignInWithRecoveryAsync(codes[1]);
        var fresh = await SignInWithRecoveryAsync(regenerated.Codes[0]);

        Assert.Equal(HttpStatusCode.OK, once);
        Assert.Equal(HttpStatusCode.Unauthorized, twice);
        Assert.Equal(HttpStatusCode.Unauthorized, old);
        Assert.Equal(HttpStatusCode.OK, fresh);
    }

    [Fact]
    public async Task Turning_mfa_off_needs_proof_and_brings_back_one_step_sign_in()
    {
        var (name, browser) = await SignedInAsync();
        await EnrolAsync(browser);

        var noProof = await browser.PostJsonAsync("/api/v1/account/mfa/disable", new MfaDisableInput(null, "wrong"));
        var off = await browser.PostJsonAsync("/api/v1/account/mfa/disable", new MfaDisableInput(null, RapportApp.AdminPassword));
        var login = await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));

        await noProof.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await off.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var log = await (await (await app.AdminClientAsync()).GetAsync("/api/v1/audit?action=mfa.disabled", Ct)).ReadAsync<Rapport.Core.Common.Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.Contains(log.Items, e => e.UserName == name);
    }

    [Fact]
    public async Task A_role_that_requires_mfa_blocks_everything_but_enrolment_until_it_is_on()
    {
        var admin = await app.AdminClientAsync();
        var role = await (await admin.PostJsonAsync("/api/v1/roles", new RoleInput("Vault " + Guid.NewGuid().ToString("N")[..6], null, true,
            [Permissions.CustomersRead], new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.All }))).ReadAsync<RoleDto>();
        var (_, browser) = await SignedInAsync(role.Name);

        var blocked = await browser.GetAsync(CustomersUrl, Ct);
        var status = await (await browser.GetAsync("/api/v1/account/mfa", Ct)).ReadAsync<MfaStatus>();
        var token = await browser.PostJsonAsync("/api/v1/account/tokens", new Rapport.Core.Identity.TokenInput("script", 1));
        await EnrolAsync(browser);
        var allowed = await browser.GetAsync(CustomersUrl, Ct);
        var disable = await browser.PostJsonAsync("/api/v1/account/mfa/disable", new MfaDisableInput(null, RapportApp.AdminPassword));

        Assert.Equal("https://rapport.dev/problems/mfaenrollmentrequired", (string?)(await blocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden))["type"]);
        Assert.True(status.RequiredByRole);
        await token.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await allowed.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("Validation.MfaRequiredByRole", (string?)(await disable.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["codes"]!["code"]![0]);
    }
}

public sealed class MfaOnSqlite(SqliteApp app) : MfaTests(app), IClassFixture<SqliteApp>;

public sealed class MfaOnPostgres(PostgresApp app) : MfaTests(app), IClassFixture<PostgresApp>;
