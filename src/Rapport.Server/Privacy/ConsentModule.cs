using Rapport.Core.Privacy;

namespace Rapport.Server.Privacy;

/// <summary>The consent ledger: what each person agreed to, the gate the outbox asks before marketing mail, and the
/// signed unsubscribe links.</summary>
internal static class ConsentModule
{
    public static IServiceCollection AddConsent(this IServiceCollection services)
    {
        services.AddScoped<ConsentLedger>();
        services.AddScoped<ConsentGate>();
        services.AddSingleton<IConsentLinks, ConsentLinks>();
        return services;
    }
}
