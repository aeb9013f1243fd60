namespace Rapport.Server.Tests.Identity;

/// <summary>Who may call the API: bearer tokens (created, used, revoked), cookie sign-in, anonymous endpoints.</summary>
public abstract class AuthTests(RapportApp app)
{
    [Theory]
    [InlineData("/api/v1/customers")]
    [InlineData("/api/v1/search?q=acme")]
    [InlineData("/api/v1/account/me")]
    [InlineData("/api/v1/account/tokens")]
    [InlineData("/api/v1/recycle-bin/customers")]
    public async Task Api_without_credentials_answers_401(string url)
    {
        var client = app.CreateClient();

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("rpt_not-a-real-token")]
    [InlineData("garbage")]
    public async Task Unknown_bearer_token_answers_401(string token)
    {
        var client = app.ClientWithToken(token);

        var response = await client.GetAsync(CustomersUrl, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Created_token_works_until_it_is_revoked()
    {
        var admin = await app.AdminClientAsync();
        var created = await admin.PostCreatedAsync<CreatedToken>("/api/v1/account/tokens", new TokenInput("script", 7));
        Assert.StartsWith("rpt_", created.Secret, StringComparison.Ordinal);
        var scripted = app.ClientWithToken(created.Secret);
        await (await scripted.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var listed = await (await admin.GetAsync("/api/v1/account/tokens", Ct)).ReadAsync<List<TokenDto>>();
        var listedToken = Assert.Single(listed, t => t.Id == created.Token.Id);
        Assert.Equal(created.Secret[..10], listedToken.Prefix);
        Assert.Null(listedToken.RevokedAt);

        var revoke = await admin.DeleteAsync($"/api/v1/account/tokens/{created.Token.Id}", Ct);

        await revoke.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scripted.GetAsync(CustomersUrl, Ct)).StatusCode);
        var after = await (await admin.GetAsync("/api/v1/account/tokens", Ct)).ReadAsync<List<TokenDto>>();
        Assert.NotNull(Assert.Single(after, t => t.Id == created.Token.Id).RevokedAt);
        await (await admin.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK); // other tokens keep working
    }

    [Fact]
    public async Task Token_secret_is_not_listed()
    {
        var admin = await app.AdminClientAsync();
        var created = await (await admin.PostJsonAsync("/api/v1/account/tokens", new TokenInput("secretive", 1))).ReadAsync<CreatedToken>();

        var body = await (await admin.GetAsync("/api/v1/account/tokens", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain(created.Secret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_cannot_revoke_each_others_tokens()
    {
        var admin = await app.AdminClientAsync();
        var created = await (await admin.PostJsonAsync("/api/v1/account/tokens", new TokenInput("admin's", 1))).ReadAsync<CreatedToken>();
        var dave = app.ClientWithToken(await app.CreateUserWithTokenAsync("dave-" + Guid.NewGuid().ToString("N")[..6]));

        var response = await dave.DeleteAsync($"/api/v1/account/tokens/{created.Token.Id}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await app.ClientWithToken(created.Secret).GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(367)]
    public async Task Token_lifetime_outside_1_to_366_days_answers_400(int days)
    {
        var admin = await app.AdminClientAsync();

        var response = await admin.PostJsonAsync("/api/v1/account/tokens", new TokenInput("x", days));

        await response.ShouldRejectAsync("expiresInDays", "Validation.Range");
    }

    [Fact]
    public async Task Json_sign_in_sets_a_cookie_that_authenticates_the_api()
    {
        var browser = app.CreateClient();

        var login = await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest("admin", RapportApp.AdminPassword));

        await login.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-rapport=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("secure", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase) && c.Contains("path=/", StringComparison.OrdinalIgnoreCase));
        var me = await browser.GetAsync("/api/v1/account/me", Ct);
        await me.ShouldBeAsync(HttpStatusCode.OK);
        var user = await me.ReadAsync<MeDto>();
        Assert.Equal("admin", user.UserName);
        Assert.Contains("Administrator", user.Roles);
        await (await browser.GetAsync(CustomersUrl, Ct)).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_out_ends_the_cookie_session()
    {
        var browser = app.CreateClient();
        await (await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest("admin", RapportApp.AdminPassword))).ShouldBeAsync(HttpStatusCode.OK);

        var logout = await browser.PostAsync("/api/v1/account/logout", null, Ct);

        await logout.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/account/me", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("unknown user")]
    [InlineData("empty password")]
    public async Task Failed_sign_in_answers_401_problem_without_a_cookie(string failure)
    {
        var name = "erin-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateUserWithTokenAsync(name);
        var browser = app.CreateClient();
        var request = failure switch
        {
            "wrong password" => new SignInRequest(name, RapportApp.AdminPassword + "x"),
            "unknown user" => new SignInRequest("nobody-" + name, RapportApp.AdminPassword),
            _ => new SignInRequest(name, ""),
        };

        var login = await browser.PostJsonAsync("/api/v1/account/login", request);

        var problem = await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.False(login.Headers.Contains("Set-Cookie") && login.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("__Host-rapport=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/account/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Me_with_a_token_names_a_plain_user_without_roles()
    {
        var name = "frank-" + Guid.NewGuid().ToString("N")[..6];
        var client = app.ClientWithToken(await app.CreateUserWithTokenAsync(name));

        var me = await client.GetAsync("/api/v1/account/me", Ct);

        await me.ShouldBeAsync(HttpStatusCode.OK);
        var user = await me.ReadAsync<MeDto>();
        Assert.Equal(name, user.UserName);
        Assert.Empty(user.Roles);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/account/login")]
    public async Task Health_openapi_and_login_page_are_anonymous(string url)
    {
        var client = app.CreateClient();

        var response = await client.GetAsync(url, Ct);

        await response.ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Openapi_document_describes_the_customer_api()
    {
        var client = app.CreateClient();

        var doc = await (await client.GetAsync("/openapi/v1.json", Ct)).ReadNodeAsync();

        Assert.Equal("Rapport API", (string?)doc["info"]?["title"]);
        Assert.NotNull(doc["paths"]?["/api/v1/customers"]);
        Assert.NotNull(doc["paths"]?["/api/v1/search"]);
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive()
    {
        var admin = await app.AdminClientAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", admin.DefaultRequestHeaders.Authorization!.Parameter);

        var response = await client.GetAsync(CustomersUrl, Ct);

        await response.ShouldBeAsync(HttpStatusCode.OK);
    }
}

public sealed class AuthOnSqlite(SqliteApp app) : AuthTests(app), IClassFixture<SqliteApp>;

public sealed class AuthOnPostgres(PostgresApp app) : AuthTests(app), IClassFixture<PostgresApp>;
