namespace Rapport.Server.Cli.Demo;

/// <summary>One module's share of the demo. Parts run in the order <see cref="DemoData"/> lists them; a part may use
/// what earlier parts left in the <see cref="DemoWorld"/> (people, products, customers, deals) and adds its own.</summary>
internal interface IDemoPart
{
    Task SeedAsync(DemoWorld world, CancellationToken ct);
}
