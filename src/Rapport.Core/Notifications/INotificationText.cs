namespace Rapport.Core.Notifications;

/// <summary>Turns a resource key and its (already formatted) arguments into text in a language. The host implements it
/// with its string resources.</summary>
public interface INotificationText
{
    string Render(string key, IReadOnlyList<string> args, CultureInfo culture);
}
