using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;

namespace Rapport.Server.Cli;

/// <summary>Operator verbs of the same executable: <c>migrate</c>, <c>seed-demo</c>, <c>token create</c>, <c>audit verify</c>, <c>keys rotate</c>,
/// <c>sla sweep</c>, <c>reports rebuild-rollup</c>, <c>customers rebuild-lists</c>, <c>backup</c>, <c>backup verify</c>, <c>restore</c>, <c>--version</c>.</summary>
internal static class Commands
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "token", "audit", "keys", "sla", "marketing", "reports", "customers", Imports.ImportCommand.Verb, "help", "--help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && (Verbs.Contains(args[0]) || Operations.BackupCommands.Verbs.Contains(args[0]));

    /// <summary><c>rapport --version</c> (or <c>version</c>): prints the informational version (<c>0.9.0+&lt;commit&gt;</c>),
    /// the same <c>/health</c> reports, and says whether it did.</summary>
    public static bool PrintVersion(string[] args, TextWriter output)
    {
        if (args is not ["--version" or "version"]) return false;
        output.WriteLine("rapport " + Rapport.Core.Operations.AppVersion.Informational);
        return true;
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var init = sp.GetRequiredService<DatabaseInitializer>();
        var ct = CancellationToken.None;
        // Backups read the database as it is: no migration first (restore needs the installation untouched).
        if (Operations.BackupCommands.Verbs.Contains(args[0])) return await Operations.BackupCommands.RunAsync(sp, args, ct);
        switch (args[0])
        {
            case "migrate":
                await init.MigrateAsync(ct);
                await init.EnsureAdministratorAsync(ct);
                Console.WriteLine("Database is up to date.");
                return 0;
            case "seed-demo":
            {
                await init.MigrateAsync(ct);
                await init.EnsureAdministratorAsync(ct);
                var loaded = await init.SeedDemoIfEmptyAsync(int.TryParse(Option(args, "--customers"), out var n) ? n : DemoData.DefaultCustomers, ct);
                Console.WriteLine(loaded ? "Demo data is loaded."
                    : "Demo data was NOT loaded: the database already has customers, leads, products or demo users. The demo only goes into an empty database.");
                return 0;
            }
            case "token" when args.Length > 1 && args[1] == "create":
            {
                await init.MigrateAsync(ct);
                await init.EnsureAdministratorAsync(ct);
                var userName = Option(args, "--user") ?? "admin";
                var user = await sp.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
                if (user is null)
                {
                    await Console.Error.WriteLineAsync($"No user named '{userName}'.");
                    return 2;
                }
                var days = int.TryParse(Option(args, "--days"), out var d) ? d : 30;
                var created = await sp.GetRequiredService<TokenService>()
                    .CreateAsync(user.Id, new TokenInput(Option(args, "--name") ?? "cli", days), ct);
                Console.WriteLine(created.Secret);
                return 0;
            }
            case "audit" when args.Length > 1 && args[1] == "verify":
            {
                await init.MigrateAsync(ct);
                // Verification only reads: entries not yet sealed are counted, never sealed by the verifier.
                var result = await sp.GetRequiredService<AuditChain>().VerifyAsync(ct);
                Console.WriteLine(result.Ok
                    ? $"Audit trail intact: {result.Checked} entries checked, head at {result.HeadSeq}, {result.Unchained} not yet sealed."
                    : $"Audit trail BROKEN{(result.FirstBrokenSeq is { } seq ? $" at entry {seq}" : "")}: {result.Reason} ({result.Checked} entries checked before it).");
                return result.Ok ? 0 : 1;
            }
            case "keys" when args.Length > 1 && args[1] == "rotate":
            {
                await init.MigrateAsync(ct);
                var rotation = sp.GetRequiredService<Rapport.Core.Privacy.PiiRotation>();
                var id = await rotation.RotateAsync(ct);
                var done = await rotation.RunAsync(ct);
                Console.WriteLine($"New primary key {id}; re-encrypted {done} customers.");
                return 0;
            }
            case "sla" when args.Length > 1 && args[1] == "sweep":
            {
                await init.MigrateAsync(ct);
                // What the app's minute-by-minute job does, once, now (after an outage, or to see what it would do).
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var r = await sp.GetRequiredService<Rapport.Core.ServiceDesk.CaseSlaSweep>().RunAsync(ct);
                Console.WriteLine(System.FormattableString.Invariant(
                    $"SLA sweep: {r.FirstResponseWarned + r.ResolutionWarned} warned, {r.FirstResponseBreached + r.ResolutionBreached} breached, {r.Raised} raised, {r.Moved} moved, {r.Notified} notified in {watch.Elapsed.TotalMilliseconds:F1} ms."));
                return 0;
            }
            case "marketing" when args.Length > 1 && args[1] == "classify":
            {
                await init.MigrateAsync(ct);
                // What the nightly classification job does, once, now; the timing is the bench's figure.
                var r = await sp.GetRequiredService<Rapport.Core.Marketing.Classification.ClassificationService>().RecomputeAsync(byUser: false, ct);
                Console.WriteLine(System.FormattableString.Invariant($"Classification: {r.Customers} customers with new or changed figures, {r.Changes} changes in {r.Milliseconds} ms."));
                return 0;
            }
            case "reports" when args.Length > 1 && args[1] == "rebuild-rollup":
            {
                await init.MigrateAsync(ct);
                // The triggers keep the rollup; this adds every deal up again (after a restore of only some tables, or to check).
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var rows = await Rapport.Core.Reports.DealRollupSchema.RebuildAsync(sp.GetRequiredService<RapportDbContext>(), ct);
                Console.WriteLine(System.FormattableString.Invariant($"Deals rollup rebuilt: {rows} rows in {watch.Elapsed.TotalSeconds:F1} s."));
                return 0;
            }
            case "customers" when args.Length > 1 && args[1] == "rebuild-lists":
            {
                await init.MigrateAsync(ct);
                // PostgreSQL's triggers keep each customer's channels and tags on its row for the export (ADR-053); this
                // reads every list again from the child rows (after a restore of only some tables, a hand edit, or to check).
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var rows = await Rapport.Core.Customers.CustomerListsSchema.RebuildAsync(sp.GetRequiredService<RapportDbContext>(), ct);
                Console.WriteLine(rows is { } n
                    ? System.FormattableString.Invariant($"Customer lists rebuilt: {n} customers in {watch.Elapsed.TotalSeconds:F1} s.")
                    : "Nothing to rebuild: on SQLite the export reads each customer's channels and tags from their own tables.");
                return 0;
            }
            case Imports.ImportCommand.Verb:
                await init.MigrateAsync(ct);
                return await Imports.ImportCommand.RunAsync(sp, args, Option, ct);
            default:
                Console.WriteLine("""
                    Usage: rapport [--demo]                      start the web app (demo data on first start with --demo)
                           rapport migrate                       apply database migrations and exit
                           rapport seed-demo [--customers N]     load demo data into an empty database
                           rapport token create --user NAME --name LABEL [--days N]
                                                                 print a new personal access token
                           rapport audit verify                  check the audit trail's hash chain (exit 1 if broken)
                           rapport keys rotate                   new primary key for personal data; re-encrypt everything
                           rapport sla sweep                     run the SLA warning/breach sweep and its escalations once
                           rapport marketing classify            recompute every customer's tier, behaviour, stage and rule tags once
                           rapport reports rebuild-rollup        add up the deals' rollup (report and dashboard figures) again from the deals
                           rapport customers rebuild-lists       read each customer's channels and tags kept for the export again (PostgreSQL)
                           rapport --version                     print the version (and the commit it was built from)
                    """ + Environment.NewLine + Imports.ImportCommand.Usage + Environment.NewLine + Operations.BackupCommands.Usage);
                return args[0] is "help" or "--help" ? 0 : 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
