using Rapport.Core.Notifications;

namespace Rapport.Server.Notifications;

/// <summary>Notification texts from the app's string resources (strings.tsv), in the language asked for.</summary>
internal sealed class NotificationText(IStringLocalizer<SharedResource> text) : INotificationText
{
    public string Render(string key, IReadOnlyList<string> args, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return text[key, [.. args]].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
