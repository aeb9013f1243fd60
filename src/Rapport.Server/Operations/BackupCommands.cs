using Rapport.Core.Operations;

namespace Rapport.Server.Operations;

/// <summary>The operator verbs <c>backup [--to DIR]</c>, <c>backup verify FILE</c>, <c>restore FILE [--force]</c>, <c>upgrade</c>
/// and <c>rollback</c>.</summary>
internal static class BackupCommands
{
    public static readonly string[] Verbs = ["backup", "restore", "upgrade", "rollback"];

    public const string Usage = """
               rapport backup [--to DIR]             full backup (database, attachments, sealed key ring) into one archive
               rapport backup verify FILE            check an archive: checksums, a scratch restore, integrity, schema, audit chain
               rapport restore FILE [--force]        restore into an empty installation (--force: replace this one, after a safety backup)
               rapport upgrade                       back up, apply migrations, check; on failure put the backup back
               rapport rollback                      restore the newest pre-upgrade backup (then run the previous release)
        """;

    public static async Task<int> RunAsync(IServiceProvider sp, string[] args, CancellationToken ct)
    {
        try
        {
            switch (args)
            {
                case ["backup", "verify", var file, ..]:
                {
                    var check = await sp.GetRequiredService<BackupService>().VerifyAsync(Path.GetFullPath(file), ct);
                    foreach (var line in check.Lines) Console.WriteLine(line);
                    Console.WriteLine(check.Ok ? "Backup verified." : "Backup NOT verified.");
                    return check.Ok ? 0 : 1;
                }
                case ["backup", ..]:
                {
                    var to = Option(args, "--to");
                    var (path, manifest) = await sp.GetRequiredService<BackupService>().CreateAsync(to is null ? null : Path.GetFullPath(to), null,
                        new Progress<string>(_ => { }), ct);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Backup written: {path} ({new FileInfo(path).Length} bytes, {manifest.Files.Count} files, schema {manifest.SchemaVersion})."));
                    return 0;
                }
                case ["restore", var file, ..]:
                {
                    var lines = await sp.GetRequiredService<RestoreService>().RestoreAsync(Path.GetFullPath(file), args.Contains("--force"), ct);
                    foreach (var line in lines) Console.WriteLine(line);
                    Console.WriteLine("Restore complete. Start the app.");
                    return 0;
                }
                case ["upgrade", ..]:
                {
                    var init = sp.GetRequiredService<DatabaseInitializer>();
                    var lines = await sp.GetRequiredService<UpgradeService>().UpgradeAsync(async c =>
                    {
                        await init.MigrateAsync(c);
                        await init.EnsureAdministratorAsync(c);
                    }, ct);
                    foreach (var line in lines) Console.WriteLine(line);
                    return 0;
                }
                case ["rollback", ..]:
                {
                    foreach (var line in await sp.GetRequiredService<UpgradeService>().RollbackAsync(ct)) Console.WriteLine(line);
                    return 0;
                }
                default:
                    Console.WriteLine(Usage);
                    return 2;
            }
        }
        catch (BackupException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
