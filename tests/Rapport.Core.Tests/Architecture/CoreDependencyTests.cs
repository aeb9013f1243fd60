using Rapport.Core.Data;

namespace Rapport.Core.Tests.Architecture;

/// <summary>Core holds the domain and the services that the API, the UI, the CLI and jobs all call: it must not lean
/// on the web stack (HTTP, MVC, components), or a service would end up reading a request instead of its arguments.</summary>
public sealed class CoreDependencyTests
{
    [Fact]
    public void Core_references_no_web_assembly()
    {
        var web = typeof(RapportDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n == "Microsoft.AspNetCore"
                        || n.StartsWith("Microsoft.AspNetCore.Http", StringComparison.Ordinal)
                        || n.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal)
                        || n.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal)
                        || n.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(web);
    }
}
