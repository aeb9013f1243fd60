using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Rapport.Core.Observability;
using Rapport.Server.Observability;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.Observability;

/// <summary>An app for the logs, alerts and metrics tests: a clock the tests move, Information-level logging, low alert
/// thresholds, fakes for the disk, the job history and the backups, and a test-only path that fails with an
/// exception whose message carries <see cref="BoomMessage"/> (secrets and personal data a careless log would keep).</summary>
public abstract class ObservedApp(Provider provider) : RapportApp(provider)
{
    public const string BoomPath = "/test-only/boom";
    public static readonly string Secret = "Sekret-" + Unique();
    public static readonly string Token = "rpt_canary" + Unique();
    public static readonly string Email = $"canary.{Unique()}@example.org";
    public const string Phone = "+86 139 1234 5678";
    public static string BoomMessage => $"Host=db;Username=rapport;Password={Secret};Timeout=3 failed for {Email} / {Phone}, " +
        $"Authorization: Bearer {Token}, body {{\"password\":\"{Secret}\"}}";

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public FakeOperations Fakes { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Information));
        builder.UseSetting("Alerts:FailedSignIns", "3");
        builder.UseSetting("Alerts:FailedSignInMinutes", "10");
        builder.UseSetting("Alerts:ErrorRatePercent", "20");
        builder.UseSetting("Alerts:ErrorRateMinutes", "5");
        builder.UseSetting("Alerts:ErrorRateMinRequests", "10");
        builder.UseSetting("Alerts:AuditChainCheckMinutes", "0");
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IDiskSpace>(Fakes);
            s.AddSingleton<IJobRunHistory>(Fakes);
            s.AddSingleton<IBackupCatalog>(Fakes);
            s.AddSingleton<IStartupFilter, Boom>();
        });
    }

    /// <summary>Saves the queued events to the event table now (the writer does it in the background).</summary>
    public Task FlushEventsAsync() => Services.GetRequiredService<LogEntryWriter>().DrainAsync(Ct);

    /// <summary>One evaluation of the alert rules, as the job runs it.</summary>
    public Task<(int Opened, int Cleared)> EvaluateAlertsAsync() => AlertJob.RunOnceAsync(Services, Ct);

    private sealed class Boom : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // After the app's own pipeline: reached by this path only, inside the exception handler.
            app.Use((http, inner) => http.Request.Path == BoomPath ? throw new InvalidOperationException(BoomMessage) : inner(http));
        };
    }
}

/// <summary>What the job, backup and disk rules read, set by the tests.</summary>
public sealed class FakeOperations : IDiskSpace, IJobRunHistory, IBackupCatalog
{
    public (long Free, long Total) Disk { get; set; } = (50, 100);
    public List<JobStreak> Streaks { get; } = [];
    public DateTime? NewestBackup { get; set; } = DateTime.UtcNow.AddYears(1);

    public (long Free, long Total)? Measure(string path) => Disk;

    public Task<IReadOnlyList<JobStreak>> FailureStreaksAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<JobStreak>>([.. Streaks]);

    public Task<DateTime?> NewestBackupAtAsync(CancellationToken ct) => Task.FromResult(NewestBackup);
}

public sealed class ObservedSqliteApp() : ObservedApp(Provider.Sqlite);

public sealed class ObservedPostgresApp() : ObservedApp(Provider.Postgres);
