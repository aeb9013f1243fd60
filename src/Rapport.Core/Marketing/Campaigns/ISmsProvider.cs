namespace Rapport.Core.Marketing.Campaigns;

/// <summary>Sends a text message. The built-in provider only logs (there is no SMS service here); a real one plugs in
/// through DI.</summary>
public interface ISmsProvider
{
    Task SendAsync(string phone, string text, CancellationToken ct);
}
