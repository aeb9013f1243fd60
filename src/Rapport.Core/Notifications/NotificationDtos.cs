namespace Rapport.Core.Notifications;

/// <summary>One argument of a notification's text, kept as data so the text renders in the reader's language and
/// time zone: plain text (a case number), an instant (shown in the reader's zone), or a resource key (a target's name).</summary>
public sealed record NotificationArg(string? Text = null, DateTime? At = null, string? Key = null)
{
    public static NotificationArg Of(string text) => new(Text: text);

    public static NotificationArg Time(DateTime utc) => new(At: utc);

    public static NotificationArg Resource(string key) => new(Key: key);
}

/// <summary>A notification as its reader sees it: the text rendered in their language and time zone.</summary>
public sealed record NotificationDto(Guid Id, NotificationKind Kind, string Text, string? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>A page of the caller's notifications and how many are unread in all.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationDto> Items, string? NextCursor, int Unread);

/// <summary>A user's choice for one kind: shown in the app, sent by email.</summary>
public sealed record NotificationSettingDto(NotificationKind Kind, bool InApp, bool Email);

/// <summary>One notification to make for <see cref="NotificationService.NotifyAsync(IReadOnlyList{NotificationRequest}, CancellationToken)"/>.</summary>
public sealed record NotificationRequest(IReadOnlyCollection<Guid> Recipients, NotificationKind Kind, string Key, IReadOnlyList<NotificationArg> Args, string? Link);
