namespace Rapport.Bench.Tests;

/// <summary>A tiny end-to-end run of the benchmark harness, so it cannot rot: generate, serve, drive, report.</summary>
public sealed class BenchSmokeTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Smoke_run_measures_every_scenario_without_errors(string db)
    {
        var outDir = Path.Combine(Path.GetTempPath(), "rapport-bench-smoke", Guid.NewGuid().ToString("N"));
        var report = await Bench.RunAsync(["--smoke", "--db", db, "--scale", "1000", "--out", outDir], TestContext.Current.CancellationToken);

        Assert.True(report.GeneratedRows > 1000 * 10, $"generated only {report.GeneratedRows} rows");
        var api = report.Results.Where(r => r.Target == "api").ToList();
        Assert.Equal(20, api.Select(r => r.Scenario).Distinct().Count());
        // The generated backlog has active cases past their due times: the product's breach sweep stamps some of them.
        Assert.Contains(report.Results, r => r.Target == "job" && r.Scenario.StartsWith("breach sweep, backlog", StringComparison.Ordinal)
            && !r.Scenario.Contains(", 0 stamped", StringComparison.Ordinal));
        Assert.All(report.Results, r =>
        {
            Assert.True(r.Errors == 0, $"{r.Target} {r.Scenario} c={r.Concurrency}: {r.Errors} errors, first: {r.FirstError}");
            Assert.True(r.Requests > 0, $"{r.Target} {r.Scenario} c={r.Concurrency} made no request");
        });
        Assert.Contains(report.Results, r => r.Target == "raw");
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, $"{db}-1000-smoke.md"), TestContext.Current.CancellationToken);
        Assert.Contains("| customer detail |", md, StringComparison.Ordinal);
        Assert.Contains("| case queue: a team's active cases by due time |", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_short_soak_does_every_action_without_errors_and_reports_each_minute(string db)
    {
        var outDir = Path.Combine(Path.GetTempPath(), "rapport-bench-smoke", Guid.NewGuid().ToString("N"));
        // Its own data folder: it does not share the generated SQLite file with the smoke run.
        var report = await Bench.RunAsync(["--soak", "--db", db, "--scale", "1000", "--users", "10", "--think", "0.2", "--warmup", "2",
            "--minutes", "0.25", "--settle", "0", "--out", outDir, "--data", Path.Combine(outDir, "data")], TestContext.Current.CancellationToken);

        var actions = report.Results.Where(r => r.Scenario != "soak: every action").ToList();
        Assert.Contains(actions, r => r.Scenario == "soak: board move");
        Assert.Contains(actions, r => r.Scenario == "soak: quote PDF");
        Assert.Equal(16, actions.Count);
        Assert.All(report.Results, r =>
        {
            Assert.True(r.Errors == 0, $"{r.Scenario}: {r.Errors} errors, first: {r.FirstError}");
            Assert.True(r.Requests > 0, $"{r.Scenario} made no request");
        });
        var md = Directory.GetFiles(outDir, $"soak-{db}-1000.md", SearchOption.AllDirectories).Single();
        var text = await File.ReadAllTextAsync(md, TestContext.Current.CancellationToken);
        Assert.Contains("| minute | requests | errors |", text, StringComparison.Ordinal);
        Assert.Matches(@"\| 1 \| [\d,]+ \| 0 \|", text);
    }

    [Fact]
    public void Repeated_runs_report_the_median_p95_with_the_spread_and_every_error()
    {
        static Measurement Run(double p95, long errors = 0, string? first = null) => new("s", "api", 16, 100, errors, p95 / 2, p95, p95 * 2, 50, first);
        var median = Measurement.Median([Run(30), Run(12, 1, "timeout"), Run(18)]);
        Assert.Equal(18, median.P95);
        Assert.Equal(9, median.P50); // the median run's own figures, not a mix of runs
        Assert.Equal((3, 12.0, 30.0), (median.Runs, median.P95Low, median.P95High));
        Assert.Equal((1L, "timeout"), (median.Errors, median.FirstError));
        Assert.Equal(20, Measurement.Median([Run(40), Run(20), Run(10), Run(30)]).P95); // even count: the lower middle
    }

    [Theory]
    [InlineData("1.95 3.10 4.00", 2, true)]
    [InlineData("2.00 9.00 9.00", 2, true)]
    [InlineData("2.01 0.50 0.40", 2, false)]
    [InlineData("n/a", 2, false)]
    public void A_run_is_published_only_when_the_load_before_measuring_is_within_the_cores(string load, int cores, bool publishable) =>
        Assert.Equal(publishable, Bench.IsPublishable(load, cores));

    [Theory]
    [InlineData("10k", 10_000)]
    [InlineData("100k", 100_000)]
    [InlineData("1m", 1_000_000)]
    [InlineData("2500", 2_500)]
    public void Scale_accepts_k_and_m_suffixes(string text, int expected) => Assert.Equal(expected, Bench.ParseScale(text));
}
