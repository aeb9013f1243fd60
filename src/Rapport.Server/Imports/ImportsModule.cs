using Rapport.Core.Imports;

namespace Rapport.Server.Imports;

/// <summary>Imports: the services, their options (checked at start), and the worker that runs started imports in the
/// background, one at a time, as the user who uploaded the file.</summary>
internal static class ImportsModule
{
    public static IServiceCollection AddImports(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ImportService>();
        services.AddScoped<CustomerImporter>().AddScoped<IImportTarget>(sp => sp.GetRequiredService<CustomerImporter>());
        services.AddScoped<IImportTarget, ContactImporter>();
        services.AddScoped<IImportTarget, LeadImporter>();
        services.AddScoped<IImportTarget, OpportunityImporter>();
        services.AddScoped<IImportTarget, InteractionImporter>();
        services.AddScoped<IImportTarget, ProductImporter>();
        services.AddScoped<IImportTarget, CaseImporter>();
        services.AddScoped<ImportTemplateService>();
        services.AddOptions<ImportOptions>().Bind(config.GetSection("Imports"))
            .Validate(o => o.BatchSize is >= 1 and <= 50_000, "Imports:BatchSize must be between 1 and 50000.")
            .Validate(o => o.MaxFileBytes > 0, "Imports:MaxFileBytes must be positive.")
            .Validate(o => o.StaleAfterSeconds >= 0, "Imports:StaleAfterSeconds must not be negative.")
            .ValidateOnStart();
        services.AddSingleton(new Operations.SettingsOptionsSection("Imports", typeof(ImportOptions)));
        services.AddSingleton<ImportQueue>();
        services.AddHostedService<ImportWorker>();
        return services;
    }
}
