using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Rapport.Core.Audit;

namespace Rapport.Server.Tests.Identity;

/// <summary>Counts how often each password is checked against a hash, and otherwise hashes as Identity does.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private readonly ConcurrentDictionary<string, int> _verified = new(StringComparer.Ordinal);

    public int VerificationsOf(string password) => _verified.GetValueOrDefault(password);

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        _verified.AddOrUpdate(providedPassword, 1, (_, n) => n + 1);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>An app that checks security stamps as rarely as production does (so only the session table can end a
/// session at once) and counts password hashing.</summary>
public abstract class SignInProbeApp(Provider provider) : RapportApp(provider)
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Security:StampValidationSeconds", "3600");
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(Hasher));
    }
}

public sealed class SignInProbeSqliteApp() : SignInProbeApp(Provider.Sqlite);

public sealed class SignInProbePostgresApp() : SignInProbeApp(Provider.Postgres);

/// <summary>Sessions that end at once, lockout that stops only password sign-ins, no user enumeration by timing,
/// the password rules, safe return addresses and control characters in account fields.</summary>
public abstract class SignInHardeningTests(SignInProbeApp app)
{
    private const string Strong = "Quartz&Meadow-4817";

    private static string Name() => "hard" + Guid.NewGuid().ToString("N")[..8];

    private HttpClient Raw() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

    /// <summary>Signs in with JSON and returns the session cookie exactly as the browser received it.</summary>
    private async Task<string> SignInAsync(string name, string password = RapportApp.AdminPassword)
    {
        var login = await Raw().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, password));
        await login.ShouldBeAsync(HttpStatusCode.OK);
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-rapport=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpResponseMessage> WithCookieAsync(HttpMethod method, string url, string cookie, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookie);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: Json.Options);
        return await Raw().SendAsync(request, Ct);
    }

    private Task<HttpResponseMessage> MeAsync(string cookie) => WithCookieAsync(HttpMethod.Get, "/api/v1/account/me", cookie);

    private async Task<Guid> IdOfAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(name))!.Id;
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_kept_copy_of_the_cookie()
    {
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var cookie = await SignInAsync(name);
        await (await MeAsync(cookie)).ShouldBeAsync(HttpStatusCode.OK);

        await (await WithCookieAsync(HttpMethod.Post, "/api/v1/account/logout", cookie)).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(cookie)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_one_app_node_ends_the_session_on_another_at_once()
    {
        // A second node on the same database, without its own background jobs (the first node runs them).
        await using var other = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            foreach (var job in s.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                         && d.ImplementationType?.Assembly == typeof(Program).Assembly).ToList())
                s.Remove(job);
        }));
        var otherNode = other.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        Task<HttpResponseMessage> MeOnOtherNodeAsync(string cookie)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account/me");
            request.Headers.Add("Cookie", cookie);
            return otherNode.SendAsync(request, Ct);
        }
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var cookie = await SignInAsync(name);
        await (await MeOnOtherNodeAsync(cookie)).ShouldBeAsync(HttpStatusCode.OK);

        await (await WithCookieAsync(HttpMethod.Post, "/api/v1/account/logout", cookie)).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeOnOtherNodeAsync(cookie)).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_other_cookie_at_once()
    {
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var here = await SignInAsync(name);
        var elsewhere = await SignInAsync(name);
        await (await MeAsync(elsewhere)).ShouldBeAsync(HttpStatusCode.OK);

        await (await WithCookieAsync(HttpMethod.Post, "/api/v1/account/sessions/revoke-all", here)).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(elsewhere)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(here)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_other_cookies_at_once_and_keeps_this_browser_signed_in()
    {
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var here = await SignInAsync(name);
        var elsewhere = await SignInAsync(name);

        var change = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/password", here, new PasswordChangeInput(RapportApp.AdminPassword, Strong));

        await change.ShouldBeAsync(HttpStatusCode.NoContent);
        var renewed = change.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-rapport=", StringComparison.Ordinal)).Split(';')[0];
        await (await MeAsync(renewed)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(elsewhere)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(here)).StatusCode); // the cookie it replaced
    }

    [Fact]
    public async Task Suspension_ends_cookie_sessions_at_once()
    {
        var admin = await app.AdminClientAsync();
        var name = Name();
        await app.CreateUserWithTokenAsync(name, Roles.SalesRepresentative);
        var cookie = await SignInAsync(name);

        await (await admin.PostAsync($"/api/v1/users/{await IdOfAsync(name)}/suspend", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(cookie)).StatusCode);
    }

    [Fact]
    public async Task Lockout_stops_password_sign_ins_but_not_the_users_tokens_or_open_sessions()
    {
        var name = Name();
        var token = await app.CreateUserWithTokenAsync(name, Roles.SalesRepresentative);
        var cookie = await SignInAsync(name);
        var attacker = app.CreateClient();
        for (var i = 0; i < 5; i++) await attacker.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "guess-" + i));

        var rightPassword = await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));

        await rightPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.ClientWithToken(token).GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await MeAsync(cookie)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("unknown user")]
    [InlineData("suspended user")]
    [InlineData("locked-out user")]
    public async Task A_sign_in_that_cannot_succeed_still_costs_one_password_hash(string who)
    {
        var name = Name();
        if (who != "unknown user") await app.CreateUserWithTokenAsync(name, Roles.SalesRepresentative);
        if (who == "suspended user")
            await (await (await app.AdminClientAsync()).PostAsync($"/api/v1/users/{await IdOfAsync(name)}/suspend", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        if (who == "locked-out user")
            for (var i = 0; i < 5; i++) await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "guess-" + i));
        var probe = "Probe#" + Guid.NewGuid().ToString("N");

        var login = await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, probe));

        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, app.Hasher.VerificationsOf(probe)); // as many as a wrong password for a real user
    }

    [Fact]
    public async Task Wrong_current_passwords_count_towards_lockout()
    {
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var cookie = await SignInAsync(name);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/password", cookie, new PasswordChangeInput("guess-" + i, Strong));
            Assert.Equal(["Validation.WrongPassword"], (await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("currentPassword"));
        }

        var right = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/password", cookie, new PasswordChangeInput(RapportApp.AdminPassword, Strong));
        var signIn = await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword));

        Assert.Equal(["Validation.LockedOut"], (await right.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("currentPassword"));
        await signIn.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await MeAsync(cookie)).ShouldBeAsync(HttpStatusCode.OK); // the session itself goes on
    }

    [Theory]
    [InlineData("Abcdefgh1!", "Password.Pattern")]
    [InlineData("Rapport2024!", "Password.ContainsName")]
    [InlineData("R4pp0rt#Sales-77", "Password.ContainsName")]
    [InlineData("1qaz@WSX", "Password.Keyboard")]
    [InlineData("Zaq1!Quartz-77", "Password.Keyboard")]
    [InlineData("Pa$$Asdf-Mellow9", "Password.Keyboard")]
    [InlineData("Aa1!Aa1!", "Password.Pattern")]
    [InlineData("Xk#12345678", "Password.Pattern")]
    [InlineData("{name}A1!", "Password.ContainsName")]
    [InlineData("Hello-{mail}#7", "Password.ContainsName")]
    [InlineData("{5000}", "Password.TooLong")]
    public async Task Guessable_passwords_are_refused_with_the_reason(string password, string code)
    {
        var name = Name();
        var mail = "m" + Guid.NewGuid().ToString("N")[..7];
        await app.CreateUserWithTokenAsync(name);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(name))!;
            await users.SetEmailAsync(user, mail + "@example.com");
        }
        var cookie = await SignInAsync(name);
        password = password == "{5000}" ? "Qz9#" + new string('x', 4996) : password.Replace("{name}", name, StringComparison.Ordinal).Replace("{mail}", mail, StringComparison.Ordinal);

        var change = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/password", cookie, new PasswordChangeInput(RapportApp.AdminPassword, password));

        var problem = await change.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(code, problem.Codes("newPassword"));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["errors"]!["newPassword"]![0]));
    }

    [Fact]
    public async Task The_company_name_is_refused_in_passwords_and_the_reason_is_localized()
    {
        var admin = await app.AdminClientAsync();
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var cookie = await SignInAsync(name);
        try
        {
            await (await admin.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults with { CompanyName = "Zephyrine Trading" })).ShouldBeAsync(HttpStatusCode.OK);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/account/password")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new PasswordChangeInput(RapportApp.AdminPassword, "Zephyrine#Owl-6240"), options: Json.Options),
            };
            request.Headers.Add("Cookie", cookie);
            request.Headers.AcceptLanguage.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("zh-CN"));

            var change = await Raw().SendAsync(request, Ct);

            var problem = await change.ShouldRejectAsync("newPassword", "Password.ContainsName");
            Assert.Contains("公司名称", (string?)problem["errors"]!["newPassword"]![0], StringComparison.Ordinal);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults);
        }
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\t/evil.example")]
    [InlineData("")]
    public async Task A_return_address_off_this_site_sends_the_browser_home_never_an_error(string returnUrl)
    {
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var page = await (await browser.GetAsync("/account/login", Ct)).Content.ReadAsStringAsync(Ct);
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["userName"] = name, ["password"] = RapportApp.AdminPassword, ["returnUrl"] = returnUrl,
        }), Ct);
        var culture = await browser.GetAsync("/account/culture?culture=en&returnUrl=" + Uri.EscapeDataString(returnUrl), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, culture.StatusCode);
        Assert.Equal("/", culture.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_local_return_address_is_kept()
    {
        var name = Name();
        await app.CreateUserWithTokenAsync(name);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

        var culture = await browser.GetAsync("/account/culture?culture=en&returnUrl=" + Uri.EscapeDataString("/customers?q=a"), Ct);

        Assert.Equal("/customers?q=a", culture.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Nul_characters_in_account_fields_get_a_clear_answer_never_a_server_error()
    {
        var name = Name();
        var token = await app.CreateUserWithTokenAsync(name);
        var script = app.ClientWithToken(token);
        var cookie = await SignInAsync(name);

        var signIn = await app.CreateClient().PostJsonAsync("/api/v1/account/login", new SignInRequest(name + "\0", RapportApp.AdminPassword));
        var tokenName = await script.PostJsonAsync("/api/v1/account/tokens", new TokenInput("ci\0bot", 1));
        var current = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/password", cookie, new PasswordChangeInput("\0" + RapportApp.AdminPassword, Strong));
        var next = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/password", cookie, new PasswordChangeInput(RapportApp.AdminPassword, Strong + "\0"));
        var mfa = await WithCookieAsync(HttpMethod.Post, "/api/v1/account/mfa/disable", cookie, new MfaDisableInput("\0", "\0"));
        var secondStep = await app.CreateClient().PostJsonAsync("/api/v1/account/login/2fa", new SecondFactorRequest("\0", "\0"));

        // The input guard answers first, naming the field, before any account code runs (see ADR-011).
        foreach (var (response, field) in new[] { (signIn, "userName"), (tokenName, "name"), (current, "currentPassword"), (next, "newPassword"),
                     (mfa, "code"), (secondStep, "code") })
            Assert.Contains("Validation.ControlCharacters", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes(field));
    }

    [Fact]
    public async Task Nul_in_any_other_text_field_is_bad_input_not_a_server_error()
    {
        var admin = await app.AdminClientAsync();

        var created = await admin.PostJsonAsync(CustomersUrl, CustomerSamples.Valid(name: "Acme\0 Trading"));

        // SQLite stores it; PostgreSQL cannot, and that is the caller's bad input.
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)created.StatusCode}");
        if (created.StatusCode == HttpStatusCode.BadRequest) await created.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class SignInHardeningOnSqlite(SignInProbeSqliteApp app) : SignInHardeningTests(app), IClassFixture<SignInProbeSqliteApp>;

public sealed class SignInHardeningOnPostgres(SignInProbePostgresApp app) : SignInHardeningTests(app), IClassFixture<SignInProbePostgresApp>;

/// <summary>Low sign-in and password-check limits. Each test class gets its own instance, so its permits start at zero.</summary>
public abstract class ThrottledApp(Provider provider) : RapportApp(provider)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimiting:SignIn:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Password:PermitLimit", "3");
    }
}

public sealed class ThrottledSqliteApp() : ThrottledApp(Provider.Sqlite);

public sealed class ThrottledPostgresApp() : ThrottledApp(Provider.Postgres);

/// <summary>Throttled sign-ins leave a trace in the audit trail, one entry per address and minute.</summary>
public abstract class ThrottledSignInAuditTests(ThrottledApp app)
{
    [Fact]
    public async Task Throttled_sign_in_attempts_are_audited_once_per_address_and_minute()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await client.PostJsonAsync("/api/v1/account/login", new SignInRequest("nobody", "guess-" + i))).StatusCode);

        var entries = (await (await (await app.AdminClientAsync()).GetAsync("/api/v1/audit?limit=50&action=auth.signin.throttled", Ct))
            .ReadAsync<Page<AuditEntryDto>>()).Items;

        var throttled = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        Assert.True(throttled >= 2, string.Join(",", statuses));
        Assert.NotEmpty(entries);
        Assert.True(entries.Count < throttled, $"{entries.Count} entries for {throttled} throttled attempts");
        Assert.All(entries, e => Assert.Contains("/api/v1/account/login", e.Changes!.Value.GetRawText(), StringComparison.Ordinal));
    }
}

public sealed class ThrottledSignInAuditOnSqlite(ThrottledSqliteApp app) : ThrottledSignInAuditTests(app), IClassFixture<ThrottledSqliteApp>;

public sealed class ThrottledSignInAuditOnPostgres(ThrottledPostgresApp app) : ThrottledSignInAuditTests(app), IClassFixture<ThrottledPostgresApp>;

/// <summary>Password changes are rate-limited per user, whatever the address.</summary>
public abstract class PasswordChangeLimitTests(ThrottledApp app)
{
    [Fact]
    public async Task Password_change_attempts_are_rate_limited()
    {
        var name = "lim" + Guid.NewGuid().ToString("N")[..8];
        var script = app.ClientWithToken(await app.CreateUserWithTokenAsync(name));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await script.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput("guess-" + i, "Quartz&Meadow-4817"))).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.Take(statuses.IndexOf(HttpStatusCode.TooManyRequests)), s => Assert.Equal(HttpStatusCode.BadRequest, s));
    }
}

public sealed class PasswordChangeLimitOnSqlite(ThrottledSqliteApp app) : PasswordChangeLimitTests(app), IClassFixture<ThrottledSqliteApp>;

public sealed class PasswordChangeLimitOnPostgres(ThrottledPostgresApp app) : PasswordChangeLimitTests(app), IClassFixture<ThrottledPostgresApp>;
