using Rapport.Core.Operations;

namespace Rapport.Server.Infrastructure;

/// <summary>Runs the initializer before the server starts taking requests. With <c>Database:AutoMigrate</c> on (the
/// default), pending migrations are applied the way <c>rapport upgrade</c> applies them (<see cref="UpgradeService"/>:
/// a database newer than this binary is refused, a pre-upgrade backup is made, the result is checked, and a failure puts
/// the backup back and stops the start); with none pending, start-up only checks the schema. Off, a database that needs
/// migrations stops the start with a message to run <c>rapport upgrade</c>.</summary>
internal sealed class StartupTasks(IServiceProvider services, IConfiguration config, DatabaseOptions database, ILogger<StartupTasks> log) : IHostedService
{
    private const string AutoMigrateKey = "Database:AutoMigrate";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        var (applied, pending) = await init.MigrationStateAsync(cancellationToken);
        if (database.AutoMigrate)
        {
            // An installation with data goes through the upgrade (which also refuses a schema newer than this binary,
            // and returns at once when nothing is pending); a new, empty database has nothing to back up.
            if (applied.Count > 0)
            {
                try
                {
                    foreach (var line in await scope.ServiceProvider.GetRequiredService<UpgradeService>().UpgradeAsync(init.MigrateAsync, cancellationToken))
                        log.LogInformation("Start-up upgrade: {Line}", line);
                }
                catch (BackupException e)
                {
                    throw new InvalidOperationException($"Rapport did not start: the database could not be upgraded. {e.Message}", e);
                }
            }
        }
        else if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"Rapport did not start: the database needs {pending.Count} migration(s) ({pending[^1]} the newest) and {AutoMigrateKey} is off. Run `rapport upgrade`, then start again.");
        }
        // Nothing pending (or just migrated): the migration is a no-op; the start-up data (built-in roles, search
        // index, scheduler tables, defaults) is checked on every start.
        await init.MigrateAsync(cancellationToken);
        await init.EnsureAdministratorAsync(cancellationToken);
        if (config.GetValue<bool>("Demo:Seed"))
            await init.SeedDemoIfEmptyAsync(config.GetValue("Demo:Customers", Cli.DemoData.DefaultCustomers), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
