using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Rapport.Core.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Database settings (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>For PostgreSQL, required. For SQLite, defaults to <c>{DataDirectory}/rapport.db</c>.</summary>
    public string? ConnectionString { get; set; }
    public string DataDirectory { get; set; } = "data";
    /// <summary>On: start-up applies pending migrations the way <c>rapport upgrade</c> does (backup first, restored on
    /// failure). Off: a database that needs migrations stops the start until <c>rapport upgrade</c> has run.</summary>
    public bool AutoMigrate { get; set; } = true;
}

/// <summary>The one place where the provider is chosen and provider-specific connection tweaks live.</summary>
public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "Rapport.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "Rapport.Data.Postgres";

    public static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        configuration.GetSection("Database").Bind(options);
        return options;
    }

    /// <summary>Options are read from the final configuration when first needed, so hosts and tests can override them.</summary>
    public static IServiceCollection AddRapportDatabase(this IServiceCollection services)
    {
        services.AddSingleton(sp => ReadOptions(sp.GetRequiredService<IConfiguration>()));
        services.AddDbContextFactory<RapportDbContext>((sp, o) => Configure(o, sp.GetRequiredService<DatabaseOptions>(), sp.GetService<TimeProvider>()),
            ServiceLifetime.Singleton);
        // Request-scoped contexts apply the caller's record scope; factory-made ones (background jobs) reach everything.
        services.AddScoped(sp => new RapportDbContext(
            sp.GetRequiredService<DbContextOptions<RapportDbContext>>(), sp.GetRequiredService<Common.ICurrentUser>()));
        return services;
    }

    /// <summary>Stamps, password history and the audit log take their time from <paramref name="clock"/> (the system clock if none).
    /// <paramref name="stampClock"/>, when given, stamps the records instead (the demo seeder replays a past year) while the
    /// audit log keeps the real time, so its chain stays in order.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, TimeProvider? clock = null, TimeProvider? stampClock = null)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.");
            builder.UseNpgsql(PostgresConnectionString(options.ConnectionString), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        }
        else
        {
            builder.UseSqlite(SqliteConnectionString(options), o => o.MigrationsAssembly(SqliteMigrationsAssembly));
            builder.AddInterceptors(SqlitePragmas.Instance, SqliteWriteGate.Instance);
        }
        clock ??= TimeProvider.System;
        // Order matters: the audit log reads the stamped rows and ignores the stamps themselves.
        builder.AddInterceptors(new StampInterceptor(stampClock ?? clock), new Identity.PasswordHistoryRecorder(clock), new Quality.MatchKeyInterceptor(), new Audit.AuditInterceptor(clock));
        // Capped counts (Keyset.CappedCountAsync) take N rows without an order on purpose: any N will do.
        builder.ConfigureWarnings(w => w.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning));
    }

    /// <summary>
    /// The operator's PostgreSQL connection string with Rapport's defaults for what it leaves unset (ADR-054): a pooled
    /// connection is handed back without <c>DISCARD ALL</c> (<c>No Reset On Close</c>: the app keeps no session state
    /// between uses — its advisory locks are released and its temporary table dropped by the code that made them); the
    /// statements a connection runs twice are prepared on the server (<c>Max Auto Prepare</c>, <c>Auto Prepare Min
    /// Usages</c>), so a request no longer parses each of its queries again; and those statements are planned for each
    /// call's values (<c>plan_cache_mode=force_custom_plan</c>), since a generic plan of a <c>LIKE $1</c> cannot use a
    /// prefix index (with PostgreSQL's own choice a prepared name search fell to a scan: p95 2.4 s at 64 clients). A
    /// server on this machine is spoken to without TLS (<c>SSL Mode=Disable</c>, ADR-056): nothing leaves the machine,
    /// and encrypting every message cost a write 10–20% of its time. At most <see cref="PostgresPoolSize"/> connections are
    /// open at once (<c>Maximum Pool Size</c>; Npgsql's own default is 100, which lets a burst of requests run a hundred
    /// queries at once on a server with two cores, where each takes fifty times as long and the server refuses the
    /// scheduler's sessions — the 1M soak collapsed for minutes at a time that way); a request that finds every connection
    /// busy waits for one (<c>Timeout</c>, 15 s), then answers 503. <c>Application Name</c> names the app's sessions in
    /// <c>pg_stat_activity</c>.
    /// </summary>
    public static string PostgresConnectionString(string configured) => PostgresConnectionString(configured, "rapport", PostgresPoolSize);

    /// <summary>How many connections one app node opens at most unless the connection string says: four per core, at least
    /// ten. PostgreSQL runs one process per session, and more sessions than a few per core only queue inside the server.</summary>
    public static int PostgresPoolSize => Math.Max(10, 4 * Environment.ProcessorCount);

    /// <summary>The job scheduler's connections (Quartz's store): a pool of their own, so a burst of requests cannot
    /// starve the cluster check-in and a node is not taken for dead, and small — two job threads, the misfire handler and
    /// the cluster manager.</summary>
    public static string PostgresSchedulerConnectionString(string configured) => PostgresConnectionString(configured, "rapport-scheduler", 8);

    private static string PostgresConnectionString(string configured, string applicationName, int poolSize)
    {
        var set = new DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!set.Contains("NORESETONCLOSE")) builder.NoResetOnClose = true;
        if (!set.Contains("MAXAUTOPREPARE")) builder.MaxAutoPrepare = 64;
        if (!set.Contains("AUTOPREPAREMINUSAGES")) builder.AutoPrepareMinUsages = 2;
        if (!set.Contains("SSLMODE") && IsLoopback(builder.Host)) builder.SslMode = Npgsql.SslMode.Disable;
        if (!set.Contains("MAXIMUMPOOLSIZE") && !set.Contains("MAXPOOLSIZE")) builder.MaxPoolSize = Math.Max(poolSize, builder.MinPoolSize);
        if (!set.Contains("APPLICATIONNAME")) builder.ApplicationName = applicationName;
        if (builder.Options?.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase) != true)
            builder.Options = (builder.Options + " -c plan_cache_mode=force_custom_plan").Trim();
        return builder.ToString();
    }

    /// <summary>A server on this machine: a loopback address, <c>localhost</c>, or a Unix socket directory.</summary>
    private static bool IsLoopback(string? host) =>
        !string.IsNullOrWhiteSpace(host) && host.Split(',').Select(h => h.Trim()).All(h => h.StartsWith('/')
            || h.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(h.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    /// <summary>How long an SQLite writer waits for another's lock before "database is locked": in SQLite's busy handler
    /// (<see cref="SqliteBusyTimeout"/>) and in the app's line of write transactions (<see cref="SqliteWriteGate"/>).</summary>
    public static readonly TimeSpan SqliteLockWait = TimeSpan.FromSeconds(30);

    /// <summary>The pragma that gives a connection SQLite's busy handler for <see cref="SqliteLockWait"/>.</summary>
    public static readonly string SqliteBusyTimeout = FormattableString.Invariant($"PRAGMA busy_timeout={(long)SqliteLockWait.TotalMilliseconds};");

    public static string SqliteConnectionString(DatabaseOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return options.ConnectionString;
        Directory.CreateDirectory(options.DataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.DataDirectory, "rapport.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>How long one migration statement may run: filling a new table from a million rows takes minutes.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromHours(2);

    /// <summary>What every SQLite connection that writes needs: the pinyin collation of the name indexes and the
    /// function of the digit keys' triggers (tools opening the file directly call this too).</summary>
    public static void RegisterFunctions(SqliteConnection connection)
    {
        NameCollation.Register(connection);
        SearchKeys.Register(connection);
    }

    /// <summary>The pinyin name collation (<see cref="NameCollation"/>), WAL for concurrent readers, synchronous=FULL so a committed change survives power loss, FKs on.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();
        private static readonly string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; " + SqliteBusyTimeout;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            RegisterFunctions((SqliteConnection)connection);
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Sql;
            cmd.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            RegisterFunctions((SqliteConnection)connection);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Sql;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
