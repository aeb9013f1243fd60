using Quartz;
using Quartz.Impl;

namespace Rapport.Server.Jobs;

/// <summary>The one scheduler every recurring job runs on: Quartz with its ADO job store in the app's own database
/// (tables <c>qrtz_*</c>, see <see cref="QuartzSchema"/>), clustered on PostgreSQL so that with several app nodes
/// each firing runs on one of them. Built when the host starts, after the database is migrated, from the final
/// configuration (see <see cref="JobSchedulerHost"/>).</summary>
internal sealed class JobScheduler(IServiceProvider services, IEnumerable<RecurringJob> jobs, IConfiguration config)
{
    public const string Group = "rapport";
    public const string SchedulerName = "Rapport";
    private IScheduler? _scheduler;
    private volatile bool _running;

    /// <summary>The running scheduler (after start).</summary>
    public IScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("The job scheduler has not started.");

    public IReadOnlyList<RecurringJob> Jobs { get; } = jobs.ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!config.GetValue("Jobs:Enabled", true)) return;
        _scheduler = await BuildAsync(services, config["Jobs:NodeId"], cancellationToken);
        await SyncAsync(_scheduler, Jobs, config, cancellationToken);
        await _scheduler.Start(cancellationToken);
        _running = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        if (_scheduler is not null) await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }

    /// <summary>A scheduler on the app's database. <paramref name="nodeId"/> names this node in the cluster and in
    /// the run history (null: the machine name and a number, unique per process).</summary>
    public static async Task<IScheduler> BuildAsync(IServiceProvider services, string? nodeId, CancellationToken ct)
    {
        var db = services.GetRequiredService<DatabaseOptions>();
        var logging = services.GetRequiredService<ILoggerFactory>();
        var builder = QuartzSchedulerBuilder.Create(q =>
        {
            q.Services.AddSingleton(logging);
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                if (string.IsNullOrWhiteSpace(nodeId)) o.GenerateInstanceId = true;
                else o.InstanceId = nodeId;
            });
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultThreadPool(2);
            q.UseJobFactory(new MicrosoftDependencyInjectionJobFactory(services, Options.Create(new JobFactoryOptions()), logging));
            q.AddJobListener(new JobRunRecorder(services, logging.CreateLogger<JobRunRecorder>()), []);
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = QuartzSchema.TablePrefix;
                    // The misfire handler and cluster manager are the store's only real threads: background, so a
                    // scheduler that was not shut down (a host that never stopped) cannot keep the process alive.
                    o.UseBackgroundThreads = true;
                });
                if (db.Provider == DatabaseProvider.Postgres)
                {
                    // Several app nodes on one database share the work: each firing runs on one of them, and a
                    // node that dies has its firings recovered by the others.
                    store.UsePostgres(DatabaseSetup.PostgresSchedulerConnectionString(db.ConnectionString!));
                    store.UseClustering();
                }
                else
                {
                    // One node (Quartz refuses to cluster on SQLite's file locks, as a SQLite install has one app node anyway).
                    store.UseSqlite(DatabaseSetup.SqliteConnectionString(db));
                }
            });
        });
        return await builder.BuildScheduler(ct);
    }

    /// <summary>Stores each registered job and its trigger. A trigger already on the configured schedule is left alone,
    /// so its next fire time and a pause survive restarts; a changed schedule replaces it (keeping the pause). Runs
    /// after building and before starting the scheduler: a run missed while the app was down is still the stored
    /// trigger's next fire time, and starting applies the job's <see cref="MissedRun"/> to it.</summary>
    public static async Task SyncAsync(IScheduler scheduler, IEnumerable<RecurringJob> jobs, IConfiguration config, CancellationToken ct)
    {
        foreach (var job in jobs)
        {
            var schedule = ScheduleOf(job, config);
            var key = new JobKey(job.Name, Group);
            var detail = JobBuilder.Create().OfType(job.Type).WithIdentity(key).WithDescription(job.Description)
                .StoreDurably().DisallowConcurrentExecution().Build();
            await scheduler.AddJob(detail, new AddJobOptions { Replace = true }, ct);
            var triggerKey = new TriggerKey(job.Name, Group);
            var existing = await scheduler.GetTrigger(triggerKey, ct);
            if (existing is not null && schedule.Matches(existing))
            {
                // A trigger stored before its job's MissedRun changed (by an older release, say) takes the new one in
                // place: its next fire time and pause stay, so a run it missed is judged by the new instruction.
                if (existing.MisfireInstructionCode != schedule.MisfireCode(job.Missed))
                    await scheduler.UpdateTriggerDetails(triggerKey, schedule.MisfireUpdate(job.Missed), ct);
                continue;
            }
            var paused = existing is not null && await scheduler.GetTriggerState(triggerKey, ct) == TriggerState.Paused;
            var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity(triggerKey).ForJob(key).StartNow().WithSchedule(schedule.Builder(job.Missed)).Build();
            if (existing is null) await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
            else await scheduler.RescheduleJob(triggerKey, trigger, ct);
            if (paused) await scheduler.PauseJob(key, ct);
        }
    }

    /// <summary>The schedule <c>Jobs:Schedules:{name}</c> sets, or the one the module's settings give, or the one it registered.</summary>
    public static JobSchedule ScheduleOf(RecurringJob job, IConfiguration config) =>
        config[$"Jobs:Schedules:{job.Name}"] is { Length: > 0 } text ? JobSchedule.Parse(text) : job.FromConfig?.Invoke(config) ?? job.DefaultSchedule;

    /// <summary>Asks for a run of job <paramref name="name"/> now, unless the scheduler is off or the job is paused (a
    /// pause holds against wake-ups as against the schedule). Returns whether a run was asked for.</summary>
    public async Task<bool> WakeAsync(string name, CancellationToken ct)
    {
        if (!_running || _scheduler is not { } scheduler) return false;
        if (await scheduler.GetTriggerState(new TriggerKey(name, Group), ct) == TriggerState.Paused) return false;
        await scheduler.TriggerJob(new JobKey(name, Group), ct);
        return true;
    }
}
