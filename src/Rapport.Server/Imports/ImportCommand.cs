using Rapport.Core.Imports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Imports;

/// <summary><c>rapport import FILE [--target customers|contacts|leads|opportunities|interactions|products|cases] [--mode skip|update|create] [--match number,email,phone,name]
/// [--mapping mapping.json] [--user admin]</c> and <c>rapport import --resume RUN-ID</c>: the same run as the wizard's,
/// in this process, printing progress after every batch.</summary>
internal static class ImportCommand
{
    public const string Verb = "import";

    public const string Usage = """
               rapport import FILE [--target customers|contacts|leads|opportunities|interactions|products|cases] [--mode skip|update|create] [--match number,email,phone,name]
                              [--mapping mapping.json] [--user NAME]
                                                     import a CSV/xlsx file, printing progress (resumable)
               rapport import --resume RUN-ID [--user NAME]   continue a failed or interrupted import
        """;

    public static async Task<int> RunAsync(IServiceProvider outer, string[] args, Func<string[], string, string?> option, CancellationToken ct)
    {
        // A scope of its own: the caller must be set before anything in it (the DbContext) asks who is calling.
        await using var scope = outer.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var userName = option(args, "--user") ?? "admin";
        var user = await outer.GetRequiredService<RapportDbContext>().Users.Where(u => u.UserName == userName).Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No user named '{userName}'.");
            return 2;
        }
        // As that user: their permissions and record scope, and their name on the audit entries.
        var access = await outer.GetRequiredService<AccessResolver>().ResolveAsync(user.Id, ct);
        sp.GetRequiredService<CircuitCaller>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName!)], "cli")),
            access, new CircuitInfo { UserAgent = "rapport import" });
        var imports = sp.GetRequiredService<ImportService>();
        try
        {
            Guid id;
            if (option(args, "--resume") is { } resume)
            {
                id = Guid.Parse(resume);
                await imports.StartAsync(id, ct);
            }
            else
            {
                if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException("FILE is required.");
                var path = args[1];
                ImportPreview preview;
                await using (var file = File.OpenRead(path))
                    preview = await imports.CreateAsync(option(args, "--target") ?? option(args, "--entity") ?? ImportService.Customers, Path.GetFileName(path), file, ct);
                id = preview.Run.Id;
                var mapping = option(args, "--mapping") is { } m
                    ? System.Text.Json.JsonSerializer.Deserialize<ImportMapping>(await File.ReadAllTextAsync(m, ct), JsonWeb)!
                    : preview.Run.Mapping;
                if (option(args, "--mode") is { } mode) mapping = mapping with { Mode = Enum.Parse<ImportMatchMode>(mode, ignoreCase: true) };
                if (option(args, "--match") is { } match) mapping = mapping with { MatchBy = [.. match.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] };
                await imports.SetMappingAsync(id, mapping, ct);
                Console.WriteLine(FormattableString.Invariant($"Run {id}: {preview.Run.TotalRows} rows, {preview.Run.Format} {preview.Run.Encoding} {Describe(preview.Run.Delimiter)}"));
                await imports.StartAsync(id, ct);
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var done = await imports.ExecuteAsync(id, run => Console.WriteLine(FormattableString.Invariant(
                $"row {run.Done + 1}/{run.TotalRows + 1}: {run.Created} created, {run.Updated} updated, {run.Skipped} skipped, {run.Failed} failed, {run.RowsPerSecond:F0} rows/s, ETA {run.EtaSeconds:F0} s")), ct);
            Console.WriteLine(FormattableString.Invariant(
                $"Import {id} {done.Status}: {done.Created} created, {done.Updated} updated, {done.Skipped} skipped, {done.Failed} failed in {watch.Elapsed.TotalSeconds:F1} s ({done.RowsPerSecond:F0} rows/s)."));
            return done.Failed > 0 ? 1 : 0;
        }
        catch (RapportValidationException e)
        {
            await Console.Error.WriteLineAsync("Import refused: " + string.Join("; ", e.Errors.Select(x => $"{x.Field} {x.Code}")));
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonWeb = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static string Describe(string? delimiter) => delimiter switch { null => "", "\t" => "tab-separated", _ => $"'{delimiter}'-separated" };
}
