using System.Collections.Concurrent;
using Microsoft.AspNetCore.TestHost;
using Quartz;
using Rapport.Core.Jobs;
using Rapport.Server.Jobs;

namespace Rapport.Server.Tests.Jobs;

/// <summary>An app with a few jobs of the tests' own beside the real ones: two that tick every second, one that always
/// fails (scheduled for 2099, so it runs only when asked), three that do nothing nightly or hourly (two of them skip a
/// run missed while the app was down, as heavy maintenance does), and an observer that records what it is told.</summary>
public abstract class JobsApp(Provider provider) : RapportApp(provider)
{
    public const string Tick = "test-tick";
    public const string Clock = "test-clock";
    public const string Failing = "test-failing";
    public const string FailureText = "the printer is on fire 🔥";
    public const string NightlySkip = "test-nightly-skip";
    public const string HourlySkip = "test-hourly-skip";
    public const string NightlyCatchUp = "test-nightly-catch-up";
    public static readonly JobSchedule Nightly = JobSchedule.CronAt("0 30 2 * * ?");
    public static readonly JobSchedule Hourly = JobSchedule.Every(TimeSpan.FromHours(1));

    public ConcurrentQueue<(JobRunDto Run, int ConsecutiveFailures)> Observed { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Mail:SendPollSeconds", "7");
        builder.UseSetting("Mail:ImapPollSeconds", "90");
        ConfigureJobs(builder);
    }

    private void ConfigureJobs(IWebHostBuilder builder) => builder.ConfigureTestServices(s =>
    {
        s.AddSingleton(this);
        s.AddScoped<IJobRunObserver, RecordingObserver>();
        s.AddRecurringJob<NoOpJob>(Tick, JobSchedule.Every(TimeSpan.FromSeconds(1)), "Ticks.");
        s.AddRecurringJob<NoOpJob>(Clock, JobSchedule.Every(TimeSpan.FromSeconds(1)), "Keeps time for the tests.");
        s.AddRecurringJob<FailingJob>(Failing, JobSchedule.CronAt("0 0 0 1 1 ? 2099"), "Always fails.");
        s.AddRecurringJob<NoOpJob>(NightlySkip, Nightly, "Heavy night work.", MissedRun.Skip);
        s.AddRecurringJob<NoOpJob>(HourlySkip, Hourly, "Heavy hourly work.", MissedRun.Skip);
        s.AddRecurringJob<NoOpJob>(NightlyCatchUp, Nightly, "Night work owed to users.");
    });

    private sealed class RecordingObserver(JobsApp app) : IJobRunObserver
    {
        public Task RunRecordedAsync(JobRunDto run, int consecutiveFailures, CancellationToken ct)
        {
            app.Observed.Enqueue((run, consecutiveFailures));
            return Task.CompletedTask;
        }
    }
}

public sealed class JobsSqliteApp() : JobsApp(Provider.Sqlite);

public sealed class JobsPostgresApp() : JobsApp(Provider.Postgres);

internal sealed class NoOpJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

internal sealed class FailingJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(JobsApp.FailureText);
}

/// <summary>Notes each firing (its scheduled time and the node that ran it) under the test's key in the job data.</summary>
internal sealed class CountingJob : IJob
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset Scheduled, string Node)>> Firings = new();

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var key = (string)context.MergedJobDataMap["test"]!;
        Firings.GetOrAdd(key, _ => new()).Enqueue((context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.Scheduler.SchedulerInstanceId));
        return ValueTask.CompletedTask;
    }
}
