using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Core.Operations;

/// <summary>The provider-specific half of backups: a consistent copy of the live database (SQLite's online backup API,
/// or <c>pg_dump -Fc</c>, both one snapshot however busy the app is), loading such a copy into a database, and scratch
/// databases to verify in.</summary>
public static class BackupDatabase
{
    /// <summary>Copies the live database into <paramref name="file"/> and returns its schema version (the last migration applied).</summary>
    public static async Task<string> SnapshotAsync(DatabaseOptions live, string file, CancellationToken ct)
    {
        if (live.Provider == DatabaseProvider.Sqlite)
        {
            await using (var source = new SqliteConnection(DatabaseSetup.SqliteConnectionString(live)))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                // Without a busy handler the backup's read transaction fails at once ("database is locked") when it
                // meets a transient WAL lock, e.g. a checkpoint of the app's writes; wait as the app's own connections do.
                foreach (var conn in new[] { source, copy })
                {
                    await using var busy = conn.CreateCommand();
                    busy.CommandText = DatabaseSetup.SqliteBusyTimeout;
                    await busy.ExecuteNonQueryAsync(ct);
                }
                // One step (all pages) under one read transaction: a snapshot, even while other connections write (WAL).
                source.BackupDatabase(copy);
                await using var cmd = copy.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=DELETE;"; // a single self-contained file
                await cmd.ExecuteNonQueryAsync(ct);
            }
            return await SchemaVersionAsync(SqliteFile(file), ct) ?? throw new BackupException("The database has no migrations applied: nothing to back up.");
        }
        // pg_dump reads everything in one repeatable-read transaction: a snapshot of one moment.
        var schema = await SchemaVersionAsync(live, ct) ?? throw new BackupException("The database has no migrations applied: nothing to back up.");
        await PgToolAsync("pg_dump", live.ConnectionString!, ["-Fc", "--no-owner", "--no-acl", "-f", file], ct);
        return schema;
    }

    /// <summary>Options for an SQLite database in <paramref name="file"/>.</summary>
    public static DatabaseOptions SqliteFile(string file) => new()
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(),
        DataDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!,
    };

    /// <summary>The last migration applied, or null when there is none (an empty database).</summary>
    public static async Task<string?> SchemaVersionAsync(DatabaseOptions options, CancellationToken ct) =>
        await TablesAsync(options, "__EFMigrationsHistory", ct) == 0 ? null
            : await ScalarAsync(options, "SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\"", ct) as string;

    /// <summary>Whether the database holds any table at all.</summary>
    public static async Task<bool> IsEmptyAsync(DatabaseOptions options, CancellationToken ct) =>
        (options.Provider == DatabaseProvider.Sqlite && !File.Exists(SqlitePath(options))) || await TablesAsync(options, null, ct) == 0;

    /// <summary>How many tables the database has (named <paramref name="name"/>, or any).</summary>
    private static async Task<long> TablesAsync(DatabaseOptions options, string? name, CancellationToken ct) => Convert.ToInt64(await ScalarAsync(options,
        (options.Provider == DatabaseProvider.Sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        + (name is null ? "" : $" AND {(options.Provider == DatabaseProvider.Sqlite ? "name" : "table_name")} = '{name}'"), ct), CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarAsync(DatabaseOptions options, string sql, CancellationToken ct)
    {
        await using var conn = Open(options);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>Replaces the database of <paramref name="target"/> with the copy in <paramref name="file"/>.</summary>
    public static async Task LoadAsync(DatabaseOptions target, string file, CancellationToken ct)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            var path = SqlitePath(target);
            SqliteConnection.ClearAllPools();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + ".restoring";
            File.Copy(file, temp, overwrite: true);
            foreach (var side in new[] { path + "-wal", path + "-shm", path + "-journal" }) File.Delete(side);
            File.Move(temp, path, overwrite: true);
            // Back to WAL, as the app runs it: the app's connections (a read-only one among them) expect it already set.
            await using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await conn.OpenAsync(ct);
            await using var wal = conn.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using (var conn = new NpgsqlConnection(target.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;";
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await PgToolAsync("pg_restore", target.ConnectionString!, ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", file], ct);
    }

    /// <summary>An empty database to verify a backup in (a file in <paramref name="directory"/>, or a new PostgreSQL
    /// database beside the live one), and how to drop it.</summary>
    public static async Task<(DatabaseOptions Options, Func<Task> Drop)> ScratchAsync(DatabaseOptions live, string directory, CancellationToken ct)
    {
        if (live.Provider == DatabaseProvider.Sqlite)
        {
            var options = SqliteFile(Path.Combine(directory, "scratch.db"));
            return (options, () => Task.CompletedTask);
        }
        var name = "rapport_verify_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        await ExecuteAsync(live.ConnectionString!, $"CREATE DATABASE \"{name}\"", ct);
        var scratch = new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres, DataDirectory = directory,
            ConnectionString = new NpgsqlConnectionStringBuilder(live.ConnectionString) { Database = name, Pooling = false }.ToString(),
        };
        return (scratch, () => ExecuteAsync(live.ConnectionString!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None));
    }

    /// <summary>SQLite's own check of every page and index (with the app's collation, which an index uses); "ok" when sound.</summary>
    public static async Task<string> IntegrityCheckAsync(DatabaseOptions options, CancellationToken ct)
    {
        await using var conn = new SqliteConnection(DatabaseSetup.SqliteConnectionString(options));
        await conn.OpenAsync(ct);
        NameCollation.Register(conn);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    /// <summary>A context on another database than the app's (a scratch copy), reaching every row.</summary>
    public static RapportDbContext Context(DatabaseOptions options, TimeProvider clock)
    {
        var builder = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(builder, options, clock);
        return new RapportDbContext(builder.Options);
    }

    public static string SqlitePath(DatabaseOptions options) =>
        new SqliteConnectionStringBuilder(DatabaseSetup.SqliteConnectionString(options)).DataSource;

    private static DbConnection Open(DatabaseOptions options) => options.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(DatabaseSetup.SqliteConnectionString(options))
        : new NpgsqlConnection(options.ConnectionString);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs pg_dump or pg_restore against the database of <paramref name="connectionString"/>; the password
    /// goes through the environment, never the command line.</summary>
    private static async Task PgToolAsync(string tool, string connectionString, IReadOnlyList<string> args, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", cs.Host ?? "localhost", "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username ?? "", "-d", cs.Database ?? "" }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["PGPASSWORD"] = cs.Password ?? "";
        start.Environment["PGSSLMODE"] = cs.SslMode.ToString().ToLowerInvariant() switch { "verifyca" => "verify-ca", "verifyfull" => "verify-full", var m => m };
        using var process = Process.Start(start) ?? throw new BackupException($"{tool} could not be started (install postgresql-client).");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new BackupException($"{tool} failed (exit code {process.ExitCode}): {(await error).Trim()}");
    }
}
