using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rapport.Server.Tests.Infrastructure;

public enum Provider { Sqlite, Postgres }

/// <summary>
/// The real app on a real database of its own, migrated by the app's own migrations (never EnsureCreated).
/// SQLite: a fresh file in a temp folder. PostgreSQL: a fresh database on the server named by RAPPORT_TEST_PG
/// (scripts/test.sh starts one). Each starts as a copy of <see cref="MigratedTemplate"/>; the app's start-up then
/// finds no migration pending and does the rest of its start-up work (search index, roles, administrator…) itself.
/// One instance is shared by the tests of one class.
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

    /// <summary>Whether the database starts as a copy of <see cref="MigratedTemplate"/>'s. A fixture that builds an
    /// older schema itself (the upgrade tests) says no.</summary>
    protected virtual bool StartsMigrated => true;

    private bool _copied;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Once per fixture: a restarted app (WithWebHostBuilder) comes through here again and keeps the database.
        if (StartsMigrated && !_copied)
        {
            if (_pgDatabase is not null) MigratedTemplate.CreatePostgres(_pgDatabase);
            else MigratedTemplate.CopySqlite(_dataDir);
            _copied = true;
        }
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

/// <summary>
/// The app's migrations applied once per test process, to one SQLite file and one PostgreSQL database, which each
/// fixture's database is then copied from (a file copy; <c>CREATE DATABASE … TEMPLATE</c>). Applying the ~60 migrations
/// took a few seconds per fixture, and there are some two hundred fixtures. Only what the migrations write is in the
/// copy: everything the app's start-up does after them (which reads the fixture's settings and clock) still runs in
/// each fixture.
/// </summary>
public static class MigratedTemplate
{
    private static readonly Lazy<Task<string>> SqliteFile = new(CreateSqliteAsync);
    private static readonly Lazy<Task<string>> PostgresDatabase = new(CreatePostgresAsync);

    /// <summary>Puts a migrated database file in <paramref name="dataDirectory"/>, where the app looks for it.</summary>
    public static void CopySqlite(string dataDirectory)
    {
        var template = SqliteFile.Value.GetAwaiter().GetResult();
        Directory.CreateDirectory(dataDirectory);
        File.Copy(template, SqliteFileIn(dataDirectory));
    }

    /// <summary>Creates <paramref name="database"/> as a copy of the migrated one.</summary>
    public static void CreatePostgres(string database)
    {
        var template = PostgresDatabase.Value.GetAwaiter().GetResult();
        Exec($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"").GetAwaiter().GetResult();
    }

    private static string SqliteFileIn(string dataDirectory) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(DatabaseSetup.SqliteConnectionString(
            new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDirectory })).DataSource;

    private static async Task<string> CreateSqliteAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rapport-tests", "template-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        };
        await MigrateAsync(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = directory }, async db =>
        {
            // Everything into the file itself, so a copy of the file alone is the whole database.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection());
        });
        return SqliteFileIn(directory);
    }

    private static async Task<string> CreatePostgresAsync()
    {
        var name = "rapport_template_" + Guid.NewGuid().ToString("N")[..12];
        await Exec($"CREATE DATABASE \"{name}\"");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Exec($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult(); } catch (NpgsqlException) { }
        };
        var connection = new NpgsqlConnectionStringBuilder(RapportApp.PostgresServer) { Database = name }.ToString();
        // A template may have no open connection while it is copied.
        await MigrateAsync(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connection },
            db =>
            {
                NpgsqlConnection.ClearPool((NpgsqlConnection)db.Database.GetDbConnection());
                return Task.CompletedTask;
            });
        return name;
    }

    private static async Task MigrateAsync(DatabaseOptions database, Func<Rapport.Core.Data.RapportDbContext, Task> after)
    {
        var options = new DbContextOptionsBuilder<Rapport.Core.Data.RapportDbContext>();
        DatabaseSetup.Configure(options, database);
        await using var db = new Rapport.Core.Data.RapportDbContext(options.Options);
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.MigrateAsync();
        await db.Database.CloseConnectionAsync();
        await after(db);
    }

    private static async Task Exec(string sql)
    {
        await using var conn = new NpgsqlConnection(RapportApp.PostgresServer);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
