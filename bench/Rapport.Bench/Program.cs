using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Bench;
using Rapport.Core.Data;

return await Bench.MainAsync(args);

namespace Rapport.Bench
{
    /// <summary>bench/run.sh --scale 10k|100k|1m|N --db sqlite|postgres [--duration S] (default 3) [--repeat N] (default 3: each
    /// scenario and level runs N times; the median p95 is reported with the spread) [--smoke] [--only TEXT] (only the scenarios whose
    /// name contains TEXT) [--reuse] (SQLite: keep the database a previous run generated at this scale, migrated to the current schema)
    /// [--analyze] (with --reuse on SQLite: first refresh the planner statistics with the nightly job's full ANALYZE).
    /// A run whose load average before measuring exceeds the core count is written under results/unpublished/.
    /// [--send] [--pace N] [--connections N]: instead of the API scenarios, a campaign to every generated customer through a
    /// loopback SMTP server, timed from "send" to the last message received (msg/s).</summary>
    public static class Bench
    {
        public sealed record Report(string Date, string Commit, string Db, int Scale, int Cores, double MemoryGb, string Load,
            double GenerateSeconds, long GeneratedRows, double RowsPerSecond, IReadOnlyList<Measurement> Results,
            string LoadAtStart = "n/a", double DurationSeconds = 0, int Repeats = 1, bool Publishable = true);

        /// <summary>Figures measured while the machine had more runnable work than cores describe the queue, not the product:
        /// such a run is not published.</summary>
        public static bool IsPublishable(string loadAverages, int cores) =>
            double.TryParse(loadAverages.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var one) && one <= cores;

        public static async Task<int> MainAsync(string[] args)
        {
            var report = await RunAsync(args, CancellationToken.None);
            return report.Results.Any(r => r.Errors > 0) ? 1 : 0;
        }

        public static async Task<Report> RunAsync(string[] args, CancellationToken ct)
        {
            string Opt(string name, string def) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : def; }
            var smoke = args.Contains("--smoke");
            var scale = ParseScale(Opt("--scale", smoke ? "2000" : "10k"));
            var provider = Opt("--db", "sqlite").Equals("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
            var duration = TimeSpan.FromSeconds(double.Parse(Opt("--duration", smoke ? "0.5" : "3"), CultureInfo.InvariantCulture));
            var repeats = Math.Max(1, int.Parse(Opt("--repeat", smoke ? "1" : "3"), CultureInfo.InvariantCulture));
            var warmup = TimeSpan.FromSeconds(smoke ? 0.2 : 2);
            var rewarm = TimeSpan.FromSeconds(smoke ? 0.1 : 0.5);
            var loadAtStart = Load();
            var root = RepoRoot();
            var outDir = Opt("--out", Path.Combine(root, "bench", "results"));
            var work = Opt("--data", Path.Combine(Path.GetTempPath(), "rapport-bench"));
            int[] readLevels = smoke ? [1, 4] : [1, 16, 64];
            int[] writeLevels = smoke ? [1, 4] : [1, 16];

            var db = new DatabaseOptions { Provider = provider, DataDirectory = Path.Combine(work, $"sqlite-{scale}") };
            // --reuse on PostgreSQL names a database an earlier run kept (--keep), e.g. rapport_bench_1000000_kept.
            var kept = Opt("--reuse", "");
            var keep = args.Contains("--keep");
            var reuse = args.Contains("--reuse") && (provider == DatabaseProvider.Sqlite ? File.Exists(Path.Combine(db.DataDirectory, "rapport.db")) : kept.StartsWith("rapport_bench_", StringComparison.Ordinal));
            if (provider == DatabaseProvider.Postgres)
            {
                var pgServer = PgServer;
                var name = reuse ? kept : keep ? $"rapport_bench_{scale}_kept" : $"rapport_bench_{scale}_{Environment.ProcessId}";
                if (args.Contains("--reuse") && !reuse)
                    throw new ArgumentException("On PostgreSQL --reuse names the database a run kept with --keep, e.g. --reuse rapport_bench_1000000_kept.");
                if (reuse && !await PgExistsAsync(pgServer, name, ct)) throw new ArgumentException($"There is no database {name} to reuse.");
                keep |= reuse;
                if (!reuse) await PgExec(pgServer, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", ct);
                // The app gets the connection string an operator would write, so it runs with its own pool defaults (ADR-054);
                // the bench's raw-SQL floor opens its connections with a pool of its own (Scenarios.Open).
                db.ConnectionString = new NpgsqlConnectionStringBuilder(pgServer) { Database = name }.ToString();
            }
            else if (Directory.Exists(db.DataDirectory) && !reuse)
            {
                Directory.Delete(db.DataDirectory, true);
            }

            Console.WriteLine($"[bench] {provider} scale={scale}: migrating");
            var options = new DbContextOptionsBuilder<RapportDbContext>();
            DatabaseSetup.Configure(options, db);
            await using (var ctx = new RapportDbContext(options.Options))
            {
                ctx.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout); // a migration may fill a table from 1M rows
                await ctx.Database.MigrateAsync(ct);
            }

            if (reuse && args.Contains("--analyze") && provider == DatabaseProvider.Sqlite)
            {
                // The nightly statistics job's full ANALYZE (ADR-051), for a file whose statistics are stale or sampled.
                Console.WriteLine("[bench] analysing (a full ANALYZE: minutes at 1M)");
                var analysed = Stopwatch.StartNew();
                await using var ctx = new RapportDbContext(options.Options);
                var run = await DatabaseStatistics.RefreshAsync(ctx, ct);
                Console.WriteLine($"[bench] analysed {run?.Steps} indexes and tables in {analysed.Elapsed.TotalSeconds:F0} s; longest step {run?.LongestStep} ({run?.Longest.TotalSeconds:F1} s)");
            }
            var gen = reuse ? await Generator.ReusedAsync(db, ct) : await new Generator(db, scale, seed: 42).RunAsync(ct);
            Console.WriteLine($"[bench] generated {gen.Rows:N0} rows in {gen.Seconds:F1}s ({gen.RowsPerSecond:N0} rows/s)");

            var port = FreePort();
            var env = new Dictionary<string, string>
            {
                ["Database__Provider"] = provider.ToString(), ["Database__ConnectionString"] = db.ConnectionString ?? "",
                ["Database__DataDirectory"] = db.DataDirectory, ["RAPPORT_ADMIN_PASSWORD"] = "Bench#Owner-2026",
                ["Logging__LogLevel__Default"] = "Warning", ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            var dll = ServerDll(root);
            var token = (await RunToEnd(dll, ["token", "create", "--user", "admin", "--name", "bench", "--days", "1"], env, ct)).Trim().Split('\n')[^1].Trim();
            if (args.Contains("--circuits"))
            {
                try
                {
                    return await CircuitsAsync(db, dll, env, port, scale, (int)double.Parse(Opt("--circuits", "40"), CultureInfo.InvariantCulture), outDir, loadAtStart, gen, ct);
                }
                finally
                {
                    if (provider == DatabaseProvider.Postgres && !keep) await DropAsync(db, ct);
                }
            }
            if (args.Contains("--send") || args.Contains("--export") || args.Contains("--soak"))
            {
                try
                {
                    return args.Contains("--send") ? await SendAsync(db, dll, env, port, token, scale, Opt, outDir, loadAtStart, gen, ct)
                        : args.Contains("--soak") ? await SoakAsync(db, dll, env, port, token, scale, Opt, outDir, loadAtStart, gen, ct)
                        : await ExportAsync(db, dll, env, port, token, scale, Opt("--format", "csv"), outDir, loadAtStart, gen, ct);
                }
                finally
                {
                    if (provider == DatabaseProvider.Postgres && !keep) await DropAsync(db, ct);
                }
            }
            if (args.Contains("--classify")) await ClassifyAsync(db, dll, env, scale, outDir, ct);
            var results = new List<Measurement>(await Sweep.RunAsync(db, reuse, () => RunToEnd(dll, ["sla", "sweep"], env, ct), ct));
            foreach (var m in results) Console.WriteLine(Line(m));
            var loadBefore = Load();
            using var server = Start(dll, ["--urls", $"http://127.0.0.1:{port}"], env);
            try
            {
                using var http = Scenarios.Client($"http://127.0.0.1:{port}", token);
                await WaitReady(http, ct);
                var samples = await Scenarios.CollectAsync(http, db, gen.Owners.ToArray(), smoke ? 10 : 500, ct);
                var scenarios = new Scenarios(http, db, samples);
                // --only "a|b": the scenarios whose names contain any of the terms.
                var only = Opt("--only", "").Split('|');
                var selected = scenarios.All().Where(s => only.Any(o => s.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
                // Every scenario's code paths are compiled before anything is measured, so the first one does not pay for the JIT.
                foreach (var s in selected) await Driver.RunAsync(s.Name, "api", 1, TimeSpan.Zero, rewarm, s.Api);
                loadBefore = Load();
                async Task<Measurement> Repeated(string name, string target, int c, Func<int, Task> op)
                {
                    var runs = new List<Measurement>();
                    for (var r = 0; r < repeats; r++) runs.Add(await Driver.RunAsync(name, target, c, r == 0 ? warmup : rewarm, duration, op));
                    return Measurement.Median(runs);
                }
                foreach (var s in selected)
                {
                    foreach (var c in s.Read ? readLevels : writeLevels)
                    {
                        var api = await Repeated(s.Name, "api", c, s.Api);
                        results.Add(api);
                        Console.WriteLine(Line(api));
                        if (s.Raw is null || c == 64) continue;
                        var conns = Enumerable.Range(0, c).Select(_ => Scenarios.Open(db)).ToArray();
                        try
                        {
                            var raw = await Repeated(s.Name, "raw", c, i => s.Raw(conns[i % c], i));
                            results.Add(raw);
                            Console.WriteLine(Line(raw));
                        }
                        finally
                        {
                            foreach (var k in conns) await k.DisposeAsync();
                        }
                    }
                }
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(ct);
            }

            var publishable = IsPublishable(loadBefore, Environment.ProcessorCount);
            var report = new Report(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Git(root), provider.ToString(), scale,
                Environment.ProcessorCount, Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1), loadBefore,
                gen.Seconds, gen.Rows, gen.RowsPerSecond, results, loadAtStart, duration.TotalSeconds, repeats, publishable);
            if (!publishable && !smoke)
            {
                outDir = Path.Combine(outDir, "unpublished");
                Console.WriteLine($"[bench] the load average before measuring ({loadBefore}) exceeds the {Environment.ProcessorCount} cores: not for publication");
            }
            Directory.CreateDirectory(outDir);
            var stem = Path.Combine(outDir, $"{provider.ToString().ToLowerInvariant()}-{scale}{(smoke ? "-smoke" : "")}");
            await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }), ct);
            await File.WriteAllTextAsync(stem + ".md", Markdown(report), ct);
            Console.WriteLine($"[bench] wrote {stem}.md and .json");
            if (provider == DatabaseProvider.Postgres && !keep) await DropAsync(db, ct);
            return report;
        }

        /// <summary>The PostgreSQL server the bench creates its databases on (<c>RAPPORT_TEST_PG</c>, else the local test role).</summary>
        private static string PgServer =>
            Environment.GetEnvironmentVariable("RAPPORT_TEST_PG") ?? "Host=127.0.0.1;Port=5432;Username=rapport;Password=rapport;Database=postgres";

        /// <summary>Drops the run's PostgreSQL database.</summary>
        private static async Task DropAsync(DatabaseOptions db, CancellationToken ct)
        {
            NpgsqlConnection.ClearAllPools();
            await PgExec(PgServer,
                $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(db.ConnectionString).Database}\" WITH (FORCE)", ct);
        }

        private static async Task<bool> PgExistsAsync(string cs, string database, CancellationToken ct)
        {
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", c);
            cmd.Parameters.AddWithValue("name", database);
            return await cmd.ExecuteScalarAsync(ct) is not null;
        }

        /// <summary><c>--send</c>: the campaign send to every generated customer through a loopback SMTP server, at the pace
        /// <c>--pace</c> messages a minute (default 60,000) over <c>--connections</c> SMTP connections (default 4).</summary>
        private static async Task<Report> SendAsync(DatabaseOptions db, string dll, Dictionary<string, string> env, int port, string token, int scale,
            Func<string, string, string> opt, string outDir, string loadAtStart, Generator.Result gen, CancellationToken ct)
        {
            await using (var conn = Scenarios.Open(db)) await CampaignSend.ConsentAsync(conn, ct);
            env["Mail__SendPollSeconds"] = "1";
            env["Campaigns__MessagesPerMinute"] = opt("--pace", "60000");
            env["Mail__Connections"] = opt("--connections", "4");
            var loadBefore = Load();
            using var server = Start(dll, ["--urls", $"http://127.0.0.1:{port}"], env);
            CampaignSend.Result r;
            try
            {
                using var http = Scenarios.Client($"http://127.0.0.1:{port}", token);
                await WaitReady(http, ct);
                r = await new CampaignSend(http).RunAsync(ct);
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(ct);
            }
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {db.Provider} | {r.Members:N0} | {env["Mail__Connections"]} | {env["Campaigns__MessagesPerMinute"]}/min | {r.QueuedSeconds:F1} s | {r.Received:N0} in {r.Seconds:F1} s | **{r.PerSecond:F0} msg/s** | {loadBefore} |");
            return await OneLineAsync("send", "| db | members | connections | pace | all queued after | received | end to end | load before |", line,
                db, scale, outDir, loadBefore, loadAtStart, gen, ct);
        }

        /// <summary>A mode's one result line: printed under its header, appended to results/KIND-DB-SCALE.md with the date
        /// and commit, and returned as a report with no scenario rows.</summary>
        private static async Task<Report> OneLineAsync(string kind, string header, string line, DatabaseOptions db, int scale, string outDir,
            string loadBefore, string loadAtStart, Generator.Result gen, CancellationToken ct)
        {
            Console.WriteLine("[bench] " + header);
            Console.WriteLine("[bench] " + line);
            Directory.CreateDirectory(outDir);
            await File.AppendAllTextAsync(Path.Combine(outDir, $"{kind}-{db.Provider.ToString().ToLowerInvariant()}-{scale}.md"),
                $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} commit {Git(RepoRoot())}\n{line}\n", ct);
            return new Report(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Git(RepoRoot()), db.Provider.ToString(), scale,
                Environment.ProcessorCount, Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1), loadBefore,
                gen.Seconds, gen.Rows, gen.RowsPerSecond, [], loadAtStart, 0, 1, IsPublishable(loadBefore, Environment.ProcessorCount));
        }

        /// <summary>How many exports follow the first after the start: the median of these is the published figure.</summary>
        private const int WarmExports = 5;

        /// <summary><c>--export [--format csv|xlsx]</c>: the background export of every customer, as a user starts it from
        /// the list, 1 + <see cref="WarmExports"/> times on one server: the first after its start (the JIT still compiling)
        /// and the warm ones, reported as their median and range; rows per second from start to the finished file, and the
        /// server's resident memory (sampled from /proc every 200 ms) before and at its peak.</summary>
        private static async Task<Report> ExportAsync(DatabaseOptions db, string dll, Dictionary<string, string> env, int port, string token, int scale,
            string format, string outDir, string loadAtStart, Generator.Result gen, CancellationToken ct)
        {
            // The scheduler is off, as in the soak: a nightly job missed while the app was down fires at its start.
            env["Jobs__Enabled"] = "false";
            using var server = Start(dll, ["--urls", $"http://127.0.0.1:{port}"], env);
            string line = "";
            string loadBefore;
            try
            {
                using var http = Scenarios.Client($"http://127.0.0.1:{port}", token);
                await WaitReady(http, ct);
                var idle = ResidentMegabytes(server.Id);
                // The build just before leaves the load high for a minute or two: wait for it to fall, as the soak does.
                loadBefore = await SettledLoadAsync(TimeSpan.FromSeconds(180), ct);
                var peak = idle;
                var runs = new List<(long Rows, double Seconds, long Bytes)>();
                // The first after the start (the JIT still compiling), then the warm ones the target is judged on.
                for (var i = 0; i < 1 + WarmExports; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var started = await http.PostAsync($"/api/v1/exports/customers?format={format}", null, ct);
                    started.EnsureSuccessStatusCode();
                    var run = (await started.Content.ReadFromJsonAsync<JsonElement>(ct));
                    var url = $"/api/v1/exports/{run.GetProperty("id").GetString()}";
                    while (run.GetProperty("state").GetString() == "running")
                    {
                        await Task.Delay(200, ct);
                        peak = Math.Max(peak, ResidentMegabytes(server.Id));
                        run = await http.GetFromJsonAsync<JsonElement>(url, ct);
                    }
                    var seconds = watch.Elapsed.TotalSeconds;
                    if (run.GetProperty("state").GetString() != "done") throw new InvalidOperationException($"The export failed: {run.GetProperty("error")}");
                    using var file = await http.GetAsync(run.GetProperty("download").GetString(), HttpCompletionOption.ResponseHeadersRead, ct);
                    runs.Add((run.GetProperty("written").GetInt64(), seconds, file.Content.Headers.ContentLength ?? 0));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] export {i + 1}: {runs[^1].Rows:N0} rows in {seconds:F1} s"));
                }
                string Rate((long Rows, double Seconds, long Bytes) r) => string.Create(CultureInfo.InvariantCulture, $"{r.Rows / r.Seconds:N0}");
                var warm = runs.Skip(1).OrderBy(r => r.Seconds).ToList();
                var median = warm[warm.Count / 2];
                line = string.Create(CultureInfo.InvariantCulture,
                    $"| {db.Provider} | {format} | {runs[0].Rows:N0} rows, {runs[0].Bytes / 1e6:F0} MB | {runs[0].Seconds:F1} s → {median.Seconds:F1} s ({warm[0].Seconds:F1}–{warm[^1].Seconds:F1}) | {Rate(runs[0])} → **{Rate(median)} rows/s** ({Rate(warm[^1])}–{Rate(warm[0])}) | {idle:N0} MB → {peak:N0} MB | {loadBefore} |");
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(ct);
            }
            return await OneLineAsync("export", $"| db | format | file | time: first after start → median of the next {WarmExports} (range) | rate: first → median (range) | server RSS idle → peak | load before |", line,
                db, scale, outDir, loadBefore, loadAtStart, gen, ct);
        }

        /// <summary><c>--soak [--users 200] [--minutes 10] [--think 5] [--warmup 30]</c>: the mixed load of <see cref="Soak"/>
        /// against the app on this database, reported per minute in results/soak-DB-SCALE.md (under unpublished/ when the
        /// load before it exceeded the cores).</summary>
        private static async Task<Report> SoakAsync(DatabaseOptions db, string dll, Dictionary<string, string> env, int port, string token, int scale,
            Func<string, string, string> opt, string outDir, string loadAtStart, Generator.Result gen, CancellationToken ct)
        {
            double Number(string name, string def) => double.Parse(opt(name, def), CultureInfo.InvariantCulture);
            // The scheduler is off: a nightly job missed while the app was down fires at its start (the duplicate scan
            // over every customer did), which would mix into what the users see. Jobs are measured on their own.
            env["Jobs__Enabled"] = "false";
            using var server = Start(dll, ["--urls", $"http://127.0.0.1:{port}"], env);
            Soak.Result result;
            string loadBefore;
            try
            {
                using var http = Scenarios.Client($"http://127.0.0.1:{port}", token);
                await WaitReady(http, ct);
                var samples = await Scenarios.CollectAsync(http, db, gen.Owners.ToArray(), 500, ct);
                loadBefore = await SettledLoadAsync(TimeSpan.FromSeconds(Number("--settle", "180")), ct);
                Console.WriteLine($"[bench] soak: load before {loadBefore}");
                result = await new Soak(http, db, new Scenarios(http, db, samples), samples).RunAsync((int)Number("--users", "200"),
                    TimeSpan.FromSeconds(Number("--think", "5")), TimeSpan.FromSeconds(Number("--warmup", "30")),
                    TimeSpan.FromMinutes(Number("--minutes", "10")), () => ResidentMegabytes(server.Id), ct);
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(ct);
            }
            var publishable = IsPublishable(loadBefore, Environment.ProcessorCount);
            var title = $"Soak, {db.Provider}, {scale:N0} customers — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Git(RepoRoot())}";
            var machine = string.Create(CultureInfo.InvariantCulture,
                $"Machine: {Environment.ProcessorCount} cores; load average {loadBefore} before the load{(publishable ? "" : " (more than the cores: not for publication)")}.");
            var text = Soak.Markdown(result, title, machine);
            Console.WriteLine(text);
            var dir = publishable ? outDir : Path.Combine(outDir, "unpublished");
            Directory.CreateDirectory(dir);
            await File.AppendAllTextAsync(Path.Combine(dir, $"soak-{db.Provider.ToString().ToLowerInvariant()}-{scale}.md"), text + "\n", ct);
            return new Report(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Git(RepoRoot()), db.Provider.ToString(), scale,
                Environment.ProcessorCount, Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1), loadBefore,
                gen.Seconds, gen.Rows, gen.RowsPerSecond,
                [new Measurement("soak: every action", "api", result.Users, result.Requests, result.Errors, result.P50, result.P95, result.P99, result.Requests / (result.Minutes * 60), result.FirstError),
                    .. result.PerAction.Select(a => new Measurement("soak: " + a.Action, "api", result.Users, a.Requests, a.Errors, a.P50, a.P95, a.P99, a.Requests / (result.Minutes * 60), null))],
                loadAtStart, result.Minutes * 60, 1, publishable);
        }

        /// <summary><c>--circuits N</c>: the server memory an open Blazor page holds (<see cref="Circuits"/>), appended to
        /// results/circuits-DB-SCALE.md.</summary>
        private static async Task<Report> CircuitsAsync(DatabaseOptions db, string dll, Dictionary<string, string> env, int port, int scale, int circuits,
            string outDir, string loadAtStart, Generator.Result gen, CancellationToken ct)
        {
            using var server = Start(dll, ["--urls", $"http://127.0.0.1:{port}"], env);
            string line;
            string loadBefore;
            try
            {
                using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }) await WaitReady(http, ct);
                loadBefore = Load();
                var r = await Circuits.RunAsync($"http://127.0.0.1:{port}", env["RAPPORT_ADMIN_PASSWORD"], circuits, () => ResidentMegabytes(server.Id),
                    () => Circuits.LiveHeapMegabytesAsync(server.Id, ct), ct);
                line = $"| {db.Provider} | {Circuits.Line(r)} | {loadBefore} |";
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(ct);
            }
            return await OneLineAsync("circuits", "| db | circuits | load before |", line, db, scale, outDir, loadBefore, loadAtStart, gen, ct);
        }

        /// <summary>A process's resident memory in MB (VmRSS of /proc/PID/status; 0 where there is no /proc).</summary>
        internal static long ResidentMegabytes(int pid)
        {
            var path = $"/proc/{pid}/status";
            if (!File.Exists(path)) return 0;
            var rss = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return rss is null ? 0 : long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        /// <summary><c>--classify</c>: the nightly classification (<c>rapport marketing classify</c>) over every generated
        /// customer with the orders <see cref="Orders"/> adds and the generated interactions: a first run (every
        /// customer moves from its default) and a steady one (nothing changed since).</summary>
        private static async Task ClassifyAsync(DatabaseOptions db, string dll, Dictionary<string, string> env, int scale, string outDir, CancellationToken ct)
        {
            long orders;
            await using (var conn = Scenarios.Open(db)) orders = await Orders.EnsureAsync(conn, db, ct);
            var loadBefore = Load();
            var lines = new List<string>();
            foreach (var run in new[] { "first", "steady" })
            {
                var watch = Stopwatch.StartNew();
                var output = (await RunToEnd(dll, ["marketing", "classify"], env, ct)).Trim().Split('\n')[^1].Trim();
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {db.Provider} | {scale:N0} | {orders:N0} | {run} | {output} | {watch.Elapsed.TotalSeconds:F1} s with start-up | {loadBefore} |");
                Console.WriteLine("[bench] " + line);
                lines.Add(line);
                loadBefore = Load();
            }
            Directory.CreateDirectory(outDir);
            await File.AppendAllTextAsync(Path.Combine(outDir, $"classify-{db.Provider.ToString().ToLowerInvariant()}-{scale}.md"),
                $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} commit {Git(RepoRoot())}\n{string.Join('\n', lines)}\n", ct);
        }

        public static string Markdown(Report r)
        {
            var sb = new StringBuilder();
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {r.Db}, {r.Scale:N0} customers — {r.Date}, commit {r.Commit}");
            sb.AppendLine();
            if (!r.Publishable)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"**Not for publication:** the load average before measuring ({r.Load}) exceeded the {r.Cores} cores.");
                sb.AppendLine();
            }
            sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {r.Cores} cores, {r.MemoryGb} GB; load average {r.LoadAtStart} at the start, {r.Load} before measuring. Generated {r.GeneratedRows:N0} rows in {r.GenerateSeconds:F1} s ({r.RowsPerSecond:N0} rows/s).");
            sb.AppendLine(CultureInfo.InvariantCulture, $"Each scenario and level: {r.Repeats} run(s) of {r.DurationSeconds:0.#} s after its own warm-up; the run with the median p95 is shown, with the lowest–highest p95 of the runs.");
            sb.AppendLine();
            sb.AppendLine("| scenario | clients | p50 ms | p95 ms (spread) | p99 ms | req/s | errors | raw p95 ms | API/raw (p95) |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var a in r.Results.Where(x => x.Target is "api" or "job"))
            {
                var raw = r.Results.FirstOrDefault(x => x.Target == "raw" && x.Scenario == a.Scenario && x.Concurrency == a.Concurrency);
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {a.Scenario} | {a.Concurrency} | {a.P50:F1} | {a.P95:F1}{Spread(a)} | {a.P99:F1} | {a.RequestsPerSecond:F0} | {a.Errors} | {(raw is null ? "–" : raw.P95.ToString("F2", CultureInfo.InvariantCulture))} | {(raw is null ? "–" : (a.P95 / Math.Max(raw.P95, 0.01)).ToString("F1", CultureInfo.InvariantCulture) + "×")} |");
            }
            return sb.ToString();
        }

        private static string Spread(Measurement m) =>
            m.Runs > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({m.P95Low:F1}–{m.P95High:F1})") : "";

        private static string Line(Measurement m) => string.Create(CultureInfo.InvariantCulture,
            $"  {m.Target,-3} c={m.Concurrency,-2} {m.Scenario,-40} p50={m.P50,7:F2} p95={m.P95,7:F2} p99={m.P99,7:F2} rps={m.RequestsPerSecond,7:F0} err={m.Errors}{(m.FirstError is null ? "" : " first: " + m.FirstError)}");

        public static int ParseScale(string s)
        {
            s = s.Trim().ToLowerInvariant();
            var mult = s.EndsWith('k') ? 1_000 : s.EndsWith('m') ? 1_000_000 : 1;
            return int.Parse(mult == 1 ? s : s[..^1], CultureInfo.InvariantCulture) * mult;
        }

        private static string RepoRoot()
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "Rapport.slnx"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("Run the bench from inside the repository.");
        }

        private static string ServerDll(string root)
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var dll = Path.Combine(root, "src", "Rapport.Server", "bin", config, "net10.0", "rapport.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first ({config}): {dll}");
        }

        private static ProcessStartInfo Psi(string dll, string[] args, Dictionary<string, string> env)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            foreach (var a in args) psi.ArgumentList.Add(a);
            foreach (var (k, v) in env) psi.Environment[k] = v;
            return psi;
        }

        private static Process Start(string dll, string[] args, Dictionary<string, string> env)
        {
            var psi = Psi(dll, args, env);
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return p;
        }

        private static async Task<string> RunToEnd(string dll, string[] args, Dictionary<string, string> env, CancellationToken ct)
        {
            var psi = Psi(dll, args, env);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            if (p.ExitCode != 0) throw new InvalidOperationException($"rapport {string.Join(' ', args)} failed: {await stderr}");
            return await stdout;
        }

        private static async Task WaitReady(HttpClient http, CancellationToken ct)
        {
            for (var i = 0; i < 600; i++)
            {
                try
                {
                    using var r = await http.GetAsync("/health/ready", ct);
                    if (r.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException) { }
                await Task.Delay(100, ct);
            }
            throw new TimeoutException("server did not become ready");
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        private static async Task PgExec(string cs, string sql, CancellationToken ct)
        {
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(sql, c);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        private static string Git(string root)
        {
            try
            {
                var psi = new ProcessStartInfo("git", "rev-parse --short HEAD") { WorkingDirectory = root, RedirectStandardOutput = true };
                using var p = Process.Start(psi)!;
                var s = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                return s.Length > 0 ? s : "unknown";
            }
            catch (System.ComponentModel.Win32Exception) { return "unknown"; }
        }

        /// <summary>The load average once the one-minute figure is within the cores, waiting up to <paramref name="limit"/>
        /// (<c>--settle</c>, default three minutes) for it to fall: a build or data generation just before leaves it high
        /// for a while.</summary>
        private static async Task<string> SettledLoadAsync(TimeSpan limit, CancellationToken ct)
        {
            for (var waited = 0; waited < limit.TotalSeconds && !IsPublishable(Load(), Environment.ProcessorCount); waited += 5)
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return Load();
        }

        private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }
}
