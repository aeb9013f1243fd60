namespace Rapport.Core.Operations;

/// <summary>The first entry of every backup archive (<c>manifest.json</c>): what made it, from which database and
/// schema, when, and each file's size and SHA-256.</summary>
public sealed record BackupManifest(
    string Format, string AppVersion, DatabaseProvider Provider, string SchemaVersion, DateTime CreatedAt,
    string KeyRing, IReadOnlyList<BackupFile> Files)
{
    public const string CurrentFormat = "rapport-backup-1";
    public const string FileName = "manifest.json";
    public const string DatabaseSqlite = "database/rapport.db";
    public const string DatabasePostgres = "database/rapport.pgdump";
    public const string SealedKeyRing = "keys/pii-keyring.sealed.json";
    public const string AuditHead = "audit/head.log";
    public const string AttachmentsPrefix = "attachments/";
}

/// <summary>One file in a backup archive, by its path inside the archive.</summary>
public sealed record BackupFile(string Path, long Size, string Sha256);

/// <summary>A backup archive in the backup directory, as the backups page lists it.</summary>
public sealed record BackupSummary(string Name, DateTime CreatedAt, long Size, string SchemaVersion, string? Kind, BackupCheck? Verified);

/// <summary>What a verification found: every check in order, and whether all passed.</summary>
public sealed record BackupCheck(bool Ok, DateTime At, IReadOnlyList<string> Lines);
