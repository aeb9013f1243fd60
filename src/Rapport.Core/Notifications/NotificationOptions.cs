namespace Rapport.Core.Notifications;

/// <summary>Configuration section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>Read notifications older than this many days are deleted.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>The address people open Rapport at (<c>https://crm.example.com</c>): links in notification emails
    /// start with it. Without it, emails carry the link as a path.</summary>
    public string? PublicUrl { get; set; }
}
