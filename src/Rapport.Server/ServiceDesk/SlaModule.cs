using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>What the SLA part of the service desk needs from the host: the calendar and policy services.</summary>
internal static class SlaModule
{
    public static IServiceCollection AddSla(this IServiceCollection services)
    {
        services.AddScoped<BusinessCalendarService>();
        services.AddScoped<SlaService>();
        return services;
    }
}
