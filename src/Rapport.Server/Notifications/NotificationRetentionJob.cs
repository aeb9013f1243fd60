using Rapport.Core.Notifications;

namespace Rapport.Server.Notifications;

/// <summary>Once an hour: deletes read notifications older than <c>Notifications:RetentionDays</c>.</summary>
internal sealed class NotificationRetentionJob(IServiceProvider services, ILogger<NotificationRetentionJob> log)
    : PeriodicJob(TimeSpan.FromHours(1), log, "Notification retention")
{
    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(services, ct);

    public static async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationService>().PruneAsync(ct);
    }
}
