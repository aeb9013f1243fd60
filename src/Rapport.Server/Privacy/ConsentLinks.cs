using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Rapport.Core.Notifications;
using Rapport.Core.Privacy;

namespace Rapport.Server.Privacy;

/// <summary>
/// Unsubscribe links signed and encrypted by ASP.NET Data Protection under their own purpose (as the portal links,
/// ADR-019): the token carries the purpose and the address, so the address never shows in the URL and a token
/// nobody signed does not read. They do not expire — an unsubscribe link has to keep working for as long as the mail
/// that carried it may be read.
/// </summary>
internal sealed class ConsentLinks(IDataProtectionProvider protection, IOptions<NotificationOptions> options, IHttpContextAccessor http) : IConsentLinks
{
    public const string Purpose = "Rapport.Unsubscribe.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public string UnsubscribeUrl(string address, ConsentPurpose purpose)
    {
        var text = Encoding.UTF8.GetBytes(address);
        var payload = new byte[text.Length + 1];
        payload[0] = (byte)purpose;
        text.CopyTo(payload, 1);
        return $"{BaseUrl()}/unsubscribe/{Base64Url.EncodeToString(Protector.Protect(payload))}";
    }

    public (string Address, ConsentPurpose Purpose)? Read(string token)
    {
        try
        {
            var payload = Protector.Unprotect(Base64Url.DecodeFromChars(token));
            if (payload.Length < 2 || !Enum.IsDefined((ConsentPurpose)payload[0])) return null;
            return (Encoding.UTF8.GetString(payload.AsSpan(1)), (ConsentPurpose)payload[0]);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The configured public address (<c>Notifications:PublicUrl</c>), else the current request's.</summary>
    private string BaseUrl() =>
        options.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/')
        : http.HttpContext?.Request is { Host.HasValue: true } r ? $"{r.Scheme}://{r.Host}{r.PathBase}" : "";
}
