using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Options;
using Rapport.Core.Operations;

namespace Rapport.Server.Tests.Operations;

/// <summary>An installation made by the previous release (migrated to the migration before the newest, with a row in
/// it), started by this one with <c>Database:AutoMigrate</c> on.</summary>
public sealed partial class PreviousReleaseApp(Provider provider) : RapportApp(provider)
{
    public const string Passphrase = "correct horse battery staple";
    public const string Kept = "previous-release-row";

    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Backup:Passphrase", Passphrase);

    /// <summary>The app's database, as the tests reach it without the app.</summary>
    public DatabaseOptions Database => new()
    {
        Provider = Provider == Provider.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
        ConnectionString = PostgresConnectionString,
        DataDirectory = DataDirectory,
    };

    /// <summary>The database is the previous release's, made by each test.</summary>
    protected override bool StartsMigrated => false;

    /// <summary>Not started by the fixture: each test prepares the database first.</summary>
    public override ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Migrates the database to the previous release's schema and writes a row; returns that schema. With
    /// <paramref name="breakNewest"/>, the newest migration will fail (what it creates is already there).</summary>
    public async Task<string> PrepareAsync(bool breakNewest, CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        await using var db = BackupDatabase.Context(Database, TimeProvider.System);
        var previous = db.Database.GetMigrations().ToList()[^2];
        await db.GetService<IMigrator>().MigrateAsync(previous, ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"Settings\" (\"Key\", \"Json\", \"UpdatedAt\") VALUES ({Kept}, {"{}"}, {new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)})", ct);
        if (breakNewest) await db.Database.ExecuteSqlRawAsync(Obstacle(db), ct);
        return previous;
    }

    /// <summary>SQL that makes the newest migration fail: a table it creates (in the model or in its raw SQL), a column it
    /// adds or an index it creates, made beforehand with other columns; or an index it drops (to build it anew), dropped
    /// beforehand.</summary>
    private static string Obstacle(RapportDbContext db)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var newest = migrations.CreateMigration(migrations.Migrations.Last().Value, db.Database.ProviderName!);
        return newest.UpOperations.FirstOrDefault(o => o is CreateTableOperation or AddColumnOperation or CreateIndexOperation or DropIndexOperation
            || (o is SqlOperation sql && RawCreateTable().IsMatch(sql.Sql))) switch
        {
            DropIndexOperation d => $"DROP INDEX \"{d.Name}\"",
            CreateTableOperation t => $"CREATE TABLE \"{t.Name}\" (\"Obstacle\" integer)",
            AddColumnOperation c => $"ALTER TABLE \"{c.Table}\" ADD COLUMN \"{c.Name}\" integer",
            CreateIndexOperation i => $"CREATE INDEX \"{i.Name}\" ON \"{i.Table}\" (\"{i.Columns[0]}\")",
            SqlOperation sql => $"CREATE TABLE \"{RawCreateTable().Match(sql.Sql).Groups[1].Value}\" (\"Obstacle\" integer)",
            _ => throw new InvalidOperationException("The newest migration neither creates a table, adds a column nor creates or drops an index: give this test another way to break it."),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("CREATE TABLE (?:IF NOT EXISTS )?\"([A-Za-z]+)\"")]
    private static partial System.Text.RegularExpressions.Regex RawCreateTable();

    public IReadOnlyList<BackupSummary> Backups() =>
        new BackupService(Database, Options.Create(new BackupOptions { Passphrase = Passphrase, Directory = Path.Combine(DataDirectory, "backups") }),
            TimeProvider.System, new SystemUser()).List();
}

/// <summary>Start-up with <c>Database:AutoMigrate</c> on upgrades the way <c>rapport upgrade</c> does: a backup before
/// migrating, the data kept, and a failed migration undone with the start stopped; with nothing pending, nothing extra.</summary>
public abstract class StartupUpgradeTests(Provider provider)
{
    private async Task<(PreviousReleaseApp App, string Previous)> PreviousReleaseAsync(bool breakNewest)
    {
        var app = new PreviousReleaseApp(provider);
        return (app, await app.PrepareAsync(breakNewest, Ct));
    }

    private static async Task<(string? Schema, bool Kept)> ReadAsync(PreviousReleaseApp app)
    {
        await using var db = BackupDatabase.Context(app.Database, TimeProvider.System);
        var kept = await db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM \"Settings\" WHERE \"Key\" = {PreviousReleaseApp.Kept}").SingleAsync(Ct) == 1;
        return (await BackupDatabase.SchemaVersionAsync(app.Database, Ct), kept);
    }

    [Fact]
    public async Task Start_up_upgrades_a_previous_release_after_a_backup_keeping_its_data_and_a_second_start_backs_up_nothing()
    {
        var (app, previous) = await PreviousReleaseAsync(breakNewest: false);
        await using var _ = app;

        var client = app.CreateClient();
        await (await client.GetAsync("/health/ready", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        await using (var db = BackupDatabase.Context(app.Database, TimeProvider.System))
            Assert.Equal((db.Database.GetMigrations().Last(), true), await ReadAsync(app));
        var backup = Assert.Single(app.Backups(), b => b.Kind == BackupService.PreUpgrade);
        Assert.Equal(previous, backup.SchemaVersion);

        await using (var restarted = app.WithWebHostBuilder(_ => { }))
            await (await restarted.CreateClient().GetAsync("/health/ready", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Single(app.Backups());
    }

    [Fact]
    public async Task A_failing_migration_at_start_up_leaves_the_database_as_it_was_and_stops_the_start_saying_why()
    {
        var (app, previous) = await PreviousReleaseAsync(breakNewest: true);
        await using var _ = app;

        var failed = Assert.ThrowsAny<Exception>(() => app.Server);

        var message = failed.ToString();
        Assert.Contains("Rapport did not start: the database could not be upgraded", message, StringComparison.Ordinal);
        Assert.Contains("restored from", message, StringComparison.Ordinal);
        Assert.Equal((previous, true), await ReadAsync(app));
        Assert.Single(app.Backups(), b => b.Kind == BackupService.PreUpgrade);
    }
}

public sealed class StartupUpgradeOnSqlite() : StartupUpgradeTests(Provider.Sqlite);

public sealed class StartupUpgradeOnPostgres() : StartupUpgradeTests(Provider.Postgres);
