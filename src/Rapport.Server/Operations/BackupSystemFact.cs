using Rapport.Core.Observability;
using Rapport.Core.Operations;

namespace Rapport.Server.Operations;

/// <summary>The backups' line on the system page: when the newest backup was made, a warning when there is none or it
/// is older than the backup-age alert allows (<c>Alerts:BackupMaxAgeHours</c>).</summary>
internal sealed class BackupSystemFact(BackupService backups, TimeProvider clock, IOptions<AlertOptions> alerts) : ISystemFact
{
    public Task<IReadOnlyList<SystemFact>> ReadAsync(CancellationToken ct)
    {
        var list = backups.List();
        var newest = list.Count > 0 ? list[0] : null;
        var maxAge = alerts.Value.BackupMaxAgeHours;
        var stale = newest is null || (maxAge > 0 && clock.GetUtcNow().UtcDateTime - newest.CreatedAt > TimeSpan.FromHours(maxAge));
        IReadOnlyList<SystemFact> facts =
        [
            new("Ui.LastBackup", newest?.Name ?? "—", stale ? SystemFactState.Warning : SystemFactState.Ok, newest?.CreatedAt),
        ];
        return Task.FromResult(facts);
    }
}
