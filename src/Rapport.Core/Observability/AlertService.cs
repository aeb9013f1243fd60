using Microsoft.Extensions.Logging;
using Rapport.Core.Identity;
using Rapport.Core.Notifications;

namespace Rapport.Core.Observability;

/// <summary>Evaluates the alert rules (<see cref="IAlertSignal"/>s): opens one alert per rule and subject while its
/// condition holds, notifies those who read the logs when one opens and when it clears, and lists them.</summary>
public sealed class AlertService(RapportDbContext db, ICurrentUser user, TimeProvider clock, IEnumerable<IAlertSignal> signals,
    NotificationService notifications, ILogger<AlertService> log)
{
    public const string Link = "/admin/logs";

    /// <summary>One evaluation of every rule; answers how many alerts opened and cleared.</summary>
    public async Task<(int Opened, int Cleared)> EvaluateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.Alerts.Where(a => a.ClearedAt == null).ToListAsync(ct);
        var changes = new List<(Alert Alert, bool Opened)>();
        foreach (var signal in signals)
        {
            IReadOnlyList<AlertCondition>? found;
            try
            {
                found = await signal.CheckAsync(now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Alert rule {Rule} could not be evaluated", signal.Rule);
                continue;
            }
            if (found is null) continue;
            var mine = open.Where(a => a.Rule == signal.Rule).ToDictionary(a => a.Subject, StringComparer.Ordinal);
            foreach (var c in found.DistinctBy(c => c.Subject, StringComparer.Ordinal))
            {
                var detail = c.Detail is null ? null : TextCut.ToLength(c.Detail, Alert.DetailMax);
                if (mine.Remove(c.Subject, out var existing)) existing.Seen(detail, now);
                else
                {
                    var alert = Alert.Open(signal.Rule, c.Subject, detail, now);
                    db.Alerts.Add(alert);
                    changes.Add((alert, true));
                }
            }
            foreach (var gone in mine.Values)
            {
                gone.Clear(now);
                changes.Add((gone, false));
            }
        }
        if (changes.Count > 0)
        {
            var recipients = await RecipientsAsync(ct);
            await notifications.NotifyAsync([.. changes.Select(c => new NotificationRequest(recipients, NotificationKind.Alert,
                c.Opened ? "Notification.AlertOpened" : "Notification.AlertCleared",
                [NotificationArg.Resource("AlertRule." + c.Alert.Rule), NotificationArg.Of(c.Alert.Subject), NotificationArg.Of(c.Alert.Detail ?? "")], Link))], ct);
        }
        await db.SaveChangesAsync(ct);
        // The subject can name an account or an address: the log line names the rule and the alert only.
        foreach (var (alert, opened) in changes)
            log.Log(opened ? LogLevel.Warning : LogLevel.Information, opened ? AppEvents.AlertOpened : AppEvents.AlertCleared,
                "Alert {AlertId} ({Rule}) {State}", alert.Id, alert.Rule, opened ? "opened" : "cleared");
        return (changes.Count(c => c.Opened), changes.Count(c => !c.Opened));
    }

    /// <summary>Open alerts (<paramref name="open"/> true) or cleared ones, newest first.</summary>
    public async Task<Page<AlertDto>> ListAsync(bool open, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.LogsRead);
        var size = Keyset.ClampPageSize(limit);
        var source = db.Alerts.AsNoTracking().Where(a => (a.ClearedAt == null) == open);
        var rows = await Keyset.Seek(source, a => a.OpenedAt, a => a.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, a => a.OpenedAt, a => a.Id);
        return new Page<AlertDto>(items.Select(a => new AlertDto(a.Id, a.Rule, a.Subject, a.Detail, a.OpenedAt, a.LastSeenAt, a.ClearedAt)).ToList(), next);
    }

    /// <summary>Active users holding <see cref="Permissions.LogsRead"/> through a role (administrators always do).</summary>
    private async Task<List<Guid>> RecipientsAsync(CancellationToken ct)
    {
        var roles = db.RoleClaims.Where(c => c.ClaimType == AppRole.PermissionClaim && c.ClaimValue == Permissions.LogsRead).Select(c => c.RoleId)
            .Concat(db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id));
        return await db.UserRoles.Where(ur => roles.Contains(ur.RoleId)).Select(ur => ur.UserId).Distinct().ToListAsync(ct);
    }
}
