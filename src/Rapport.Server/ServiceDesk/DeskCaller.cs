using Rapport.Server.Components.Common;

namespace Rapport.Server.ServiceDesk;

/// <summary>
/// How the anonymous customer pages (public case forms, the portal) call the desk's services: in a scope of their own
/// whose caller is the desk itself ("customer portal" in the audit trail, the visitor's address and browser), allowed
/// to read, file and update cases and to create the customer a new visitor becomes, in every record scope. The
/// services check what the visitor may do (an active form token, a signed portal link) before anything else.
/// </summary>
internal static class DeskCaller
{
    public const string Name = "customer portal";

    private static readonly ClaimsPrincipal Principal = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, Name)], "portal"));

    private static readonly UserAccess Access = new(Guid.Empty,
        new HashSet<string>([Permissions.CasesRead, Permissions.CasesCreate, Permissions.CasesUpdate, Permissions.CustomersCreate], StringComparer.Ordinal),
        new Dictionary<string, RecordScope>(StringComparer.Ordinal) { [ScopedEntities.Cases] = RecordScope.All, [ScopedEntities.Customers] = RecordScope.All },
        [], [], false);

    public static async Task<T> RunAsync<TService, T>(HttpContext http, Func<TService, CancellationToken, Task<T>> work) where TService : notnull
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var info = new CircuitInfo
        {
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? Rapport.Core.Common.TextCut.ToLength(ua, 500) : null,
        };
        scope.ServiceProvider.GetRequiredService<CircuitCaller>().Set(Principal, Access, info);
        return await work(scope.ServiceProvider.GetRequiredService<TService>(), http.RequestAborted);
    }
}
