using Rapport.Server.Cli.Demo;

namespace Rapport.Server.Cli;

/// <summary>
/// The demo a new user starts from (<c>--demo</c>, <c>seed-demo</c>): a year of a company's work in English and Chinese,
/// in every module, created through the same services users call, as the colleagues who would do it, on the days they
/// would do it (the clock replays the past year up to today). The same run gives the same data relative to today.
/// </summary>
internal sealed class DemoData(IServiceProvider app, TimeProvider clock)
{
    public const int DefaultCustomers = 200;

    /// <summary>The parts, in the order they run. A new module adds its own part (an <see cref="IDemoPart"/> in
    /// <c>Cli/Demo/</c>) at the end; it can use the people, products, customers and sales made before it.</summary>
    private static IReadOnlyList<IDemoPart> Parts =>
        [new DemoPeople(), new DemoCatalogue(), new DemoCustomers(), new DemoLeads(), new DemoDeals(), new DemoContracts(), new DemoKnowledge(), new DemoServiceDesk(), new DemoMarketing()];

    /// <summary>Seeds about <paramref name="customers"/> customers and everything around them; returns what was made.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SeedAsync(int customers, CancellationToken ct)
    {
        var demoClock = new DemoClock(clock);
        var options = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(options, app.GetRequiredService<DatabaseOptions>(), clock, stampClock: demoClock);
        await using var world = new DemoWorld(app, options.Options, demoClock, clock, customers);
        foreach (var part in Parts) await part.SeedAsync(world, ct);
        return world.Counts;
    }
}
