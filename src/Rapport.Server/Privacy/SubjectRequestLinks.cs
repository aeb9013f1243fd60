using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Rapport.Core.Notifications;
using Rapport.Core.Privacy.Requests;

namespace Rapport.Server.Privacy;

/// <summary>The verification link of a public data-subject request: the request's id signed and encrypted by ASP.NET
/// Data Protection under its own purpose, valid for <see cref="Lifetime"/> (an unverified request is only a claim).</summary>
internal sealed class SubjectRequestLinks(IDataProtectionProvider protection, IOptions<NotificationOptions> options, IHttpContextAccessor http)
    : ISubjectRequestLinks
{
    public const string Purpose = "Rapport.SubjectRequest.Verify.v1";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string VerifyUrl(Guid requestId) =>
        $"{BaseUrl()}/privacy/verify/{Base64Url.EncodeToString(Protector.Protect(requestId.ToByteArray(), Lifetime))}";

    public Guid? Read(string token)
    {
        try
        {
            var payload = Protector.Unprotect(Base64Url.DecodeFromChars(token), out _);
            return payload.Length == 16 ? new Guid(payload) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private string BaseUrl() =>
        options.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/')
        : http.HttpContext?.Request is { Host.HasValue: true } r ? $"{r.Scheme}://{r.Host}{r.PathBase}" : "";
}
