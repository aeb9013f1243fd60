using Rapport.Core.Audit;

namespace Rapport.Server.Audit;

/// <summary>The audit trail, its hash chain and the worker that seals it.</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddScoped<AuditTrail>().AddScoped<AuditChain>().AddHostedService<AuditChainJob>();
}
