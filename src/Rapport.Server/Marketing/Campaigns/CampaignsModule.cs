using Microsoft.Extensions.DependencyInjection.Extensions;
using Rapport.Core.Mail;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Server.Jobs;
using Rapport.Server.Operations;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>What the campaigns module needs from the host: its services, the outbox observer that records deliveries
/// and bounces, the signed tracking links, the log-only SMS provider and the job that sends scheduled campaigns and
/// decides A/B tests.</summary>
internal static class CampaignsModule
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<CampaignService>();
        services.AddScoped<CampaignSender>();
        services.AddScoped<CampaignAttribution>();
        services.AddScoped<CampaignTracking>();
        services.AddScoped<IOutboxObserver>(sp => sp.GetRequiredService<CampaignTracking>());
        services.AddSingleton<ICampaignLinks, CampaignLinks>();
        services.TryAddSingleton<ISmsProvider, LogSmsProvider>();
        services.AddOptions<CampaignOptions>().Bind(config.GetSection("Campaigns"))
            .Validate(o => o.IsValid(), "Campaigns: MessagesPerMinute 1–1000000, BatchSize 1–5000.").ValidateOnStart();
        services.AddSingleton(new SettingsOptionsSection("Campaigns", typeof(CampaignOptions)));
        // Catches up at start: a scheduled campaign whose time passed is owed to its audience.
        services.AddRecurringJob<CampaignJob>(CampaignJob.Name, JobSchedule.Every(TimeSpan.FromMinutes(1)),
            "Sends campaigns (at once when sent, scheduled ones at their time) and decides A/B tests whose wait is over.");
        services.AddJobWakeUp(CampaignJob.Name, CampaignSender.WaitForWorkAsync);
        return services;
    }
}
