using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>
/// Portal links signed (and encrypted) by ASP.NET Data Protection under their own purpose: the token carries the case
/// id and an expiry read against the app's <see cref="TimeProvider"/>, so a token nobody signed, or one changed by a
/// bit, does not read at all, and an expired one reads as expired (ADR-019).
/// </summary>
internal sealed class CasePortalLinks(IDataProtectionProvider protection, TimeProvider clock, IOptions<CaseOptions> options,
    IHttpContextAccessor http, IStringLocalizer<SharedResource> text) : ICasePortalLinks
{
    public const string Purpose = "Rapport.CasePortal.v1";
    private const int PayloadLength = 24;

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public string LinkFor(Guid caseId)
    {
        var payload = new byte[PayloadLength];
        caseId.TryWriteBytes(payload);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), clock.GetUtcNow().AddDays(options.Value.PortalLinkDays).ToUnixTimeSeconds());
        return $"{BaseUrl()}/portal/{Base64Url.EncodeToString(Protector.Protect(payload))}";
    }

    public PortalTicket? Read(string token)
    {
        try
        {
            var payload = Protector.Unprotect(Base64Url.DecodeFromChars(token));
            if (payload.Length != PayloadLength) return null;
            var expires = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16));
            return new PortalTicket(new Guid(payload.AsSpan(0, 16)), clock.GetUtcNow().ToUnixTimeSeconds() >= expires);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    public string Text(string? language, string key, params object[] args)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language is "zh-CN" ? "zh-CN" : "en");
            return text[key, args].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    /// <summary>The configured public address, else the address of the request sending the mail, else none (a link
    /// relative to the site: set <c>Cases:PublicUrl</c> when agents reply from the web UI).</summary>
    private string BaseUrl() =>
        options.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/')
        : http.HttpContext?.Request is { Host.HasValue: true } r ? $"{r.Scheme}://{r.Host}{r.PathBase}" : "";
}
