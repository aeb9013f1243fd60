using System.Globalization;
using Microsoft.Playwright;

namespace Rapport.Bench;

/// <summary><c>--circuits [N]</c> (default 40): what an open Blazor page costs the server. One browser signs in through
/// the form (the sign-in limit allows 10 a minute per address, so the other pages share its cookie); its customer list
/// is the baseline. Then N more browser contexts open the customer list at 1M customers, each its own circuit, and stay
/// open. Reported per circuit: the growth of the server's live managed heap (measured by <c>dotnet-gcdump</c>, which
/// collects garbage first; run.sh installs it) and of its resident memory (which also counts garbage not yet
/// collected). Debian's Chromium, headless.</summary>
internal static class Circuits
{
    public sealed record Result(int Circuits, long BaselineMb, long OpenMb, double PerCircuitMb, long SettledMb, double OpenSeconds,
        double BaselineHeapMb, double OpenHeapMb, double PerCircuitHeapMb);

    public static async Task<Result> RunAsync(string baseUrl, string password, int circuits, Func<long> rss, Func<Task<double>> heap, CancellationToken ct)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var first = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        first.SetDefaultTimeout(120_000);
        var page = await first.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("User name|用户名")).FillAsync("admin");
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^(Password|密码)$")).FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await ListAsync(page);
        var state = await first.StorageStateAsync();
        await SettleAsync(ct);
        var baselineHeap = await heap();
        var baseline = rss();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var contexts = new List<IBrowserContext>();
        for (var i = 0; i < circuits; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, StorageState = state });
            context.SetDefaultTimeout(120_000);
            contexts.Add(context);
            await ListAsync(await context.NewPageAsync());
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await SettleAsync(ct);
        var openHeap = await heap();
        var open = rss();
        foreach (var c in contexts) await c.CloseAsync();
        await SettleAsync(ct);
        var settled = rss();
        return new Result(circuits, baseline, open, (open - baseline) / (double)circuits, settled, seconds,
            baselineHeap, openHeap, (openHeap - baselineHeap) / circuits);
    }

    /// <summary>The customer list with its first page of rows shown: the page's circuit is up and has rendered data.</summary>
    private static async Task ListAsync(IPage page)
    {
        await page.GotoAsync("/customers");
        await page.Locator("[data-testid=customer-table] tbody tr").First.WaitForAsync();
    }

    private static Task SettleAsync(CancellationToken ct) => Task.Delay(TimeSpan.FromSeconds(10), ct);

    public static string Line(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Circuits} circuits opened in {r.OpenSeconds:F1} s; live managed heap {r.BaselineHeapMb:F1} MB with one list open → {r.OpenHeapMb:F1} MB with {r.Circuits + 1}: **{r.PerCircuitHeapMb:F2} MB per circuit**; server RSS {r.BaselineMb:N0} → {r.OpenMb:N0} MB ({r.PerCircuitMb:F2} MB per circuit), {r.SettledMb:N0} MB after closing them");

    /// <summary>The live managed heap of a process in MB: <c>dotnet-gcdump</c> (from <c>RAPPORT_GCDUMP</c>, else on the
    /// PATH) induces a full collection, writes the heap's graph and reports its total.</summary>
    public static async Task<double> LiveHeapMegabytesAsync(int pid, CancellationToken ct)
    {
        var tool = Environment.GetEnvironmentVariable("RAPPORT_GCDUMP") ?? "dotnet-gcdump";
        var file = Path.Combine(Path.GetTempPath(), $"rapport-circuits-{pid}.gcdump");
        try
        {
            await ToolAsync(tool, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file], ct);
            var report = await ToolAsync(tool, ["report", file], ct);
            var line = report.Split('\n').First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
            return long.Parse(line.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) / 1e6;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> ToolAsync(string tool, string[] args, CancellationToken ct)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync(ct);
        var errors = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {await errors}");
        return await output;
    }
}
