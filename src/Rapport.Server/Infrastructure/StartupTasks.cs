namespace Rapport.Server.Infrastructure;

/// <summary>Runs the initializer before the server starts taking requests.</summary>
internal sealed class StartupTasks(IServiceProvider services, IConfiguration config) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await init.MigrateAsync(cancellationToken);
        await init.EnsureAdministratorAsync(cancellationToken);
        if (config.GetValue<bool>("Demo:Seed"))
            await init.SeedDemoIfEmptyAsync(config.GetValue("Demo:Customers", Cli.DemoData.DefaultCustomers), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
