using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rapport.Server.Tests.Infrastructure;

public enum Provider { Sqlite, Postgres }

/// <summary>
/// The real app on a real database of its own, migrated by the app's own startup (never EnsureCreated).
/// SQLite: a fresh file in a temp folder. PostgreSQL: a fresh database on the server named by RAPPORT_TEST_PG
/// (scripts/test.sh starts one). One instance is shared by the tests of one class.
/// </summary>
public abstract class RapportApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "Quill#Harbor-2026";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "rapport-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _pgDatabase;
    private string? _adminToken;

    protected RapportApp(Provider provider)
    {
        Provider = provider;
        // The session cookie is __Host- and Secure, so browsers (and this client) send it over HTTPS only.
        ClientOptions.BaseAddress = new Uri("https://localhost");
        if (provider == Provider.Postgres) _pgDatabase = "rapport_test_" + Guid.NewGuid().ToString("N")[..12];
    }

    public Provider Provider { get; }

    /// <summary>The app's data directory (SQLite file, key ring, audit head file).</summary>
    public string DataDirectory => _dataDir;

    /// <summary>The connection string of this app's own PostgreSQL database (null on SQLite).</summary>
    public string? PostgresConnectionString => _pgDatabase is null ? null : new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _pgDatabase }.ToString();

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("RAPPORT_TEST_PG")
        ?? throw new InvalidOperationException(
            "RAPPORT_TEST_PG is not set. Run the tests with scripts/test.sh, which installs and starts PostgreSQL.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Warnings and errors only, so a failing test's message is not buried under startup chatter in CI logs.
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Error)
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.Critical));
        builder.UseSetting("RAPPORT_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("Database:DataDirectory", _dataDir);
        builder.UseSetting("RateLimiting:SignIn:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:PublicForm:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:Password:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:Help:PermitLimit", "100000");
        builder.UseSetting("Knowledge:ContactUrl", "/contact-us");
        builder.UseSetting("Security:StampValidationSeconds", "0");
        if (Provider == Provider.Postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", PostgresConnectionString);
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", "");
        }
        ConfigureMore(builder);
    }

    /// <summary>Fixtures that need other settings (a low rate limit, a fake clock) add them here.</summary>
    protected virtual void ConfigureMore(IWebHostBuilder builder) { }

    public virtual ValueTask InitializeAsync()
    {
        _ = Server; // starts the host: migrations and the administrator are created now
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="work"/> on a database context of a scope of its own, outside any request: to
    /// arrange or inspect rows directly.</summary>
    public async Task<T> WithDbAsync<T>(Func<Rapport.Core.Data.RapportDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Rapport.Core.Data.RapportDbContext>());
    }

    public Task WithDbAsync(Func<Rapport.Core.Data.RapportDbContext, Task> work) => WithDbAsync(async db => { await work(db); return true; });

    /// <summary>A client authenticated as the administrator with a real personal access token.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        _adminToken ??= await CreateTokenAsync("admin");
        return ClientWithToken(_adminToken);
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a user (optionally in roles) and returns a bearer token for them.</summary>
    public async Task<string> CreateUserWithTokenAsync(string userName, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, AdminPassword);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(";", result.Errors.Select(e => e.Description)));
        if (roles.Length > 0) await users.AddToRolesAsync(user, roles);
        return await CreateTokenAsync(userName);
    }

    public async Task<string> CreateTokenAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"no user {userName}");
        var created = await scope.ServiceProvider.GetRequiredService<TokenService>()
            // Thirty days: a fixture's clock is shared by its tests, and some move it to next week's schedule; a
            // one-day token then expired mid-test (401), depending on the weekday and on the order the tests ran in.
            .CreateAsync(user.Id, new TokenInput("tests", 30), CancellationToken.None);
        return created.Secret;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(PostgresServer);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgDatabase}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApp() : RapportApp(Provider.Sqlite);

public sealed class PostgresApp() : RapportApp(Provider.Postgres);
