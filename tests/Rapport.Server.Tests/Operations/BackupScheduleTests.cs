using Microsoft.Extensions.Options;
using Rapport.Core.Operations;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.Operations;

/// <summary>Scheduled backups follow their cron schedule on the app's clock, and retention prunes ordinary backups
/// (never the safety backups made before a restore).</summary>
public abstract class BackupScheduleTests(RapportApp app) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rapport-backup-schedule-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Backups_run_when_the_schedule_comes_due_and_retention_keeps_the_newest_days()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero)); // a Monday
        var options = new BackupOptions { Directory = _dir, Passphrase = "schedule test", Schedule = "0 2 * * *", KeepDaily = 2, KeepWeekly = 1 };
        var backups = new BackupService(app.Services.GetRequiredService<DatabaseOptions>(), Options.Create(options), clock, new SystemUser());

        Assert.NotNull(await backups.RunScheduledAsync(Ct)); // none yet: one at once
        Assert.Null(await backups.RunScheduledAsync(Ct));
        clock.Advance(TimeSpan.FromHours(15)); // 01:00 Tuesday: the 02:00 run is not due yet
        Assert.Null(await backups.RunScheduledAsync(Ct));
        await backups.CreateAsync(null, BackupService.PreRestore, null, Ct);
        for (var day = 0; day < 3; day++)
        {
            clock.Advance(TimeSpan.FromHours(day == 0 ? 1.5 : 24)); // 02:30 Tuesday, Wednesday, Thursday
            Assert.NotNull(await backups.RunScheduledAsync(Ct));
        }

        var left = backups.List();
        Assert.Equal([new DateTime(2026, 11, 5, 2, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 4, 2, 30, 0, DateTimeKind.Utc)],
            left.Where(b => b.Kind is null).Select(b => b.CreatedAt));
        Assert.Single(left, b => b.Kind == BackupService.PreRestore);
        Assert.Equal(left.Count, Directory.GetFiles(_dir, "*.tar.gz").Length);
    }
}

public sealed class BackupScheduleOnSqlite(SqliteApp app) : BackupScheduleTests(app), IClassFixture<SqliteApp>;

public sealed class BackupScheduleOnPostgres(PostgresApp app) : BackupScheduleTests(app), IClassFixture<PostgresApp>;
