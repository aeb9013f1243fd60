namespace Rapport.Core.Operations;

/// <summary>Backup settings (section <c>Backup</c>; the passphrase also from <c>RAPPORT_BACKUP_PASSPHRASE</c>).</summary>
public sealed class BackupOptions
{
    public const string PassphraseVariable = "RAPPORT_BACKUP_PASSPHRASE";

    /// <summary>Where archives are written and listed; a local or mounted path. Defaults to <c>{DataDirectory}/backups</c>.</summary>
    public string? Directory { get; set; }
    /// <summary>Seals the key ring inside each backup. Without it no backup is made.</summary>
    public string? Passphrase { get; set; }
    /// <summary>A cron expression (five fields, UTC) for scheduled backups; empty: none.</summary>
    public string? Schedule { get; set; }
    public int KeepDaily { get; set; } = 7;
    public int KeepWeekly { get; set; } = 4;
    /// <summary>The file folders attached records live in, by name (<c>contracts</c>, <c>cases</c>); filled by the host.</summary>
    public Dictionary<string, string> AttachmentDirectories { get; } = [];
}
