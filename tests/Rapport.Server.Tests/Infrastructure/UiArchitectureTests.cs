using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>The web UI reaches the services only through <c>Ops</c>, which gives every operation a fresh scope
/// running as the signed-in user. A component that injected a service (or the DbContext) directly would run in the
/// circuit's scope, outside that caller, so this test fails the build of such a page.</summary>
public sealed class UiArchitectureTests
{
    [Fact]
    public void No_component_injects_an_application_service_or_the_database()
    {
        var components = typeof(Program).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.True(components.Count >= 10, $"found only {components.Count} components");
        var offenders = (
            from type in components
            from p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            where p.GetCustomAttribute<InjectAttribute>() is not null
            let ns = p.PropertyType.Namespace ?? ""
            where ns.StartsWith("Rapport.Core", StringComparison.Ordinal)
            select $"{type.Name}.{p.Name}: {p.PropertyType.Name}").ToList();
        Assert.Empty(offenders);
    }
}
