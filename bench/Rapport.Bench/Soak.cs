using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rapport.Core.Data;

namespace Rapport.Bench;

/// <summary><c>--soak [--users 200] [--minutes 10] [--think 5] [--warmup 30]</c>: a mixed load of simulated users
/// against the running app, reported per minute so that growth in latency or memory over time shows. Each user waits
/// between 0.5× and 1.5× the think time (seconds) between actions, then does one action picked by weight: list pages,
/// record details, timelines, searches, case queues, a dashboard widget, the pipeline board, creates, updates and
/// board moves. Quote PDFs are rendered by one user at 24 a minute, under the per-user document limit of 30.</summary>
internal sealed class Soak(HttpClient http, DatabaseOptions db, Scenarios scenarios, Scenarios.Samples samples)
{
    private sealed record Sample(long Start, double Ms, bool Ok, int Action);

    public sealed record Minute(int Index, long Requests, long Errors, double P50, double P95, double P99, long RssMb);

    public sealed record ActionFigures(string Action, int Weight, long Requests, long Errors, double P50, double P95, double P99);

    public sealed record Result(int Users, double ThinkSeconds, double WarmupSeconds, double Minutes, IReadOnlyList<Minute> PerMinute,
        IReadOnlyList<ActionFigures> PerAction, long Requests, long Errors, double P50, double P95, double P99, string? FirstError,
        long IdleRssMb, long PeakRssMb, long SettledRssMb);

    private sealed record Action(string Name, int Weight, Func<int, int, Task> Run);

    /// <summary>PDFs a minute from the one user who renders them: the app allows a user 30.</summary>
    private const int PdfsPerMinute = 24;

    public async Task<Result> RunAsync(int users, TimeSpan think, TimeSpan warmup, TimeSpan duration, Func<long> rss, CancellationToken ct)
    {
        var idle = rss();
        var (customers, deals, stages) = await OwnRowsAsync(users, ct);
        var quotes = await QuotesAsync(deals[users..], ct);
        var actions = Actions(customers, deals[..users], stages, users);
        var pdf = actions.Count;
        var names = actions.Select(a => a.Name).Append("quote PDF").ToArray();
        var total = actions.Sum(a => a.Weight);

        var samplesTaken = new ConcurrentQueue<Sample>();
        var memory = new ConcurrentQueue<(long At, long Mb)>();
        string? firstError = null;
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        bool Running() => Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested;

        async Task Timed(int action, Func<Task> run)
        {
            var t0 = Stopwatch.GetTimestamp();
            var ok = true;
            try
            {
                await run();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                ok = false;
                Interlocked.CompareExchange(ref firstError, $"{names[action]}: {e.Message}", null);
            }
            if (t0 >= measureFrom) samplesTaken.Enqueue(new Sample(t0, Stopwatch.GetElapsedTime(t0).TotalMilliseconds, ok, action));
        }

        async Task User(int u)
        {
            var random = new Random(u);
            var ticks = think.TotalMilliseconds;
            // Users start spread over one think time, so they do not arrive in step.
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * ticks), ct);
            for (var k = 0; Running(); k++)
            {
                var pick = random.Next(total);
                var a = 0;
                while (pick >= actions[a].Weight) pick -= actions[a++].Weight;
                var action = actions[a];
                await Timed(a, () => action.Run(u, k));
                await Task.Delay(TimeSpan.FromMilliseconds(ticks * (0.5 + random.NextDouble())), ct);
            }
        }

        async Task Documents()
        {
            for (var k = 0; Running(); k++)
            {
                var next = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60 / PdfsPerMinute;
                var quote = quotes[k % quotes.Length];
                await Timed(pdf, () => scenarios.Get($"/api/v1/quotes/{quote}/pdf"));
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            }
        }

        async Task Memory()
        {
            while (Running())
            {
                memory.Enqueue((Stopwatch.GetTimestamp(), rss()));
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, users).Select(u => Task.Run(() => User(u), ct)).Append(Documents()).Append(Memory()));
        // What the process keeps once the load has stopped and a collection has had a chance to run.
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        var settled = rss();

        var all = samplesTaken.ToArray();
        var minutes = (int)Math.Ceiling(duration.TotalMinutes);
        int MinuteOf(long at) => Math.Clamp((int)((at - measureFrom) / (60 * Stopwatch.Frequency)), 0, minutes - 1);
        var perMinute = Enumerable.Range(0, minutes).Select(m =>
        {
            var inMinute = all.Where(s => MinuteOf(s.Start) == m).ToArray();
            var mb = memory.Where(x => x.At >= measureFrom && MinuteOf(x.At) == m).Select(x => x.Mb).DefaultIfEmpty(0).Max();
            var (p50, p95, p99) = Percentiles(inMinute);
            return new Minute(m + 1, inMinute.Length, inMinute.Count(s => !s.Ok), p50, p95, p99, mb);
        }).ToList();
        var perAction = names.Select((name, a) =>
        {
            var mine = all.Where(s => s.Action == a).ToArray();
            var (p50, p95, p99) = Percentiles(mine);
            return new ActionFigures(name, a < actions.Count ? actions[a].Weight : 0, mine.Length, mine.Count(s => !s.Ok), p50, p95, p99);
        }).ToList();
        var (a50, a95, a99) = Percentiles(all);
        return new Result(users, think.TotalSeconds, warmup.TotalSeconds, duration.TotalMinutes, perMinute, perAction, all.Length,
            all.Count(s => !s.Ok), a50, a95, a99, firstError, idle, memory.Select(x => x.Mb).DefaultIfEmpty(idle).Max(), settled);
    }

    /// <summary>The actions and their weights (out of their sum). Writes use rows of the user's own, as people mostly
    /// edit their own records: two users never edit one customer or move one deal at the same time.</summary>
    private List<Action> Actions(Guid[] customers, Guid[] deals, Guid[] stages, int users)
    {
        var reads = scenarios.All().ToDictionary(s => s.Name, s => s.Api);
        var moves = new int[users];
        Action Read(string scenario, int weight, string? name = null) =>
            new(name ?? scenario, weight, (u, k) => reads[scenario](u + k * users));
        return
        [
            Read("list page 1 (default sort)", 12, "list page 1"),
            Read("list text filter + tag + sort by name", 2, "list: text filter + tag + sort by name"),
            Read($"deep cursor page ({samples.DeepPage})", 3, "deep cursor page"),
            Read("customer detail", 14),
            Read("timeline page", 10),
            Read("search name prefix", 8),
            Read("search phone", 6),
            Read("search Chinese fragment", 4),
            Read("case queue: an agent's active cases by due time", 5, "case queue (an agent's)"),
            Read("case detail", 4),
            Read("dashboard widget: pipeline KPI with previous period", 4, "dashboard widget (pipeline KPI)"),
            new("pipeline board (an owner's deals)", 4, (u, k) => scenarios.Get($"/api/v1/opportunities/board?ownerId={samples.Owners[(u + k) % samples.Owners.Length]}")),
            Read("create customer", 6),
            new("update customer", 8, (u, k) => scenarios.Send(HttpMethod.Put, $"/api/v1/customers/{customers[u]}", Scenarios.Body($"Soak {u}-{k}"))),
            // Each move takes the user's deal to the other stage (the first may find it there already).
            new("board move", 6, (u, k) => scenarios.Send(HttpMethod.Post, $"/api/v1/opportunities/{deals[u]}/move", new { stageId = stages[++moves[u] % 2] })),
        ];
    }

    /// <summary>A customer per user to update, from past the rows the read scenarios sample; open deals in the first
    /// two stages of the default pipeline (they require no fields) to move between them, one per user and a few more
    /// for the quotes; and those two stages.</summary>
    private async Task<(Guid[] Customers, Guid[] Deals, Guid[] Stages)> OwnRowsAsync(int users, CancellationToken ct)
    {
        await using var conn = Scenarios.Open(db);
        var stages = (await Scenarios.GuidsAsync(conn, "SELECT \"Id\" FROM \"PipelineStages\" WHERE \"PipelineId\" = (SELECT \"PipelineId\" FROM \"PipelineStages\" ORDER BY \"PipelineId\", \"Order\" LIMIT 1) ORDER BY \"Order\" LIMIT 2", ct));
        // Past the first 20,000 the read scenarios sample from, where the table is that large.
        var live = (await Scenarios.GuidsAsync(conn, $"SELECT \"Id\" FROM \"Customers\" WHERE \"DeletedAt\" IS NULL ORDER BY \"Number\" LIMIT {40_000 + users}", ct));
        var customers = live[Math.Max(0, live.Length - users)..];
        var literals = string.Join(",", stages.Select(Literal));
        var deals = await Scenarios.GuidsAsync(conn, $"SELECT \"Id\" FROM \"Opportunities\" WHERE \"ClosedAt\" IS NULL AND \"StageId\" IN ({literals}) ORDER BY \"Id\" LIMIT {users + 8}", ct);
        if (customers.Length < users || deals.Length < users + 8 || stages.Length < 2)
            throw new InvalidOperationException($"The soak needs {users} customers and {users + 8} open deals; the database has fewer.");
        return (customers, deals, stages);
    }

    private string Literal(Guid g) => db.Provider == DatabaseProvider.Postgres ? $"'{g}'::uuid" : $"'{g.ToString().ToUpperInvariant()}'";

    /// <summary>Quotes to render: one draft with two lines on each of the given deals.</summary>
    private async Task<Guid[]> QuotesAsync(Guid[] deals, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var deal in deals)
        {
            var body = new
            {
                validUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), notes = "Soak 压力测试",
                lines = new object[]
                {
                    new { description = "Consulting 咨询服务", quantity = 12, unitPrice = 1500, taxRatePercent = 6 },
                    new { description = "Licence 软件许可", quantity = 40, unitPrice = 320.5, discountPercent = 10, taxRatePercent = 13 },
                },
            };
            using var r = await http.PostAsJsonAsync($"/api/v1/opportunities/{deal}/quotes", body, ct);
            if (!r.IsSuccessStatusCode) throw new HttpRequestException($"{(int)r.StatusCode} creating a quote: {await r.Content.ReadAsStringAsync(ct)}");
            ids.Add((await r.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid());
        }
        return [.. ids];
    }

    private static (double P50, double P95, double P99) Percentiles(Sample[] samples)
    {
        if (samples.Length == 0) return (double.NaN, double.NaN, double.NaN);
        var sorted = samples.Select(s => s.Ms).Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (P(0.50), P(0.95), P(0.99));
    }

    /// <summary>The report: the whole run, then minute by minute, then per action.</summary>
    public static string Markdown(Result r, string title, string machine)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(c, $"### {title}").AppendLine();
        sb.AppendLine(c, $"{machine} {r.Users} simulated users, each waiting {r.ThinkSeconds * 0.5:0.##}–{r.ThinkSeconds * 1.5:0.##} s between actions; {r.Minutes:0.#} min measured after {r.WarmupSeconds:0} s of warm-up.");
        sb.AppendLine();
        sb.AppendLine(c, $"**{r.Requests:N0} requests ({r.Requests / (r.Minutes * 60):F0}/s), {r.Errors} errors; p50 {r.P50:F1} ms, p95 {r.P95:F1} ms, p99 {r.P99:F1} ms. Server RSS: {r.IdleRssMb:N0} MB idle before, {r.PeakRssMb:N0} MB at the peak, {r.SettledRssMb:N0} MB 15 s after the load stopped.**");
        if (r.FirstError is not null) sb.AppendLine().AppendLine(c, $"First error: `{r.FirstError}`");
        sb.AppendLine();
        sb.AppendLine("| minute | requests | errors | p50 ms | p95 ms | p99 ms | server RSS MB (max) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in r.PerMinute)
            sb.AppendLine(c, $"| {m.Index} | {m.Requests:N0} | {m.Errors} | {m.P50:F1} | {m.P95:F1} | {m.P99:F1} | {m.RssMb:N0} |");
        sb.AppendLine();
        sb.AppendLine("| action | weight | requests | errors | p50 ms | p95 ms | p99 ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var a in r.PerAction)
            sb.AppendLine(c, $"| {a.Action} | {(a.Weight == 0 ? $"{PdfsPerMinute}/min" : a.Weight.ToString(c))} | {a.Requests:N0} | {a.Errors} | {a.P50:F1} | {a.P95:F1} | {a.P99:F1} |");
        return sb.ToString();
    }
}
