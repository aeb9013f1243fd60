using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Notifications;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>
/// Tracking links signed and encrypted by ASP.NET Data Protection under their own purpose (as the unsubscribe and
/// portal links): the token carries the campaign, the member, the variant, the language and the link's number, so
/// the URL shows none of them and a forged or altered token does not read. They do not expire: a reader may open the
/// mail months later.
/// </summary>
internal sealed class CampaignLinks(IDataProtectionProvider protection, IOptions<NotificationOptions> options, IHttpContextAccessor http) : ICampaignLinks
{
    public const string Purpose = "Rapport.CampaignTracking.v1";
    private const int Length = 1 + 1 + 16 * 3 + 2;

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public string OpenUrl(Guid campaignId, Guid customerId, Guid variantId, string? linkBase = null) =>
        $"{CurrentBase ?? linkBase ?? ""}/m/o/{Token(false, campaignId, customerId, variantId, "en", 0)}";

    public string ClickUrl(Guid campaignId, Guid customerId, Guid variantId, string language, int link, string? linkBase = null) =>
        $"{CurrentBase ?? linkBase ?? ""}/m/c/{Token(true, campaignId, customerId, variantId, language, link)}";

    private string Token(bool click, Guid campaignId, Guid customerId, Guid variantId, string language, int link)
    {
        var payload = new byte[Length];
        payload[0] = click ? (byte)1 : (byte)0;
        payload[1] = language == "zh" ? (byte)1 : (byte)0;
        campaignId.TryWriteBytes(payload.AsSpan(2, 16));
        customerId.TryWriteBytes(payload.AsSpan(18, 16));
        variantId.TryWriteBytes(payload.AsSpan(34, 16));
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(50, 2), checked((ushort)link));
        return Base64Url.EncodeToString(Protector.Protect(payload));
    }

    public TrackingToken? Read(string token)
    {
        try
        {
            var p = Protector.Unprotect(Base64Url.DecodeFromChars(token));
            if (p.Length != Length || p[0] > 1 || p[1] > 1) return null;
            return new TrackingToken(p[0] == 1, new Guid(p.AsSpan(2, 16)), new Guid(p.AsSpan(18, 16)), new Guid(p.AsSpan(34, 16)),
                p[1] == 1 ? "zh" : "en", BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(50, 2)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The configured public address (<c>Notifications:PublicUrl</c>), else the current request's.</summary>
    public string? CurrentBase =>
        options.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/')
        : http.HttpContext?.Request is { Host.HasValue: true } r ? $"{r.Scheme}://{r.Host}{r.PathBase}" : null;
}
