using Rapport.Core.Reports;
using Rapport.Server.Jobs;
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
        services.AddOptions<ExportOptions>().Bind(config.GetSection("Exports"))
            .Validate(o => o.JobThreshold >= 0, "Exports:JobThreshold must not be negative.").ValidateOnStart();
        services.AddSingleton(new SettingsOptionsSection("Exports", typeof(ExportOptions)));
        // Catches up at start: a report e-mail due while the app was down is still owed to its recipients.
        services.AddRecurringJob<ReportScheduleJob>(ReportScheduleJob.Name, JobSchedule.Every(TimeSpan.FromMinutes(1)),
            "Sends the scheduled reports that are due, each recipient's copy run as them.");
        return services.AddScoped<ReportService>().AddScoped<Core.Dashboards.DashboardService>().AddScoped<ReportExport>().AddScoped<ReportScheduleService>()
            .AddScoped<AnalysisDocumentService>().AddScoped<AnalysisExport>().AddSingleton<ExportRuns>().AddScoped<ListExports>();
    }
}
