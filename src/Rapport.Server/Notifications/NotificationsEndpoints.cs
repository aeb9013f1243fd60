using Rapport.Core.Notifications;

namespace Rapport.Server.Notifications;

/// <summary>The caller's own notifications and their choice of how to receive each kind.</summary>
internal static class NotificationsEndpoints
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("/", (bool? unread, string? cursor, int? limit, NotificationService s, CancellationToken ct) => s.ListAsync(unread, cursor, limit, ct))
            .WithName("ListNotifications")
            .WithSummary("Your notifications, newest first: unread=true only unread, unread=false only read, none: unread first. Texts in your language.");
        notifications.MapPost("/{id:guid}/read", (Guid id, NotificationService s, CancellationToken ct) => Answers.NoContentAfter(s.MarkReadAsync(id, ct)))
            .WithName("MarkNotificationRead").WithSummary("Mark one of your notifications read.");
        notifications.MapPost("/read-all", (NotificationService s, CancellationToken ct) => Answers.NoContentAfter(s.MarkAllReadAsync(ct)))
            .WithName("MarkAllNotificationsRead").WithSummary("Mark all your notifications read.");

        var settings = api.MapGroup("/me/notification-settings").WithTags("Notifications");
        settings.MapGet("/", (NotificationService s, CancellationToken ct) => s.GetSettingsAsync(ct))
            .WithName("GetNotificationSettings").WithSummary("How you receive each kind of notification: in the app, by email.");
        settings.MapPut("/", (List<NotificationSettingDto> input, NotificationService s, CancellationToken ct) => s.SetSettingsAsync(input, ct))
            .WithName("SetNotificationSettings").WithSummary("Choose, per kind, in the app and/or by email; kinds not listed stay as they are.");
        return api;
    }
}
