using System.Data.Common;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Rapport.Core.Operations;

namespace Rapport.Server.Tests.Operations;

/// <summary>A backup taken while the app writes restores to exactly the data of its moment; a damaged archive, a newer
/// schema and a wrong passphrase are refused without touching the installation.</summary>
public abstract class BackupRestoreTests(RapportApp app) : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";
    /// <summary>Columns that tie a row to a customer: the customer itself, its children, its audit entries.</summary>
    private static readonly string[] OwnerColumns = ["Id", "CustomerId", "EntityId"];
    private readonly string _work = Directory.CreateTempSubdirectory("rapport-backup-tests-").FullName;
    private readonly List<Func<Task>> _cleanup = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var drop in _cleanup) await drop();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private DatabaseOptions Source => app.Services.GetRequiredService<DatabaseOptions>();

    private BackupOptions OptionsFor(DatabaseOptions database, string? passphrase = Passphrase)
    {
        var options = new BackupOptions { Passphrase = passphrase, Directory = Path.Combine(_work, "backups") };
        if (database == Source)
            foreach (var (name, dir) in app.Services.GetRequiredService<IOptions<BackupOptions>>().Value.AttachmentDirectories)
                options.AttachmentDirectories[name] = dir;
        else
        {
            options.AttachmentDirectories["contracts"] = Path.Combine(database.DataDirectory, "attachments");
            options.AttachmentDirectories["cases"] = Path.Combine(database.DataDirectory, "attachments", "cases");
        }
        return options;
    }

    private BackupService Backups(DatabaseOptions database, string? passphrase = Passphrase) =>
        new(database, Options.Create(OptionsFor(database, passphrase)), TimeProvider.System, new SystemUser());

    private RestoreService Restores(DatabaseOptions target, string? passphrase = Passphrase) =>
        new(target, Options.Create(OptionsFor(target, passphrase)), Backups(target, passphrase), TimeProvider.System);

    /// <summary>An empty installation to restore into: a new data directory, and on PostgreSQL a new database.</summary>
    private async Task<DatabaseOptions> EmptyInstallationAsync()
    {
        var dir = Directory.CreateTempSubdirectory("rapport-restore-target-").FullName;
        _cleanup.Add(() => { SqliteConnection.ClearAllPools(); Directory.Delete(dir, recursive: true); return Task.CompletedTask; });
        if (app.Provider == Provider.Sqlite) return new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dir };
        var name = "rapport_restore_" + Guid.NewGuid().ToString("N")[..12];
        await PgAsync($"CREATE DATABASE \"{name}\"");
        _cleanup.Add(() => PgAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        return new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres, DataDirectory = dir,
            ConnectionString = new NpgsqlConnectionStringBuilder(RapportApp.PostgresServer) { Database = name }.ToString(),
        };
    }

    private static async Task PgAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(RapportApp.PostgresServer);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Backup_taken_during_a_write_load_restores_every_row_of_its_moment()
    {
        // The load only inserts customers (numbers given, so no counter row is updated), each in its own unit of work.
        var run = Guid.NewGuid().ToString("N")[..6];
        var created = Channel.CreateUnbounded<(Guid Id, bool StartedAfterBackup)>();
        var backupDone = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var after = Volatile.Read(ref backupDone) == 1;
                    await using var scope = app.Services.CreateAsyncScope();
                    var dto = await scope.ServiceProvider.GetRequiredService<CustomerService>()
                        .CreateAsync(CustomerSamples.Valid() with { Number = $"BK-{run}-{i:D6}" }, confirmDuplicate: true, CancellationToken.None);
                    await created.Writer.WriteAsync((dto.Id, after), CancellationToken.None);
                }
            }
            catch (Exception e)
            {
                created.Writer.TryComplete(e); // the test's reads fail with it instead of waiting
                throw;
            }
        }, CancellationToken.None);

        var before = new HashSet<Guid>();
        while (before.Count < 25) before.Add((await created.Reader.ReadAsync(Ct)).Id);
        var (archive, manifest) = await Backups(Source).CreateAsync(null, null, null, Ct);
        Volatile.Write(ref backupDone, 1);
        var after = 0;
        while (after < 10)
            if ((await created.Reader.ReadAsync(Ct)).StartedAfterBackup) after++;
        await stop.CancelAsync();
        await load;

        var check = await Backups(Source).VerifyAsync(archive, Ct);
        Assert.True(check.Ok, string.Join("\n", check.Lines));
        Assert.Contains(check.Lines, l => l.StartsWith("Audit chain of the copy intact", StringComparison.Ordinal));

        var target = await EmptyInstallationAsync();
        await Restores(target).RestoreAsync(archive, force: false, Ct);
        Assert.Equal(manifest.SchemaVersion, await BackupDatabase.SchemaVersionAsync(target, Ct));

        var source = await ReadAllAsync(Source);
        var restored = await ReadAllAsync(target);
        Assert.Equal(source.Keys.Order(), restored.Keys.Order());
        var late = source["Customers"].Select(r => Guid.Parse(r.Values["Id"]!)).Where(id => !before.Contains(id)).ToHashSet();
        var lateText = late.Select(id => id.ToString("D")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (table, rows) in restored)
        {
            var sourceRows = source[table].GroupBy(r => r.Hash).ToDictionary(g => g.Key, g => g.Count());
            var sourceById = source[table].Where(r => r.Values.ContainsKey("Id")).ToDictionary(r => r.Values["Id"]!, StringComparer.OrdinalIgnoreCase);
            var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // Every restored row is in the source as it is. The changes the source may have made since by itself: sealing
            // (the audit chainer numbers and hashes entries a moment after they are written), and the alert evaluation
            // (a job) seeing an open alert again or clearing it.
            foreach (var row in rows)
            {
                if (sourceRows.TryGetValue(row.Hash, out var n) && n > 0) { sourceRows[row.Hash] = n - 1; continue; }
                if (sourceById.TryGetValue(row.Values.GetValueOrDefault("Id") ?? "", out var changed) && (table, row.Values) switch
                {
                    ("AuditEntries", var v) when v["ChainSeq"] is null => SameBut(changed, row, "ChainSeq", "PrevHash", "Hash"),
                    ("Alerts", _) => SameBut(changed, row, "LastSeenAt", "ClearedAt", "Detail"),
                    _ => false,
                })
                {
                    sourceRows[changed.Hash]--;
                    continue;
                }
                problems.Add($"{table}: restored row {row.Text} is not in the source");
            }
            // Every source row is restored, unless it belongs to a customer whose creation had not finished when the backup began.
            foreach (var row in source[table].Where(r => sourceRows.GetValueOrDefault(r.Hash) > 0))
            {
                sourceRows[row.Hash]--;
                if (!OwnerColumns.Any(c => row.Values.GetValueOrDefault(c) is { } v && lateText.Contains(v)))
                    problems.Add($"{table}: source row {row.Text} is missing from the restore");
            }
        }
        Assert.Empty(problems);
        var restoredCustomers = restored["Customers"].Select(r => Guid.Parse(r.Values["Id"]!)).ToHashSet();
        Assert.Subset(restoredCustomers, before);
        Assert.True(source["Customers"].Count - restoredCustomers.Count >= 10, "the source gained the customers written after the backup");
        Assert.True(source.Values.Sum(t => t.Count) > 100, "the comparison covers the whole database");
    }

    [Fact]
    public async Task Verify_detects_a_flipped_byte()
    {
        var (archive, _) = await Backups(Source).CreateAsync(null, null, null, Ct);
        Assert.True((await Backups(Source).VerifyAsync(archive, Ct)).Ok);

        // One byte of the database changed inside an otherwise well-formed archive: the checksum catches it.
        var tampered = Path.Combine(_work, "tampered.tar.gz");
        await RewriteAsync(archive, tampered, (name, bytes) =>
        {
            if (name.StartsWith("database/", StringComparison.Ordinal)) bytes[bytes.Length / 2] ^= 0x01;
            return bytes;
        });
        var check = await Backups(Source).VerifyAsync(tampered, Ct);
        Assert.False(check.Ok);
        Assert.Contains(check.Lines, l => l.Contains("Checksum mismatch: database/", StringComparison.Ordinal));

        // A byte flipped in the compressed file itself, wherever it lands after the 10-byte gzip header (whose
        // time stamp and OS byte no checksum covers): in a file's data, a tar header, the end-of-archive padding
        // the tar reader never reads, or the gzip trailer's CRC-32 and length. Deflate has a few bits that change
        // nothing (an unused Huffman code length, the padding before a stored block): a flip there leaves the
        // same archive, which is rightly still good, so the expectation is "refused unless the content is unchanged".
        var raw = await File.ReadAllBytesAsync(archive, Ct);
        var content = Inflate(raw)!;
        var positions = Enumerable.Range(1, 11).Select(i => 10 + (raw.Length - 10) * i / 12).Concat([raw.Length - 1, raw.Length - 5]);
        var refused = 0;
        foreach (var position in positions)
        {
            var flipped = Path.Combine(_work, $"flipped-{position}.tar.gz");
            var copy = (byte[])raw.Clone();
            copy[position] ^= 0x01;
            await File.WriteAllBytesAsync(flipped, copy, Ct);
            var damaged = await Backups(Source).VerifyAsync(flipped, Ct);
            if (Inflate(copy) is { } same && same.AsSpan().SequenceEqual(content)) continue;
            Assert.False(damaged.Ok, $"a byte flipped at {position} of {raw.Length} went unnoticed");
            Assert.Contains(damaged.Lines, l => l.StartsWith("FAILED: ", StringComparison.Ordinal));
            refused++;
        }
        Assert.True(refused >= 10, $"only {refused} of 13 flips changed the archive's content");
    }

    private static byte[]? Inflate(byte[] gz)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Restore_refuses_a_backup_from_a_newer_schema_and_changes_nothing()
    {
        var (archive, _) = await Backups(Source).CreateAsync(null, null, null, Ct);
        var future = Path.Combine(_work, "future.tar.gz");
        await RewriteAsync(archive, future, (name, bytes) => name == BackupManifest.FileName
            ? Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
                System.Text.Json.JsonSerializer.Deserialize<BackupManifest>(bytes, BackupArchive.Json)! with { SchemaVersion = "99991231235959_FromTheFuture" }, BackupArchive.Json))
            : bytes);
        var target = await EmptyInstallationAsync();

        var refused = await Assert.ThrowsAsync<BackupException>(() => Restores(target).RestoreAsync(future, force: true, Ct));

        Assert.Contains("newer than this version", refused.Message, StringComparison.Ordinal);
        Assert.True(await BackupDatabase.IsEmptyAsync(target, Ct));
        Assert.False(File.Exists(Rapport.Core.Privacy.PiiKeyRing.FileIn(target.DataDirectory)));
        Assert.False((await Backups(Source).VerifyAsync(future, Ct)).Ok);
    }

    [Fact]
    public async Task Restore_with_the_wrong_passphrase_fails_cleanly_and_backup_needs_one()
    {
        _ = app.Services.GetRequiredService<Rapport.Core.Privacy.PiiKeyRing>(); // the ring file exists, as in any started app
        var (archive, manifest) = await Backups(Source).CreateAsync(null, null, null, Ct);
        Assert.Equal("file", manifest.KeyRing);
        Assert.DoesNotContain(manifest.Files, f => f.Path.EndsWith("pii-keyring.json", StringComparison.Ordinal));
        var target = await EmptyInstallationAsync();

        var refused = await Assert.ThrowsAsync<BackupException>(() => Restores(target, "not the passphrase").RestoreAsync(archive, force: false, Ct));

        Assert.Contains("passphrase is wrong", refused.Message, StringComparison.Ordinal);
        Assert.True(await BackupDatabase.IsEmptyAsync(target, Ct));
        Assert.False(File.Exists(Rapport.Core.Privacy.PiiKeyRing.FileIn(target.DataDirectory)));
        var none = await Assert.ThrowsAsync<BackupException>(() => Backups(Source, passphrase: null).CreateAsync(null, null, null, Ct));
        Assert.Contains("No backup passphrase", none.Message, StringComparison.Ordinal);
        var with = await Restores(target).RestoreAsync(archive, force: false, Ct);
        Assert.Contains(with, l => l.StartsWith("Key ring restored", StringComparison.Ordinal));
        Assert.Equal(await File.ReadAllBytesAsync(Rapport.Core.Privacy.PiiKeyRing.FileIn(Source.DataDirectory), Ct),
            await File.ReadAllBytesAsync(Rapport.Core.Privacy.PiiKeyRing.FileIn(target.DataDirectory), Ct));
    }

    /// <summary>An installation made by the previous release: migrated up to the one before the newest migration, with a
    /// row in it. Returns its options and that migration's id.</summary>
    private async Task<(DatabaseOptions Target, string Previous)> PreviousReleaseAsync(string key)
    {
        var target = await EmptyInstallationAsync();
        await using var db = BackupDatabase.Context(target, TimeProvider.System);
        var previous = db.Database.GetMigrations().ToList()[^2];
        await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db).MigrateAsync(previous, Ct);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"Settings\" (\"Key\", \"Json\", \"UpdatedAt\") VALUES ({key}, {"{}"}, {at})", Ct);
        return (target, previous);
    }

    private UpgradeService Upgrades(DatabaseOptions target) =>
        new(target, Backups(target), Restores(target), TimeProvider.System);

    private static async Task MigrateAsync(DatabaseOptions target, CancellationToken ct)
    {
        await using var db = BackupDatabase.Context(target, TimeProvider.System);
        await db.Database.MigrateAsync(ct);
    }

    private static async Task<bool> HasSettingAsync(DatabaseOptions target, string key)
    {
        await using var db = BackupDatabase.Context(target, TimeProvider.System);
        return await db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM \"Settings\" WHERE \"Key\" = {key}").SingleAsync(Ct) == 1;
    }

    [Fact]
    public async Task Upgrade_migrates_a_previous_release_keeping_its_data_and_rollback_returns_to_it()
    {
        var (target, previous) = await PreviousReleaseAsync("upgrade-kept");

        var lines = await Upgrades(target).UpgradeAsync(ct => MigrateAsync(target, ct), Ct);

        await using (var db = BackupDatabase.Context(target, TimeProvider.System))
            Assert.Equal(db.Database.GetMigrations().Last(), await BackupDatabase.SchemaVersionAsync(target, Ct));
        Assert.True(await HasSettingAsync(target, "upgrade-kept"));
        Assert.Contains(lines, l => l.StartsWith("Pre-upgrade backup:", StringComparison.Ordinal));
        Assert.Equal(previous, Backups(target).List().Single(b => b.Kind == BackupService.PreUpgrade).SchemaVersion);

        await Upgrades(target).RollbackAsync(Ct);

        Assert.Equal(previous, await BackupDatabase.SchemaVersionAsync(target, Ct));
        Assert.True(await HasSettingAsync(target, "upgrade-kept"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_as_it_was()
    {
        var (target, previous) = await PreviousReleaseAsync("upgrade-failed");

        // The injected failure strikes after the real migrations ran: everything they changed must be undone.
        var failed = await Assert.ThrowsAsync<BackupException>(() => Upgrades(target).UpgradeAsync(async ct =>
        {
            await MigrateAsync(target, ct);
            throw new InvalidOperationException("injected migration failure");
        }, Ct));

        Assert.Contains("injected migration failure", failed.Message, StringComparison.Ordinal);
        Assert.Equal(previous, await BackupDatabase.SchemaVersionAsync(target, Ct));
        Assert.True(await HasSettingAsync(target, "upgrade-failed"));
        await using (var db = BackupDatabase.Context(target, TimeProvider.System))
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({"99991231235959_FromTheFuture"}, {"10.0.0"})", Ct);
        var newer = await Assert.ThrowsAsync<BackupException>(() => Upgrades(target).UpgradeAsync(ct => MigrateAsync(target, ct), Ct));
        Assert.Contains("newer than this version", newer.Message, StringComparison.Ordinal);
    }

    /// <summary>Copies an archive entry by entry, letting <paramref name="change"/> alter an entry's bytes.</summary>
    private static async Task RewriteAsync(string from, string to, Func<string, byte[], byte[]> change)
    {
        await using var input = new GZipStream(File.OpenRead(from), CompressionMode.Decompress);
        await using var reader = new TarReader(input);
        await using var output = new GZipStream(File.Create(to), CompressionLevel.Fastest);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax);
        while (await reader.GetNextEntryAsync(copyData: true, Ct) is { } entry)
        {
            using var buffer = new MemoryStream();
            await entry.DataStream!.CopyToAsync(buffer, Ct);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = new MemoryStream(change(entry.Name, buffer.ToArray())) }, Ct);
        }
    }

    private sealed record Row(string Hash, string Text, IReadOnlyDictionary<string, string?> Values);

    private static bool SameBut(Row a, Row b, params string[] columns) =>
        a.Values.Where(v => !columns.Contains(v.Key)).SequenceEqual(b.Values.Where(v => !columns.Contains(v.Key)));

    /// <summary>Every row of every table (search index tables aside: derived data, checked by integrity_check and
    /// rebuilt at start; and the scheduler's runtime state), each as its canonical text and its hash.</summary>
    private static async Task<Dictionary<string, List<Row>>> ReadAllAsync(DatabaseOptions options)
    {
        await using DbConnection conn = options.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(DatabaseSetup.SqliteConnectionString(options))
            : new NpgsqlConnection(options.ConnectionString);
        await conn.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = options.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master t WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '_%')"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) tables.Add(reader.GetString(0));
        }
        // The scheduler's own runtime state (a clustered node's check-in time, each trigger's next and previous firing)
        // changes every few seconds by itself; it is restored like any table and the scheduler carries on from it.
        tables.RemoveAll(t => t.StartsWith("qrtz_", StringComparison.Ordinal));
        // So does its run history: the outbox sender and the audit chainer are woken by the load's own writes and keep
        // adding and finishing runs after the backup's moment, rows no "late customer" column ties to the load.
        tables.Remove("JobRuns");
        // Search keys are derived data like the FTS tables: kept by triggers from the rows compared here.
        tables.Remove(SearchKeys.TableName);
        var all = new Dictionary<string, List<Row>>();
        foreach (var table in tables)
        {
            var rows = all[table] = [];
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var values = new Dictionary<string, string?>();
                for (var i = 0; i < reader.FieldCount; i++) values[reader.GetName(i)] = Canonical(reader.GetValue(i));
                var text = string.Join(" | ", values.Select(v => $"{v.Key}={v.Value ?? "∅"}"));
                rows.Add(new Row(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), text, values));
            }
        }
        return all;
    }

    private static string? Canonical(object value) => value switch
    {
        DBNull => null,
        byte[] bytes => Convert.ToBase64String(bytes),
        Guid g => g.ToString("D"),
        string s when Guid.TryParse(s, out var g) => g.ToString("D"),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

public sealed class BackupRestoreOnSqlite(SqliteApp app) : BackupRestoreTests(app), IClassFixture<SqliteApp>;

public sealed class BackupRestoreOnPostgres(PostgresApp app) : BackupRestoreTests(app), IClassFixture<PostgresApp>;
