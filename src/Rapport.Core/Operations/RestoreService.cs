using Rapport.Core.Privacy;

namespace Rapport.Core.Operations;

/// <summary>Restores a backup archive into this installation: into an empty one, or — when forced — over the current
/// one after a safety backup. Everything that can refuse (checksums, provider, schema, passphrase) is checked before
/// anything is changed. Run with the app stopped.</summary>
public sealed class RestoreService(DatabaseOptions database, IOptions<BackupOptions> options, BackupService backups, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> RestoreAsync(string archive, bool force, CancellationToken ct)
    {
        var lines = new List<string>();
        var staging = System.IO.Directory.CreateTempSubdirectory("rapport-restore-").FullName;
        try
        {
            var (manifest, extracted) = await BackupArchive.ExtractAsync(archive, staging, ct);
            lines.AddRange(extracted);
            if (manifest.Provider != database.Provider)
                throw new BackupException($"This is a {manifest.Provider} backup and this installation runs on {database.Provider}.");
            await using (var db = BackupDatabase.Context(database, clock))
                BackupService.CheckSchema(manifest.SchemaVersion, db);
            var ring = backups.OpenKeyRing(manifest, staging);

            var current = await BackupDatabase.SchemaVersionAsync(database, ct) ?? (await BackupDatabase.IsEmptyAsync(database, ct) ? null : "?");
            if (current is not null)
            {
                if (!force) throw new BackupException("This installation already has a database. Restore into an empty one, or add --force to replace it (a safety backup is made first).");
                var (safety, _) = await backups.CreateAsync(null, BackupService.PreRestore, null, ct);
                lines.Add($"Safety backup of the current installation: {safety}");
            }

            await BackupDatabase.LoadAsync(database, Path.Combine(staging, database.Provider == DatabaseProvider.Sqlite
                ? BackupManifest.DatabaseSqlite : BackupManifest.DatabasePostgres), ct);
            lines.Add($"Database restored (schema {manifest.SchemaVersion}); the app applies any newer migrations at start.");

            var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            if (ring is not null)
            {
                var file = PiiKeyRing.FileIn(database.DataDirectory);
                SetAside(file, stamp);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var mode = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) mode.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                await using (var stream = new FileStream(file, mode)) await stream.WriteAsync(ring, ct);
                lines.Add($"Key ring restored to {file} (readable by the owner only).");
            }
            else lines.Add($"Key ring: not in the backup; supply the same {PiiKeyRing.EnvironmentVariable} as the installation it came from.");

            var head = Path.Combine(database.DataDirectory, "audit", "head.log");
            SetAside(head, stamp);
            if (manifest.Files.Any(f => f.Path == BackupManifest.AuditHead))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(head)!);
                File.Copy(Path.Combine(staging, BackupManifest.AuditHead), head);
                lines.Add("Audit head file restored as of the backup; the previous one, if any, was kept beside it (.replaced-…).");
            }

            var roots = options.Value.AttachmentDirectories;
            foreach (var root in roots.Values.OrderBy(r => r.Length)) SetAside(root, stamp);
            var restored = 0;
            foreach (var f in manifest.Files.Where(f => f.Path.StartsWith(BackupManifest.AttachmentsPrefix, StringComparison.Ordinal)))
            {
                var rest = f.Path[BackupManifest.AttachmentsPrefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0 || !roots.TryGetValue(rest[..slash], out var root))
                    throw new BackupException($"The backup holds attachments of '{rest.Split('/')[0]}', which this installation does not know.");
                var to = Path.Combine(root, rest[(slash + 1)..]);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Move(Path.Combine(staging, f.Path), to);
                restored++;
            }
            lines.Add($"Attachments restored: {restored} files.");
            return lines;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Keeps what the restore replaces, renamed beside it, instead of deleting it.</summary>
    private static void SetAside(string path, string stamp)
    {
        if (File.Exists(path)) File.Move(path, $"{path}.replaced-{stamp}");
        else if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any()) Directory.Move(path, $"{path}.replaced-{stamp}");
    }
}
