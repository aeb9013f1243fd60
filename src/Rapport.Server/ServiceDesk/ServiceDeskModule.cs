using Rapport.Core.Mail;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Jobs;

namespace Rapport.Server.ServiceDesk;

/// <summary>What the service desk needs from the host: its options (checked at start), the case, category and
/// macro services, and the case mail: replies out through the outbox, customers' mail in.</summary>
internal static class ServiceDeskModule
{
    public static IServiceCollection AddServiceDesk(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CaseOptions>().Bind(config.GetSection("Cases"))
            .Validate(o => o.NumberPattern.Contains("{seq", StringComparison.Ordinal), "Cases:NumberPattern needs a {seq} token.")
            .Validate(o => o.ReopenWindowDays is >= 0 and <= 3650, "Cases:ReopenWindowDays must be between 0 and 3650.")
            .Validate(o => o.MaxAttachmentBytes is > 0 and <= 1024L * 1024 * 1024, "Cases:MaxAttachmentBytes must be between 1 byte and 1 GiB.")
            .Validate(o => o.PortalLinkDays is >= 1 and <= 365, "Cases:PortalLinkDays must be between 1 and 365.")
            .Validate(o => string.IsNullOrEmpty(o.PublicUrl) || (Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Cases:PublicUrl must be empty or an http(s) address.")
            .ValidateOnStart();
        services.AddScoped<CaseService>();
        services.AddScoped<CaseCategoryService>();
        services.AddScoped<MacroService>();
        services.AddScoped<CaseRouting>();
        services.AddScoped<AssignmentRuleService>();
        // Customers reach the desk: public case forms and the portal behind signed links (ADR-019).
        services.AddScoped<CaseFormService>();
        services.AddScoped<CasePortalService>();
        services.AddScoped<ICasePortalLinks, CasePortalLinks>();
        // Public replies go out through the mail outbox, which tells the sender how delivery went; customers' mail
        // comes back into cases.
        services.AddScoped<CaseMailReplySender>();
        services.AddScoped<ICaseReplySender>(sp => sp.GetRequiredService<CaseMailReplySender>());
        services.AddScoped<IOutboxObserver>(sp => sp.GetRequiredService<CaseMailReplySender>());
        services.AddScoped<IInboundMailHandler, CaseMailHandler>();
        services.AddScoped<CaseSlaSweep>();
        // Catches up at start: breaches and escalations that came due while the app was down are owed at once.
        services.AddRecurringJob<CaseSlaJob>("case-sla-sweep", JobSchedule.Every(TimeSpan.FromMinutes(1)),
            "Marks cases whose SLA due times have passed as breached and runs the policies' escalations.");
        return services;
    }
}
