using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>The app, with runs left "running" by a dead process resumable at once (instead of after two minutes).</summary>
public abstract class StaleImportsApp(Provider provider) : RapportApp(provider)
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Imports:StaleAfterSeconds", "0");
}

public sealed class StaleImportsSqliteApp() : StaleImportsApp(Provider.Sqlite);

public sealed class StaleImportsPostgresApp() : StaleImportsApp(Provider.Postgres);

/// <summary>kill -9 of a real <c>rapport import</c> process in the middle of a run: every customer in the database is
/// known to the run's rows, and resume finishes the file with the right totals.</summary>
public abstract class ImportCrashTests(StaleImportsApp app)
{
    private const int Rows = 10_000;

    [Fact]
    public async Task A_killed_import_leaves_only_customers_its_rows_know_and_resume_finishes_it()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var file = Path.Combine(app.DataDirectory, $"crash-{tag}.csv");
        await File.WriteAllLinesAsync(file, ["Name,Email,Country,City,Tags", .. Enumerable.Range(0, Rows).Select(i => $"Crash {i},c{i}.{tag}@example.com,China,Shanghai,{tag}")], Ct);

        var (runId, seen) = await KillMidRunAsync(file);
        Assert.True(seen >= 2, "the process was killed before two batches committed");

        var run = await (await admin.GetAsync($"{ImportApi.Url}/{runId}", Ct)).ReadAsync<ImportRunDto>();
        Assert.Equal(ImportStatus.Running, run.Status);
        Assert.True(run.Done < Rows, "the run finished before it was killed");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var imported = db.Customers.Where(c => c.Tags.Any(t => t.Name == tag)).Select(c => c.Id);
            var known = db.ImportRunRows.Where(r => r.RunId == runId && r.Kind == ImportRowKind.Created).Select(r => r.RecordId!.Value);
            Assert.Equal(0, await imported.CountAsync(id => !known.Contains(id), Ct));
            Assert.Equal(run.Created, await imported.CountAsync(Ct));
            Assert.Equal(run.Done, run.Created);
        }

        var resumed = await admin.RunToEndAsync(runId, "resume");

        Assert.Equal((ImportStatus.Completed, Rows, Rows, 0), (resumed.Status, resumed.Done, resumed.Created, resumed.Failed));
        await using var after = app.Services.CreateAsyncScope();
        Assert.Equal(Rows, await after.ServiceProvider.GetRequiredService<RapportDbContext>().CustomerTags.CountAsync(t => t.Name == tag, Ct));
    }

    /// <summary>Starts <c>rapport import</c> on this app's database and kills it (SIGKILL) once two batches are in.</summary>
    private async Task<(Guid RunId, int Batches)> KillMidRunAsync(string file)
    {
        using var process = RapportCli.Start(app, ["import", file, "--user", "admin"], new Dictionary<string, string> { ["Imports__BatchSize"] = "1000" });
        _ = process.StandardError.ReadToEndAsync(Ct);
        Guid? runId = null;
        var batches = 0;
        while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
        {
            if (line.StartsWith("Run ", StringComparison.Ordinal)) runId = Guid.Parse(line[4..line.IndexOf(':', StringComparison.Ordinal)]);
            if (line.StartsWith("row ", StringComparison.Ordinal) && ++batches == 2)
            {
                process.Kill(entireProcessTree: true);
                break;
            }
        }
        await process.WaitForExitAsync(Ct);
        return (runId ?? throw new InvalidOperationException("rapport import printed no run id"), batches);
    }
}

public sealed class ImportCrashOnSqlite(StaleImportsSqliteApp app) : ImportCrashTests(app), IClassFixture<StaleImportsSqliteApp>;

public sealed class ImportCrashOnPostgres(StaleImportsPostgresApp app) : ImportCrashTests(app), IClassFixture<StaleImportsPostgresApp>;
