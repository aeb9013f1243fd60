namespace Rapport.Core.Notifications;

/// <summary>A user's choice for one kind of notification: in the app, by email, both or neither. A kind without a
/// row follows <see cref="NotificationDefaults"/>.</summary>
public sealed class NotificationSetting
{
    public Guid UserId { get; init; }
    public NotificationKind Kind { get; init; }
    public bool InApp { get; set; }
    public bool Email { get; set; }
}
