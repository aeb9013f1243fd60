namespace Rapport.Core.Operations;

/// <summary><c>rapport upgrade</c> and <c>rapport rollback</c>: refuse a database newer than this binary, back up, apply
/// the migrations, check the result, and put the backup back if anything failed; rollback restores the newest
/// pre-upgrade backup (for the previous release's binary to run on).</summary>
public sealed class UpgradeService(DatabaseOptions database, BackupService backups, RestoreService restores, TimeProvider clock)
{
    /// <summary>Upgrades with <paramref name="migrate"/> (the app's migration and start-up data); returns what happened.
    /// Throws <see cref="BackupException"/> after restoring the pre-upgrade backup when the upgrade failed.</summary>
    public async Task<IReadOnlyList<string>> UpgradeAsync(Func<CancellationToken, Task> migrate, CancellationToken ct)
    {
        var current = await BackupDatabase.SchemaVersionAsync(database, ct);
        string latest;
        await using (var db = BackupDatabase.Context(database, clock))
        {
            if (current is not null) BackupService.CheckSchema(current, db);
            latest = db.Database.GetMigrations().Last();
        }
        if (current == latest) return [$"The database is up to date (schema {current}); nothing to upgrade."];
        var lines = new List<string>();
        string? backup = null;
        if (current is not null)
        {
            (backup, _) = await backups.CreateAsync(null, BackupService.PreUpgrade, null, ct);
            lines.Add($"Pre-upgrade backup: {backup}");
        }
        try
        {
            await migrate(ct);
            var now = await BackupDatabase.SchemaVersionAsync(database, ct);
            if (now != latest) throw new BackupException($"after migrating, the schema is {now}, not {latest}");
            if (database.Provider == DatabaseProvider.Sqlite && await BackupDatabase.IntegrityCheckAsync(database, ct) is var integrity && integrity != "ok")
                throw new BackupException($"integrity check: {integrity}");
            lines.Add($"Upgraded from schema {current ?? "(empty)"} to {latest}; the database checks out.");
            return lines;
        }
        catch (Exception e) when (e is not OperationCanceledException && backup is not null)
        {
            await PutBackAsync(backup, ct);
            throw new BackupException($"The upgrade failed ({e.Message}); the database was restored from {backup} and is at schema {current} again.");
        }
    }

    /// <summary>Restores the newest pre-upgrade backup over the current installation (after a safety backup).</summary>
    public async Task<IReadOnlyList<string>> RollbackAsync(CancellationToken ct)
    {
        var last = backups.List().FirstOrDefault(b => b.Kind == BackupService.PreUpgrade)
            ?? throw new BackupException($"No pre-upgrade backup in {backups.Directory}.");
        var lines = new List<string> { $"Rolling back to {last.Name} (schema {last.SchemaVersion})." };
        lines.AddRange(await restores.RestoreAsync(Path.Combine(backups.Directory, last.Name), force: true, ct));
        lines.Add("Start the previous release of Rapport on it: this one would apply its migrations again.");
        return lines;
    }

    /// <summary>Only the database goes back: a migration touches nothing else.</summary>
    private async Task PutBackAsync(string archive, CancellationToken ct)
    {
        var staging = Directory.CreateTempSubdirectory("rapport-upgrade-").FullName;
        try
        {
            await BackupArchive.ExtractAsync(archive, staging, ct);
            await BackupDatabase.LoadAsync(database, Path.Combine(staging, database.Provider == DatabaseProvider.Sqlite
                ? BackupManifest.DatabaseSqlite : BackupManifest.DatabasePostgres), CancellationToken.None);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
