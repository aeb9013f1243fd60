using Rapport.Core.Customers;
using Rapport.Core.Knowledge;
using Rapport.Core.Mail;
using Rapport.Core.Notifications;
using Rapport.Core.Operations;
using Rapport.Core.Sales;
using Rapport.Core.ServiceDesk;
using Rapport.Core.Settings;

namespace Rapport.Server.Operations;

/// <summary>The operator's pages: the system report, the effective configuration and the settings history.</summary>
internal static class SystemModule
{
    public static IServiceCollection AddSystemAdmin(this IServiceCollection services)
    {
        services.AddScoped<SystemInfo>().AddScoped<SettingsConfiguration>().AddScoped<SettingsHistory>();
        services.AddScoped<ISystemFact, SystemAuditFact>();
        // The options sections the modules bind (see each module's Add…), so their keys are listed with their defaults.
        foreach (var (section, type) in new (string, Type)[]
                 {
                     ("Database", typeof(DatabaseOptions)), ("Customers", typeof(CustomerOptions)), ("Cases", typeof(CaseOptions)),
                     ("Contracts", typeof(ContractOptions)), ("Knowledge", typeof(KnowledgeOptions)), ("Mail", typeof(MailOptions)),
                     ("Notifications", typeof(NotificationOptions)), ("Backup", typeof(Core.Operations.BackupOptions)),
                     ("Jobs", typeof(Core.Jobs.JobHistoryOptions)), ("Alerts", typeof(Core.Observability.AlertOptions)),
                     ("Observability", typeof(Core.Observability.ObservabilityOptions)), ("Logging:File", typeof(Observability.FileLogOptions)),
                 })
            services.AddSingleton(new SettingsOptionsSection(section, type));
        // Keys read one by one, with the defaults the code falls back to.
        foreach (var (key, value) in new (string, string?)[]
                 {
                     ("Urls", null), ("AllowedHosts", null), ("RAPPORT_ADMIN_PASSWORD", null),
                     ("Demo:Seed", "False"), ("Demo:Customers", null), ("Documents:FontFile", null),
                     ("Passkeys:ServerDomain", null), ("Passkeys:AllowedOrigins", null),
                     ("Security:Session:IdleMinutes", "30"), ("Security:Session:AbsoluteHours", "12"), ("Security:StampValidationSeconds", "60"),
                     ("RateLimiting:SignIn:PermitLimit", "10"), ("RateLimiting:PublicForm:PermitLimit", "20"), ("RateLimiting:Help:PermitLimit", "120"),
                     ("RateLimiting:Pdf:PermitLimit", "30"), ("RateLimiting:Password:PermitLimit", "5"),
                 })
            services.AddSingleton(new SettingsKnownKey(key, value));
        return services;
    }
}
