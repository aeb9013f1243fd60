using System.Text;
using Rapport.Core.Operations;

namespace Rapport.Core.Tests.Operations;

public sealed class BackupRetentionTests
{
    private static readonly DateTime Monday = new(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc);

    /// <summary>One backup at 02:00 every day for four weeks, up to and including <paramref name="last"/>.</summary>
    private static List<DateTime> DailyUntil(DateTime last) => Enumerable.Range(0, 28).Select(i => last.AddDays(-i)).ToList();

    [Fact]
    public void Keeps_the_newest_of_each_recent_day_and_week_and_lets_the_rest_go()
    {
        var now = Monday.AddDays(21).AddHours(10); // Monday of the fourth week, 12:00
        var backups = DailyUntil(Monday.AddDays(21));

        var keep = BackupRetention.Keep(backups, keepDaily: 3, keepWeekly: 3, now);

        // Today, Sunday, Saturday (daily); the newest of this week (today), of last week (Sunday, already kept) and of
        // the week before (its Sunday).
        Assert.Equal([Monday.AddDays(21), Monday.AddDays(20), Monday.AddDays(19), Monday.AddDays(13)],
            keep.OrderDescending());
    }

    [Fact]
    public void Moving_the_clock_a_day_on_releases_the_oldest_daily_backup()
    {
        var backups = DailyUntil(Monday.AddDays(21));
        var today = Monday.AddDays(21).AddHours(10);
        Assert.Contains(Monday.AddDays(19), BackupRetention.Keep(backups, 3, 0, today));

        var tomorrow = BackupRetention.Keep(backups.Append(Monday.AddDays(22)), 3, 0, today.AddDays(1));

        Assert.DoesNotContain(Monday.AddDays(19), tomorrow);
        Assert.Equal([Monday.AddDays(22), Monday.AddDays(21), Monday.AddDays(20)], tomorrow.OrderDescending());
    }

    [Fact]
    public void The_newest_backup_is_kept_however_old_and_whatever_the_settings()
    {
        var old = Monday.AddDays(-400);

        Assert.Equal([old], BackupRetention.Keep([old, old.AddDays(-1)], keepDaily: 0, keepWeekly: 0, Monday));
        Assert.Empty(BackupRetention.Keep([], 7, 4, Monday));
    }

    [Fact]
    public void A_sealed_secret_opens_with_its_passphrase_only()
    {
        var secret = "{\"indexKey\":\"…\"}"u8.ToArray();

        var sealedBytes = BackupSecret.Seal(secret, "correct horse");

        Assert.Equal(secret, BackupSecret.Open(sealedBytes, "correct horse"));
        Assert.DoesNotContain("indexKey", Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
        Assert.Contains("\"Iterations\":600000", Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
        var wrong = Assert.Throws<BackupException>(() => BackupSecret.Open(sealedBytes, "Correct horse"));
        Assert.Contains("passphrase is wrong", wrong.Message, StringComparison.Ordinal);
    }
}
