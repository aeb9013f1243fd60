using Rapport.Core.Marketing.Journeys;
using Rapport.Server.Jobs;

namespace Rapport.Server.Marketing.Journeys;

/// <summary>What the journeys module needs from the host: its services and the job that moves due members.</summary>
internal static class JourneysModule
{
    public static IServiceCollection AddJourneys(this IServiceCollection services) =>
        services.AddScoped<JourneyService>().AddScoped<JourneyRunner>()
            // Catches up at start: members whose step came due while the app was down are waiting for it.
            .AddRecurringJob<JourneyJob>(JourneyJob.Name, JobSchedule.Every(TimeSpan.FromMinutes(1)), "Moves the members of active journeys whose step is due.");
}
