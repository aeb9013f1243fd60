using Rapport.Core.Leads;

namespace Rapport.Server.Leads;

/// <summary>What the leads module needs from the host.</summary>
internal static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection services) =>
        services.AddScoped<LeadService>().AddScoped<LeadFormService>();
}
