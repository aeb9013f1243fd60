using Rapport.Core.Privacy;

namespace Rapport.Server.Privacy;

/// <summary>Encryption of personal data: the key ring (from the environment or the data directory), the protector,
/// key rotation and its background job.</summary>
internal static class PrivacyModule
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton(sp => PiiKeyRing.Load(
            sp.GetRequiredService<IConfiguration>()[PiiKeyRing.EnvironmentVariable], sp.GetRequiredService<DatabaseOptions>().DataDirectory));
        services.AddSingleton<PiiProtector>();
        services.AddScoped<PiiRotation>();
        services.AddHostedService<PiiRotationJob>();
        return services;
    }
}
