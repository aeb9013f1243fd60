using System.Reflection;
using System.Text.RegularExpressions;
using Cronos;
using Rapport.Core.Audit;
using Rapport.Core.Privacy;

namespace Rapport.Core.Operations;

/// <summary>Full backups (database snapshot, attachments, the key ring sealed with the operator's passphrase, the audit
/// head file) into one archive per backup, their verification by a restore into a scratch database, the schedule
/// and the retention of the backup directory. Everything here needs <c>settings.manage</c> (a backup holds all the data);
/// the CLI and the scheduled job run as the system.</summary>
public sealed partial class BackupService(DatabaseOptions database, IOptions<BackupOptions> options, TimeProvider clock, ICurrentUser user)
{
    /// <summary>Kinds of safety backups, made before a restore or an upgrade; retention leaves them alone.</summary>
    public const string PreRestore = "pre-restore";
    public const string PreUpgrade = "pre-upgrade";

    private BackupOptions Options => options.Value;

    public string Directory => Options.Directory is { Length: > 0 } dir ? dir : Path.Combine(database.DataDirectory, "backups");

    /// <summary>The version of the running app, as written into manifests.</summary>
    public static string AppVersion =>
        (Assembly.GetEntryAssembly() ?? typeof(BackupService).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    /// <summary>Makes a full backup into <paramref name="directory"/> (the backup directory if null); returns the archive's path.</summary>
    public async Task<(string Path, BackupManifest Manifest)> CreateAsync(string? directory, string? kind, IProgress<string>? progress, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var passphrase = Passphrase();
        var target = directory ?? Directory;
        System.IO.Directory.CreateDirectory(target);
        var staging = System.IO.Directory.CreateTempSubdirectory("rapport-backup-").FullName;
        try
        {
            var files = new List<(string Path, string Source)>();
            // The head file first: every head it records was committed before the snapshot, so the copy verifies.
            var head = Path.Combine(database.DataDirectory, "audit", "head.log");
            if (File.Exists(head)) files.Add((BackupManifest.AuditHead, CopyInto(staging, BackupManifest.AuditHead, head)));

            progress?.Report("database");
            var dbEntry = database.Provider == DatabaseProvider.Sqlite ? BackupManifest.DatabaseSqlite : BackupManifest.DatabasePostgres;
            var dbFile = StagingPath(staging, dbEntry);
            var schema = await BackupDatabase.SnapshotAsync(database, dbFile, ct);
            files.Add((dbEntry, dbFile));

            progress?.Report("keys");
            var ringFile = PiiKeyRing.FileIn(database.DataDirectory);
            var ring = File.Exists(ringFile) ? "file" : "none";
            if (File.Exists(ringFile))
            {
                var sealedRing = StagingPath(staging, BackupManifest.SealedKeyRing);
                await File.WriteAllBytesAsync(sealedRing, BackupSecret.Seal(await File.ReadAllBytesAsync(ringFile, ct), passphrase), ct);
                files.Add((BackupManifest.SealedKeyRing, sealedRing));
            }

            progress?.Report("attachments");
            // After the snapshot: attachment files are written before their rows and never changed, so every row in the
            // snapshot finds its file.
            files.AddRange(AttachmentFiles());

            progress?.Report("archive");
            var now = clock.GetUtcNow().UtcDateTime;
            var name = string.Create(CultureInfo.InvariantCulture, $"rapport-{now:yyyyMMdd'T'HHmmssfff'Z'}-{schema}{(kind is null ? "" : "." + kind)}.tar.gz");
            var path = Path.Combine(target, name);
            var manifest = await BackupArchive.WriteAsync(path,
                listed => new BackupManifest(BackupManifest.CurrentFormat, AppVersion, database.Provider, schema, now, ring, listed), files, ct);
            return (path, manifest);
        }
        finally
        {
            System.IO.Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The archives in the backup directory, newest first.</summary>
    public IReadOnlyList<BackupSummary> List()
    {
        user.Require(Permissions.SettingsManage);
        if (!System.IO.Directory.Exists(Directory)) return [];
        return new DirectoryInfo(Directory).EnumerateFiles("rapport-*.tar.gz")
            .Select(f => (File: f, Match: ArchiveName().Match(f.Name)))
            .Where(x => x.Match.Success)
            .Select(x => new BackupSummary(x.File.Name,
                DateTime.SpecifyKind(DateTime.ParseExact(x.Match.Groups["at"].Value, "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture), DateTimeKind.Utc),
                x.File.Length, x.Match.Groups["schema"].Value, x.Match.Groups["kind"].Success ? x.Match.Groups["kind"].Value : null, ReadCheck(x.File.FullName)))
            .OrderByDescending(b => b.CreatedAt).ToList();
    }

    /// <summary>The archive <paramref name="name"/> in the backup directory; <see cref="NotFoundException"/> for any other name.</summary>
    public string PathOf(string name)
    {
        user.Require(Permissions.SettingsManage);
        if (!ArchiveName().IsMatch(name) || Path.GetFileName(name) != name) throw new NotFoundException("Backup", Guid.Empty);
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : throw new NotFoundException("Backup", Guid.Empty);
    }

    /// <summary>Checks an archive without touching the installation: checksums, a restore into a scratch database,
    /// its integrity, a known schema version, the audit chain of the copy, and that the passphrase opens the key ring.
    /// The result is kept beside the archive (<c>.verify.json</c>) for the backups page.</summary>
    public async Task<BackupCheck> VerifyAsync(string archive, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var lines = new List<string>();
        var ok = false;
        var scratchDir = System.IO.Directory.CreateTempSubdirectory("rapport-verify-").FullName;
        try
        {
            var (manifest, extracted) = await BackupArchive.ExtractAsync(archive, scratchDir, ct);
            lines.AddRange(extracted);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Made {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC by Rapport {manifest.AppVersion} from {manifest.Provider}, schema {manifest.SchemaVersion}."));
            if (manifest.Provider != database.Provider)
                throw new BackupException($"This is a {manifest.Provider} backup; verify it where Rapport runs on {manifest.Provider}.");
            var (scratch, drop) = await BackupDatabase.ScratchAsync(database, scratchDir, ct);
            try
            {
                await BackupDatabase.LoadAsync(scratch, Path.Combine(scratchDir, database.Provider == DatabaseProvider.Sqlite
                    ? BackupManifest.DatabaseSqlite : BackupManifest.DatabasePostgres), ct);
                if (database.Provider == DatabaseProvider.Sqlite)
                {
                    var integrity = await BackupDatabase.IntegrityCheckAsync(scratch, ct);
                    if (integrity != "ok") throw new BackupException($"Database integrity check failed: {integrity}");
                    lines.Add("Database: restored into a scratch file; PRAGMA integrity_check: ok.");
                }
                else lines.Add("Database: pg_restore into a scratch database succeeded.");

                var copySchema = await BackupDatabase.SchemaVersionAsync(scratch, ct);
                await using (var db = BackupDatabase.Context(scratch, clock))
                {
                    CheckSchema(manifest.SchemaVersion, db);
                    if (copySchema != manifest.SchemaVersion)
                        throw new BackupException($"The restored database is at schema {copySchema}, the manifest says {manifest.SchemaVersion}.");
                    lines.Add($"Schema {manifest.SchemaVersion}: known to this version.");
                    var audit = await new AuditChain(db, scratch, clock).VerifyAsync(ct);
                    if (!audit.Ok) throw new BackupException($"Audit chain of the copy BROKEN{(audit.FirstBrokenSeq is { } seq ? $" at entry {seq}" : "")}: {audit.Reason}");
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"Audit chain of the copy intact: {audit.Checked} entries checked, head at {audit.HeadSeq}."));
                }
            }
            finally
            {
                await drop();
            }
            lines.Add(OpenKeyRing(manifest, scratchDir) is null ? "Key ring: not in the backup (the installation had no key ring file: it comes from RAPPORT_PII_KEYS, or none was made yet)." : "Key ring: the passphrase opens it; the keys are well-formed.");
            ok = true;
        }
        catch (BackupException e)
        {
            lines.Add("FAILED: " + e.Message);
        }
        finally
        {
            System.IO.Directory.Delete(scratchDir, recursive: true);
        }
        var check = new BackupCheck(ok, clock.GetUtcNow().UtcDateTime, lines);
        try
        {
            await File.WriteAllBytesAsync(archive + ".verify.json", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(check, BackupArchive.Json), ct);
        }
        catch (IOException) { /* a read-only location: the result is still returned */ }
        catch (UnauthorizedAccessException) { }
        return check;
    }

    /// <summary>"Back up now" from the page or the API: a refusal (no passphrase, pg_dump missing) is a 400 saying why.</summary>
    public async Task<BackupSummary> BackUpNowAsync(IProgress<string>? progress, CancellationToken ct)
    {
        try
        {
            var (path, _) = await CreateAsync(null, null, progress, ct);
            return List().First(b => b.Name == Path.GetFileName(path));
        }
        catch (BackupException e)
        {
            throw RapportValidationException.For("backup", "Validation.BackupFailed", e.Message);
        }
    }

    /// <summary>What the schedule asks for now: a backup when the cron schedule has come due since the newest ordinary
    /// backup (or at once when there is none), then retention. Returns the new archive, or null when none was due.</summary>
    public async Task<string?> RunScheduledAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Options.Schedule)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var last = List().FirstOrDefault(b => b.Kind is null)?.CreatedAt;
        if (last is { } at && !(CronExpression.Parse(Options.Schedule).GetNextOccurrence(at, TimeZoneInfo.Utc) <= now)) return null;
        var (path, _) = await CreateAsync(null, null, null, ct);
        Prune();
        return path;
    }

    /// <summary>Deletes the ordinary backups retention does not keep (safety backups stay); returns their names.</summary>
    public IReadOnlyList<string> Prune()
    {
        var ordinary = List().Where(b => b.Kind is null).ToList();
        var keep = BackupRetention.Keep(ordinary.Select(b => b.CreatedAt), Options.KeepDaily, Options.KeepWeekly, clock.GetUtcNow().UtcDateTime);
        var pruned = ordinary.Where(b => !keep.Contains(b.CreatedAt)).Select(b => b.Name).ToList();
        foreach (var name in pruned)
        {
            File.Delete(Path.Combine(Directory, name));
            File.Delete(Path.Combine(Directory, name + ".verify.json"));
        }
        return pruned;
    }

    /// <summary>The passphrase, or a refusal: a backup never holds the key ring unsealed.</summary>
    public string Passphrase() => Options.Passphrase is { Length: > 0 } p ? p
        : throw new BackupException($"No backup passphrase: set Backup:Passphrase or {BackupOptions.PassphraseVariable}. It seals the key ring inside each backup; keep it apart from the backups.");

    /// <summary>The key ring JSON from an extracted backup, opened with the passphrase and checked; null when the backup has none.</summary>
    internal byte[]? OpenKeyRing(BackupManifest manifest, string extracted)
    {
        if (manifest.KeyRing != "file") return null;
        var json = BackupSecret.Open(File.ReadAllBytes(Path.Combine(extracted, BackupManifest.SealedKeyRing)), Passphrase());
        try
        {
            PiiKeyRing.Load(Encoding.UTF8.GetString(json), extracted);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException or FormatException)
        {
            throw new BackupException("The key ring in the backup is not a valid key ring: " + e.Message);
        }
        return json;
    }

    /// <summary>Refuses a schema this binary's migrations do not contain: newer than the binary, or from another build.</summary>
    internal static void CheckSchema(string schema, RapportDbContext db)
    {
        var known = db.Database.GetMigrations().ToList();
        if (known.Contains(schema)) return;
        throw new BackupException(string.CompareOrdinal(schema, known.LastOrDefault()) > 0
            ? $"The backup's schema {schema} is newer than this version of Rapport (its newest migration is {known.LastOrDefault()}): use a version at least as new as the one that made it."
            : $"The backup's schema {schema} is unknown to this version of Rapport.");
    }

    /// <summary>Every attachment file, under <c>attachments/{name}/</c> of its folder; a folder nested in another
    /// (cases inside contracts by default) is taken once, under its own name.</summary>
    private IEnumerable<(string Path, string Source)> AttachmentFiles()
    {
        var roots = Options.AttachmentDirectories.ToDictionary(r => r.Key, r => Path.GetFullPath(r.Value));
        foreach (var (name, root) in roots.Where(r => System.IO.Directory.Exists(r.Value)))
        {
            var nested = roots.Values.Where(r => r != root && r.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
            foreach (var file in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (!nested.Any(n => file.StartsWith(n + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                    yield return (BackupManifest.AttachmentsPrefix + name + "/" + Path.GetRelativePath(root, file).Replace('\\', '/'), file);
        }
    }

    private static string StagingPath(string staging, string entry)
    {
        var path = Path.Combine(staging, entry);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static string CopyInto(string staging, string entry, string source)
    {
        var path = StagingPath(staging, entry);
        using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var to = File.Create(path))
            from.CopyTo(to);
        return path;
    }

    private static BackupCheck? ReadCheck(string archive)
    {
        try
        {
            return File.Exists(archive + ".verify.json")
                ? System.Text.Json.JsonSerializer.Deserialize<BackupCheck>(File.ReadAllBytes(archive + ".verify.json"), BackupArchive.Json) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^rapport-(?<at>\d{8}T\d{9}Z)-(?<schema>[0-9A-Za-z_]+?)(?:\.(?<kind>pre-restore|pre-upgrade))?\.tar\.gz$")]
    private static partial Regex ArchiveName();
}
