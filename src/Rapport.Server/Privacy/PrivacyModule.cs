using Rapport.Core.Privacy;
using Rapport.Server.Jobs;

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
        // Catches up at start: a rotation the operator began should finish, and each run is one bounded batch.
        services.AddRecurringJob<PiiRotationJob>(PiiRotationJob.Name, JobSchedule.Every(TimeSpan.FromMinutes(10)),
            "Re-encrypts personal data with the primary key after a key rotation (also moments after a key is added).");
        services.AddJobWakeUp(PiiRotationJob.Name, PiiRotationJob.WaitForWakeAsync);
        return services;
    }
}
