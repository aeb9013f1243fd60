using System.Diagnostics;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>The app's own executable run as an operator runs it (<c>dotnet rapport.dll VERB …</c>), in a process of its
/// own, on a test app's database.</summary>
public static class RapportCli
{
    /// <summary>Starts <c>rapport</c> with <paramref name="args"/> on <paramref name="app"/>'s database, its output
    /// redirected; <paramref name="settings"/> are more configuration keys (<c>Section__Key</c>).</summary>
    public static Process Start(RapportApp app, IEnumerable<string> args, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "rapport.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["Database__Provider"] = database.Provider.ToString(),
                ["Database__ConnectionString"] = database.ConnectionString ?? "",
                ["Database__DataDirectory"] = database.DataDirectory,
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    /// <summary>Runs <c>rapport</c> to its end; its exit code and what it printed (standard output, then error).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(RapportApp app, params string[] args)
    {
        using var process = Start(app, args);
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(5), Ct);
        return (process.ExitCode, await output + await error);
    }
}
