using Rapport.Core.Observability;
using Rapport.Core.Operations;
using Rapport.Server.Jobs;

namespace Rapport.Server.Operations;

/// <summary>Every minute (job <c>backup</c>, once per cluster): a backup when <c>Backup:Schedule</c> has come due, then
/// retention (see <see cref="BackupService.RunScheduledAsync"/>); nothing when no schedule is set.</summary>
internal sealed class BackupJob(BackupService backups, ILogger<BackupJob> log) : ScopedJob<BackupJob, string?>
{
    protected override Task<string?> RunAsync(CancellationToken ct) => backups.RunScheduledAsync(ct);

    protected override void Log(string? path)
    {
        if (path is not null) log.LogInformation("Scheduled backup written to {Path}", path);
    }
}

/// <summary>The "backup age" alert rule's source: the newest archive in the backup directory.</summary>
internal sealed class BackupCatalog(BackupService backups) : IBackupCatalog
{
    public Task<DateTime?> NewestBackupAtAsync(CancellationToken ct) => Task.FromResult(backups.List().Select(b => (DateTime?)b.CreatedAt).FirstOrDefault());
}
