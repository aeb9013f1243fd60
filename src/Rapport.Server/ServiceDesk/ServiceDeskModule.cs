using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>What the service desk needs from the host: its options (checked at start), the case, category and
/// macro services, and the reply sender seam (a no-op until the mail module registers its own).</summary>
internal static class ServiceDeskModule
{
    public static IServiceCollection AddServiceDesk(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CaseOptions>().Bind(config.GetSection("Cases"))
            .Validate(o => o.NumberPattern.Contains("{seq", StringComparison.Ordinal), "Cases:NumberPattern needs a {seq} token.")
            .Validate(o => o.ReopenWindowDays is >= 0 and <= 3650, "Cases:ReopenWindowDays must be between 0 and 3650.")
            .Validate(o => o.MaxAttachmentBytes is > 0 and <= 1024L * 1024 * 1024, "Cases:MaxAttachmentBytes must be between 1 byte and 1 GiB.")
            .ValidateOnStart();
        services.AddScoped<CaseService>();
        services.AddScoped<CaseCategoryService>();
        services.AddScoped<MacroService>();
        services.AddScoped<CaseSlaSweep>();
        services.AddHostedService<CaseSlaJob>();
        // The mail module replaces this with a sender that queues the reply in its outbox.
        services.TryAddScoped<ICaseReplySender, NoCaseReplySender>();
        return services;
    }
}
