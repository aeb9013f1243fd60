using Rapport.Core.Notifications;
using Rapport.Server.Jobs;

namespace Rapport.Server.Notifications;

/// <summary>What the notification centre needs from the host: the service, texts from the app's string resources,
/// its options (checked at start) and the retention job.</summary>
internal static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<NotificationOptions>().Bind(config.GetSection("Notifications"))
            .Validate(o => o.RetentionDays is >= 1 and <= 3650, "Notifications:RetentionDays must be between 1 and 3650.")
            .Validate(o => o.PublicUrl is null or "" || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _), "Notifications:PublicUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<INotificationText, NotificationText>();
        services.AddScoped<NotificationService>();
        // Skipped after downtime: a purge, not owed to anyone; the next hour's run does it.
        services.AddRecurringJob<NotificationRetentionJob>("notification-retention", JobSchedule.Every(TimeSpan.FromHours(1)),
            "Deletes read notifications older than Notifications:RetentionDays.", MissedRun.Skip);
        return services;
    }
}
