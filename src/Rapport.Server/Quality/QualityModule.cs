using Rapport.Core.Quality;
using Rapport.Server.Jobs;
using Rapport.Server.Operations;

namespace Rapport.Server.Quality;

/// <summary>Data quality: the duplicate finder for customers, contacts and leads (scan job, review list), merge and undo,
/// and the data-quality figures.</summary>
internal static class QualityModule
{
    public static IServiceCollection AddQuality(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<QualityOptions>().Bind(config.GetSection("Quality"))
            .Validate(o => o.BlockMax is >= 2 and <= 1000, "Quality:BlockMax must be between 2 and 1000.")
            .Validate(o => o.UntouchedMonths is >= 1 and <= 120, "Quality:UntouchedMonths must be between 1 and 120.")
            .ValidateOnStart();
        services.AddSingleton(new SettingsOptionsSection("Quality", typeof(QualityOptions)));
        services.AddScoped<DuplicateScan>().AddScoped<DuplicateService>().AddScoped<MergeService>().AddScoped<QualityService>();
        // Both skipped after downtime: they read every customer, contact and lead; Scan now is there for the impatient.
        services.AddRecurringJob<DuplicateScanJob>(DuplicateScanJob.Name, JobSchedule.CronAt("0 30 2 * * ?"),
            "Finds candidate duplicate customers, contacts and leads for the review list (same email, phone, normalised name, name prefix and city, or company and name).",
            MissedRun.Skip);
        services.AddRecurringJob<QualityFiguresJob>(QualityFiguresJob.Name, JobSchedule.CronAt("0 15 3 * * ?"),
            "Counts the data-quality figures over every record (completeness, invalid phones and emails, outliers, untouched customers).", MissedRun.Skip);
        return services;
    }
}
