using Rapport.Core.Notifications;
using Rapport.Server.Jobs;

namespace Rapport.Server.Notifications;

/// <summary>Once an hour: deletes read notifications older than <c>Notifications:RetentionDays</c>.</summary>
internal sealed class NotificationRetentionJob(NotificationService notifications) : ScopedJob<NotificationRetentionJob, int>
{
    protected override Task<int> RunAsync(CancellationToken ct) => notifications.PruneAsync(ct);
}
