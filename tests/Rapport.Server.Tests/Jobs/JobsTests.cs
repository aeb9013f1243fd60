using System.Globalization;
using Microsoft.Data.Sqlite;
using Quartz;
using Rapport.Core.Jobs;
using Rapport.Server.Jobs;

namespace Rapport.Server.Tests.Jobs;

/// <summary>The one scheduler: run now, failures with their error, pause that holds across a restart, misfires after
/// downtime, and several schedulers on one database firing each trigger once.</summary>
public abstract class JobsTests(JobsApp app)
{
    private const string Url = "/api/v1/jobs";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Polls until <paramref name="done"/> holds, failing after <see cref="Deadline"/>.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) Assert.Fail($"Timed out waiting for {what}");
            await Task.Delay(100, Ct);
        }
    }

    private async Task<IReadOnlyList<JobRunDto>> RunsAsync(HttpClient client, string job) =>
        (await client.GetPageAsync<JobRunDto>($"{Url}/{job}/runs?limit=200")).Items;

    private static async Task<JobDto> JobAsync(HttpClient client, string job) =>
        await (await client.GetAsync($"{Url}/{job}", Ct)).ReadAsync<JobDto>();

    [Fact]
    public async Task Every_registered_job_is_listed_with_its_schedule_and_next_run()
    {
        var admin = await app.AdminClientAsync();
        var jobs = await (await admin.GetAsync(Url, Ct)).ReadAsync<List<JobDto>>();

        foreach (var name in new[] { "case-sla-sweep", "contract-expiry", "notification-retention", "recycle-bin-purge", "audit-prune", "job-history-retention" })
            Assert.Contains(jobs, j => j.Name == name && j.NextRunAt is not null && !j.Paused);
        Assert.Equal("00:01:00", jobs.Single(j => j.Name == "case-sla-sweep").Schedule);
        Assert.Equal("0 15 3 * * ?", jobs.Single(j => j.Name == "audit-prune").Schedule);
    }

    [Fact]
    public async Task The_statistics_job_gives_the_sqlite_planner_statistics_for_tables_with_rows_and_leaves_postgres_to_autovacuum()
    {
        var admin = await app.AdminClientAsync();
        await admin.CreateAsync(CustomerSamples.Valid("Stats " + Unique()));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        // Statistics from an earlier run in this app would make the check below pass without this run.
        if (!db.IsPostgres && await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync(Ct) > 0)
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_stat1", Ct);

        var ran = await DatabaseStatisticsJob.RunOnceAsync(app.Services, Ct);

        Assert.Equal(!db.IsPostgres, ran is not null);
        if (db.IsPostgres) return;
        var tables = await db.Database.SqlQueryRaw<string>("SELECT DISTINCT tbl AS \"Value\" FROM sqlite_stat1").ToListAsync(Ct);
        Assert.Contains("Customers", tables);
        Assert.Contains("CustomerChannels", tables);
        // Every index of the customers, the pinyin one too (its collation is the app's own), as a bare ANALYZE gives.
        var indexes = await db.Database.SqlQueryRaw<string>(
            "SELECT \"name\" AS \"Value\" FROM sqlite_master WHERE \"type\" = 'index' AND \"tbl_name\" = 'Customers'").ToListAsync(Ct);
        var analysed = await db.Database.SqlQueryRaw<string>("SELECT idx AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'Customers'").ToListAsync(Ct);
        Assert.Contains("IX_Customers_Name_Pinyin", indexes);
        Assert.Equal(indexes.Order(StringComparer.Ordinal), analysed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_customer_created_while_the_statistics_run_is_saved_between_its_steps_not_after_the_whole_run()
    {
        var admin = await app.AdminClientAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var (steps, createdAfter) = (0, -1);

        // After the first index, a user saves a customer and the run waits for the answer: if the run held the write
        // lock from one step to the next (one ANALYZE of everything, or one transaction around the steps), the save
        // would wait out the lock timeout and fail.
        var run = await DatabaseStatistics.RefreshAsync(db, Ct, async (_, _) =>
        {
            if (++steps != 1) return;
            await admin.CreateAsync(CustomerSamples.Valid("During stats " + Unique()));
            createdAfter = steps;
        });

        if (db.IsPostgres)
        {
            Assert.Null(run);
            return;
        }
        Assert.Equal(1, createdAfter);
        Assert.True(run!.Steps > 1 && steps == run.Steps, $"{steps} steps seen, {run.Steps} reported");
        Assert.NotNull(run.LongestStep);
    }

    [Fact]
    public async Task Statistics_counted_without_the_write_lock_are_the_figures_sqlite_analyze_writes()
    {
        var admin = await app.AdminClientAsync();
        // Seven customers, six of them sharing a name two by two, so that the averages are not whole numbers (7 / 4
        // names is 2 rounded up, as SQLite rounds).
        var stem = Unique();
        for (var i = 0; i < 7; i++)
            await admin.CreateAsync(CustomerSamples.Valid($"Figures {stem} {i / 2}", CustomerSamples.NewTag()));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        if (db.IsPostgres) return;

        // SQLite's own full analysis of everything, holding the write lock, as the reference.
        await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit = 0; ANALYZE;", Ct);
        var analysed = await Stat1Async(db);
        var reference = await Stat1Async(db, tables: true);
        var read = new List<string>();
        var run = await DatabaseStatistics.RefreshAsync(db, Ct, (name, counted) =>
        {
            if (counted) read.Add(name);
            return Task.CompletedTask;
        });
        var counted = await Stat1Async(db);

        // Every index of these tables is on plain columns, and the digit keys of phones and emails are a WITHOUT ROWID
        // table (its own index): all of them were counted by reading queries.
        var indexes = await db.Database.SqlQueryRaw<string>(
            "SELECT \"name\" AS \"Value\" FROM sqlite_master WHERE \"type\" = 'index' AND \"tbl_name\" IN ('Customers', 'CustomerChannels', 'CustomerTags')").ToListAsync(Ct);
        indexes.Add("SearchKeys");
        Assert.Equal(read.Count, run!.Counted);
        Assert.All(indexes, index => Assert.Contains(index, read));
        foreach (var index in indexes)
            Assert.Equal((index, analysed.GetValueOrDefault(index)), (index, counted.GetValueOrDefault(index)));

        // The full-text index's shadow tables have no index: ANALYZE writes their row counts, which were counted too
        // (the contacts' took 5 s under the write lock at 1M).
        var rowCounts = await Stat1Async(db, tables: true);
        Assert.Contains("customer_fts_data", read);
        Assert.Contains("customer_fts_docsize", read);
        Assert.Contains("customer_fts_data", reference.Keys);
        Assert.Equal(Shadows(reference), Shadows(rowCounts));

        static List<KeyValuePair<string, string>> Shadows(Dictionary<string, string> rows) =>
            [.. rows.Where(r => r.Key.Contains("_fts_", StringComparison.Ordinal)).OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Connections_opened_before_the_statistics_run_plan_with_its_figures_after_it()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        for (var i = 0; i < 4; i++) await admin.CreateAsync(CustomerSamples.Valid("Plan " + Unique(), tag));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        if (db.IsPostgres) return;
        // Stale figures (a million customers) that make the tier index look unique and the name index useless, read by every connection
        // the pool will hand out (the pool is emptied, so each one loads them).
        await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit = 0; ANALYZE \"Customers\";", Ct);
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE sqlite_stat1 SET "stat" = '1000000' || substr("stat", instr("stat", ' ')) WHERE "tbl" = 'Customers';
            UPDATE sqlite_stat1 SET "stat" = '1000000 1000000 1' WHERE "idx" = 'IX_Customers_Name_Id';
            UPDATE sqlite_stat1 SET "stat" = '1000000 1 1 1' WHERE "idx" = 'IX_Customers_Tier_CreatedAt_Id';
            """, Ct);
        SqliteConnection.ClearAllPools();
        Assert.All(await PlansAsync(), plan => Assert.Contains("IX_Customers_Tier_CreatedAt_Id", plan, StringComparison.Ordinal));

        await DatabaseStatistics.RefreshAsync(db, Ct);

        // The pooled connections that planned with the stale figures are not handed out again.
        Assert.All(await PlansAsync(), plan => Assert.Contains("IX_Customers_Name_Id", plan, StringComparison.Ordinal));

        // Three connections open at once (so the pool holds at least three), each planning a lookup by name and tier.
        async Task<string[]> PlansAsync()
        {
            var scopes = Enumerable.Range(0, 3).Select(_ => app.Services.CreateAsyncScope()).ToList();
            try
            {
                var plans = new List<string>();
                foreach (var s in scopes)
                {
                    var context = s.ServiceProvider.GetRequiredService<RapportDbContext>();
                    await context.Database.OpenConnectionAsync(Ct);
                    await using var command = context.Database.GetDbConnection().CreateCommand();
                    command.CommandText = "EXPLAIN QUERY PLAN SELECT \"Id\" FROM \"Customers\" WHERE \"Name\" = 'Plan' AND \"Tier\" = 'Standard'";
                    await using var reader = await command.ExecuteReaderAsync(Ct);
                    var detail = new List<string>();
                    while (await reader.ReadAsync(Ct)) detail.Add(reader.GetString(3));
                    plans.Add(string.Join(" / ", detail));
                }
                return [.. plans];
            }
            finally
            {
                foreach (var s in scopes) await s.DisposeAsync();
            }
        }
    }

    /// <summary>The figures of sqlite_stat1 by index, or (<paramref name="tables"/>) the row counts of the tables without
    /// an index by table.</summary>
    private static async Task<Dictionary<string, string>> Stat1Async(RapportDbContext db, bool tables = false) =>
        (await db.Database.SqlQueryRaw<string>(tables
            ? "SELECT \"tbl\" || '=' || \"stat\" AS \"Value\" FROM sqlite_stat1 WHERE \"idx\" IS NULL"
            : "SELECT \"idx\" || '=' || \"stat\" AS \"Value\" FROM sqlite_stat1 WHERE \"idx\" IS NOT NULL").ToListAsync(Ct))
        .Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task The_mail_audit_chaining_and_key_rotation_workers_are_jobs_on_the_scheduler_with_their_configured_intervals()
    {
        var admin = await app.AdminClientAsync();
        var jobs = await (await admin.GetAsync(Url, Ct)).ReadAsync<List<JobDto>>();

        foreach (var name in new[] { "outbox-sender", "imap-poll", "audit-chain", "pii-rotation" })
            Assert.Contains(jobs, j => j.Name == name && j.NextRunAt is not null && !j.Paused);
        // Mail:SendPollSeconds and Mail:ImapPollSeconds still set the mail jobs' intervals.
        Assert.Equal("00:00:07", jobs.Single(j => j.Name == "outbox-sender").Schedule);
        Assert.Equal("00:01:30", jobs.Single(j => j.Name == "imap-poll").Schedule);

        await (await admin.PostAsync($"{Url}/audit-chain/run", null, Ct)).ShouldBeAsync(HttpStatusCode.Accepted);
        await EventuallyAsync(() => RunsAsync(admin, "audit-chain"), r => r.Any(x => x.TriggeredBy == "admin" && x.Succeeded), "the audit chaining run");
    }

    [Fact]
    public async Task Run_now_records_a_run_with_its_result_node_and_who_asked()
    {
        var admin = await app.AdminClientAsync();

        await (await admin.PostAsync($"{Url}/contract-expiry/run", null, Ct)).ShouldBeAsync(HttpStatusCode.Accepted);

        var runs = await EventuallyAsync(() => RunsAsync(admin, "contract-expiry"), r => r.Any(x => x.TriggeredBy == "admin"), "the run");
        var run = runs.First(x => x.TriggeredBy == "admin");
        Assert.True(run.Succeeded);
        Assert.Null(run.Error);
        Assert.False(string.IsNullOrEmpty(run.Node));
        Assert.True(run.DurationMs >= 0);
        var job = await JobAsync(admin, "contract-expiry");
        Assert.NotNull(job.LastRun);
    }

    [Fact]
    public async Task A_failing_job_shows_its_error_and_observers_learn_it_failed_twice_in_a_row()
    {
        var admin = await app.AdminClientAsync();

        await (await admin.PostAsync($"{Url}/{JobsApp.Failing}/run", null, Ct)).ShouldBeAsync(HttpStatusCode.Accepted);
        await EventuallyAsync(() => RunsAsync(admin, JobsApp.Failing), r => r.Count >= 1, "the first failure");
        await (await admin.PostAsync($"{Url}/{JobsApp.Failing}/run", null, Ct)).ShouldBeAsync(HttpStatusCode.Accepted);
        await EventuallyAsync(() => RunsAsync(admin, JobsApp.Failing), r => r.Count >= 2, "the second failure");

        var job = await JobAsync(admin, JobsApp.Failing);
        Assert.False(job.LastRun!.Succeeded);
        Assert.Contains(JobsApp.FailureText, job.LastFailure!.Error, StringComparison.Ordinal);
        await EventuallyAsync(() => Task.FromResult(app.Observed.ToList()),
            o => o.Any(x => x.Run.Job == JobsApp.Failing && x.ConsecutiveFailures >= 2), "the observer to hear of two failures");
    }

    [Fact]
    public async Task Pause_stops_the_schedule_firing_resume_starts_it_again_and_the_pause_survives_a_restart()
    {
        var admin = await app.AdminClientAsync();
        var paused = await (await admin.PostAsync($"{Url}/{JobsApp.Tick}/pause", null, Ct)).ReadAsync<JobDto>();
        Assert.True(paused.Paused);
        Assert.Null(paused.NextRunAt);

        // A run already under way when the pause came may still finish: count from the clock's next run on.
        var clockRuns = (await RunsAsync(admin, JobsApp.Clock)).Count;
        await EventuallyAsync(() => RunsAsync(admin, JobsApp.Clock), r => r.Count >= clockRuns + 1, "the clock to tick");
        var tickRuns = (await RunsAsync(admin, JobsApp.Tick)).Count;
        clockRuns = (await RunsAsync(admin, JobsApp.Clock)).Count;
        await EventuallyAsync(() => RunsAsync(admin, JobsApp.Clock), r => r.Count >= clockRuns + 3, "three more ticks of the clock");
        Assert.Equal(tickRuns, (await RunsAsync(admin, JobsApp.Tick)).Count);

        // The scheduler stops and the app starts again on the same database (registering its jobs anew): still paused.
        var jobs = app.Services.GetRequiredService<JobScheduler>();
        await jobs.StopAsync(Ct);
        await using (var restarted = app.WithWebHostBuilder(b => b.UseSetting("Jobs:NodeId", "restarted-" + Unique())))
        {
            var client = restarted.CreateClient(new() { BaseAddress = app.ClientOptions.BaseAddress });
            client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
            Assert.True((await JobAsync(client, JobsApp.Tick)).Paused);
        }
        await jobs.StartAsync(Ct);
        Assert.True((await JobAsync(admin, JobsApp.Tick)).Paused);

        var resumed = await (await admin.PostAsync($"{Url}/{JobsApp.Tick}/resume", null, Ct)).ReadAsync<JobDto>();
        Assert.False(resumed.Paused);
        await EventuallyAsync(() => RunsAsync(admin, JobsApp.Tick), r => r.Count > tickRuns, "the resumed job to run");
    }

    [Fact]
    public async Task Unknown_jobs_are_not_found()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PostAsync($"{Url}/no-such-job/run", null, Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"{Url}/no-such-job", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("0 * * * * ?")]
    public async Task After_downtime_a_missed_schedule_fires_once_not_once_per_missed_firing(string schedule)
    {
        var test = Unique();
        var scheduler = app.Services.GetRequiredService<JobScheduler>().Scheduler;
        var key = new JobKey("misfire-" + test, "tests");
        var job = JobBuilder.Create<CountingJob>().WithIdentity(key).UsingJobData("test", test).Build();
        // As if the app had been down for the last two hours of a per-minute schedule.
        var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity("misfire-" + test, "tests")
            .StartAt(DateTimeOffset.UtcNow.AddHours(-2)).WithSchedule(JobSchedule.Parse(schedule).Builder(MissedRun.CatchUp)).Build();

        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), Ct);

        var firings = await EventuallyAsync(() => Task.FromResult(CountingJob.Firings.GetOrAdd(test, _ => new()).ToList()), f => f.Count >= 1, "the catch-up run");
        var next = (await scheduler.GetTrigger(trigger.Key, Ct))!.NextFireTimeUtc;
        Assert.True(next > DateTimeOffset.UtcNow, $"the next firing ({next}) is in the future, not a missed one");
        Assert.Single(CountingJob.Firings[test]);
        await scheduler.DeleteJob(key, Ct);
    }

    /// <remarks>A cron schedule only. A brand-new interval trigger whose start lies in the past fires at once whatever its
    /// misfire instruction (Quartz, on both stores); the app never makes one (its triggers start now), and the interval
    /// job that missed its runs while the app was down is covered by the restart test below.</remarks>
    [Fact]
    public async Task After_downtime_a_schedule_that_skips_missed_runs_does_not_fire_and_waits_for_its_next_time()
    {
        var test = Unique();
        var scheduler = app.Services.GetRequiredService<JobScheduler>().Scheduler;
        var key = new JobKey("skip-" + test, "tests");
        var job = JobBuilder.Create<CountingJob>().WithIdentity(key).UsingJobData("test", test).Build();
        // Every minute, its next time ~30 s away: the run it is due for next cannot fall inside the test and pass for
        // a missed one (two hours of missed runs lie behind it).
        var now = DateTimeOffset.UtcNow;
        var schedule = JobSchedule.Parse(string.Create(CultureInfo.InvariantCulture, $"{now.AddSeconds(30).Second} * * * * ?"));
        var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity("skip-" + test, "tests")
            .StartAt(now.AddHours(-2).AddSeconds(30)).WithSchedule(schedule.Builder(MissedRun.Skip)).Build();

        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), Ct);

        var handled = await EventuallyAsync(async () => (await scheduler.GetTrigger(trigger.Key, Ct))!, t => t.NextFireTimeUtc > DateTimeOffset.UtcNow,
            "the missed firings to be dealt with");
        // Firing once now would have set the trigger's previous fire time before moving the next one past now.
        Assert.Null(handled.PreviousFireTimeUtc);
        Assert.True(handled.NextFireTimeUtc <= DateTimeOffset.UtcNow.AddMinutes(1), "the next firing is the schedule's next, not a later one");
        Assert.False(CountingJob.Firings.ContainsKey(test));
        await scheduler.DeleteJob(key, Ct);
    }

    [Fact]
    public async Task After_the_app_was_down_over_two_nights_heavy_jobs_skip_what_they_missed_and_the_others_run_it_once_at_start()
    {
        var admin = await app.AdminClientAsync();
        var jobs = app.Services.GetRequiredService<JobScheduler>();
        await jobs.StopAsync(Ct);
        var restarted = DateTime.UtcNow;
        try
        {
            // While the app is down the stored triggers' next fire times pass: set two days back in Quartz's table (UTC
            // ticks), as after two nights of downtime, their schedule and misfire instruction as the app stored them.
            // The hourly one gets, through a scheduler on the database that is never started (nothing fires), the
            // instruction an older release stored for every job (catch up), which the start must replace.
            var missed = DateTimeOffset.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds());
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                foreach (var name in new[] { JobsApp.NightlySkip, JobsApp.HourlySkip, JobsApp.NightlyCatchUp })
                    await db.Database.ExecuteSqlAsync($"UPDATE qrtz_triggers SET next_fire_time = {missed.UtcTicks} WHERE trigger_name = {name}", Ct);
            }
            var down = await JobScheduler.BuildAsync(app.Services, "down-" + Unique(), Ct);
            try
            {
                var hourlyKey = new TriggerKey(JobsApp.HourlySkip, JobScheduler.Group);
                await down.UpdateTriggerDetails(hourlyKey, JobsApp.Hourly.MisfireUpdate(MissedRun.CatchUp), Ct);
                Assert.Equal(JobsApp.Hourly.MisfireCode(MissedRun.CatchUp), (await down.GetTrigger(hourlyKey, Ct))!.MisfireInstructionCode);
                foreach (var name in new[] { JobsApp.NightlySkip, JobsApp.HourlySkip, JobsApp.NightlyCatchUp })
                    Assert.Equal(missed, (await down.GetTrigger(new TriggerKey(name, JobScheduler.Group), Ct))!.NextFireTimeUtc);
            }
            finally
            {
                await down.Shutdown(waitForJobsToComplete: false, Ct);
            }
            restarted = DateTime.UtcNow;
        }
        finally
        {
            await jobs.StartAsync(Ct);
        }

        var scheduler = jobs.Scheduler;
        await EventuallyAsync(() => RunsAsync(admin, JobsApp.NightlyCatchUp), r => r.Count >= 1, "the catch-up job's missed run");
        var catchUp = (await scheduler.GetTrigger(new TriggerKey(JobsApp.NightlyCatchUp, JobScheduler.Group), Ct))!;
        Assert.True(catchUp.NextFireTimeUtc > DateTimeOffset.UtcNow, "once, not once per missed night");
        Assert.Single(await RunsAsync(admin, JobsApp.NightlyCatchUp));
        foreach (var name in new[] { JobsApp.NightlySkip, JobsApp.HourlySkip })
        {
            var key = new TriggerKey(name, JobScheduler.Group);
            var handled = await EventuallyAsync(async () => (await scheduler.GetTrigger(key, Ct))!, t => t.NextFireTimeUtc > DateTimeOffset.UtcNow,
                $"{name}'s missed run to be dealt with");
            // Firing once now would have set a cron trigger's previous fire time before moving the next one past now.
            if (handled is ICronTrigger) Assert.Null(handled.PreviousFireTimeUtc);
            Assert.DoesNotContain(await RunsAsync(admin, name), r => r.StartedAt >= restarted);
        }
        var hourly = (await scheduler.GetTrigger(new TriggerKey(JobsApp.HourlySkip, JobScheduler.Group), Ct))!;
        Assert.Equal(JobsApp.Hourly.MisfireCode(MissedRun.Skip), hourly.MisfireInstructionCode);
        Assert.True(hourly.NextFireTimeUtc <= DateTimeOffset.UtcNow.AddHours(1), "the hourly job keeps its cadence");
    }

    /// <summary>Several app nodes share a PostgreSQL database (run by <see cref="JobsOnPostgres"/> only: a SQLite
    /// installation has one node, and Quartz refuses to cluster on it).</summary>
    protected async Task SchedulersJoiningRunEachFiringOnceAsync()
    {
        var test = Unique();
        const int firings = 16;
        var fired = () => Task.FromResult(CountingJob.Firings.GetOrAdd(test, _ => new()).ToList());
        var nodes = new List<IScheduler>();
        try
        {
            // Beside the app's own scheduler, a second one fires the job; more nodes start while it fires (as in a
            // rolling restart) and must neither take its firings nor repeat them.
            var a = await JobScheduler.BuildAsync(app.Services, "node-a-" + test, Ct);
            nodes.Add(a);
            await a.Start(Ct);
            var job = JobBuilder.Create<CountingJob>().WithIdentity("once-" + test, "tests").UsingJobData("test", test).Build();
            var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity("once-" + test, "tests").StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromMilliseconds(250)).WithRepeatCount(firings - 1)).Build();
            await a.ScheduleJob(job, trigger, new ScheduleJobOptions(), Ct);
            foreach (var (name, after) in new[] { ("b", 2), ("c", 6), ("d", 10) })
            {
                await EventuallyAsync(fired, f => f.Count >= after, $"{after} firings");
                var node = await JobScheduler.BuildAsync(app.Services, $"node-{name}-{test}", Ct);
                nodes.Add(node);
                await node.Start(Ct);
            }

            await EventuallyAsync(async () => await a.GetTriggerState(trigger.Key, Ct), s => s == TriggerState.None, "the trigger to complete");
            var seen = await EventuallyAsync(fired, f => f.Count >= firings, "every firing");
            Assert.Equal(firings, seen.Select(f => f.Scheduled).Distinct().Count());
            Assert.Equal(firings, seen.Count);
        }
        finally
        {
            foreach (var node in nodes) await node.Shutdown(waitForJobsToComplete: true, Ct);
        }
    }

    [Fact]
    public void A_long_error_is_cut_without_splitting_a_character()
    {
        var error = new InvalidOperationException(new string('x', JobRun.ErrorMax - 30) + string.Concat(Enumerable.Repeat("🔥", 40)));
        var run = JobRun.Of("j", "n", DateTime.UtcNow, TimeSpan.Zero, error, null);
        Assert.True(run.Error!.Length <= JobRun.ErrorMax);
        Assert.False(char.IsHighSurrogate(run.Error[^2]));
        Assert.EndsWith("…", run.Error, StringComparison.Ordinal);
    }
}

public sealed class JobsOnSqlite(JobsSqliteApp app) : JobsTests(app), IClassFixture<JobsSqliteApp>;

public sealed class JobsOnPostgres(JobsPostgresApp app) : JobsTests(app), IClassFixture<JobsPostgresApp>
{
    [Fact]
    public Task Schedulers_joining_on_the_same_database_while_a_job_fires_run_each_firing_exactly_once() => SchedulersJoiningRunEachFiringOnceAsync();
}
