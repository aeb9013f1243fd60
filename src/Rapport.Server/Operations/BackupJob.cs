using Rapport.Core.Operations;

namespace Rapport.Server.Operations;

/// <summary>Every minute: a backup when <c>Backup:Schedule</c> has come due, then retention (see
/// <see cref="BackupService.RunScheduledAsync"/>); nothing when no schedule is set.</summary>
internal sealed class BackupJob(IServiceProvider services, ILogger<BackupJob> log) : PeriodicJob(TimeSpan.FromMinutes(1), log, "Backup job")
{
    protected override async Task RunAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<BackupService>().RunScheduledAsync(ct) is { } path)
            Log.LogInformation("Scheduled backup written to {Path}", path);
    }
}
