using Quartz;
using Rapport.Core.Notifications;

namespace Rapport.Server.Notifications;

/// <summary>Once an hour: deletes read notifications older than <c>Notifications:RetentionDays</c>.</summary>
internal sealed class NotificationRetentionJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunOnceAsync(services, cancellationToken);

    public static async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationService>().PruneAsync(ct);
    }
}
