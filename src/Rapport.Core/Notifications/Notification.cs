namespace Rapport.Core.Notifications;

/// <summary>One message for one user in the notification centre (the bell). The text is a resource key with
/// arguments, rendered in the reader's language and time zone when it is read, not when it is made.</summary>
public sealed class Notification
{
    public const int KeyMax = 100;
    public const int ArgsMax = 4000;
    public const int LinkMax = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public NotificationKind Kind { get; init; }
    /// <summary>The resource key of the text (<c>Notification.SlaBreach</c>).</summary>
    public required string TextKey { get; init; }
    /// <summary>The text's arguments as JSON (<see cref="NotificationArg"/>s), or null.</summary>
    public string? ArgsJson { get; init; }
    /// <summary>Where a click takes the reader: an app path such as <c>/cases/{id}</c>.</summary>
    public string? Link { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ReadAt { get; private set; }

    /// <summary>Read once: reading it again keeps the first time.</summary>
    public void MarkRead(DateTime now) => ReadAt ??= now;
}
