namespace Rapport.Core.Notifications;

/// <summary>What a notification is about; each user chooses per kind whether it shows in the app and/or comes by email.</summary>
public enum NotificationKind { SlaWarning, SlaBreach, Alert }

/// <summary>The choices a user has not made yet: every kind shows in the app; escalations and operational alerts also come by email.</summary>
public static class NotificationDefaults
{
    public static bool IsEscalation(NotificationKind kind) => kind is NotificationKind.SlaWarning or NotificationKind.SlaBreach;

    public static bool InApp(NotificationKind kind) => true;

    public static bool Email(NotificationKind kind) => IsEscalation(kind) || kind == NotificationKind.Alert;
}
