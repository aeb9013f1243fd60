using Rapport.Core.Reports;
using Rapport.Server.Operations;

namespace Rapport.Server.Reports;

/// <summary>What the reports module needs from the host.</summary>
internal static class ReportsModule
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ReportOptions>().Bind(config.GetSection("Reports"))
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 600, "Reports:TimeoutSeconds must be between 1 and 600.")
            .ValidateOnStart();
        services.AddSingleton(new SettingsOptionsSection("Reports", typeof(ReportOptions)));
        return services.AddScoped<ReportService>();
    }
}
