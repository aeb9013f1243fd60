using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Identity;

/// <summary>WebAuthn relying-party settings: <c>Passkeys:ServerDomain</c> (the RP id; default: the request's host) and
/// <c>Passkeys:AllowedOrigins</c> (default: the request's own scheme and host). Behind a reverse proxy, set both or
/// forward the Host header.</summary>
internal static class PasskeySetup
{
    public static IServiceCollection AddRapportPasskeys(this IServiceCollection services, IConfiguration config)
    {
        var domain = config["Passkeys:ServerDomain"];
        var origins = config.GetSection("Passkeys:AllowedOrigins").Get<string[]>() ?? [];
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ServerDomain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim();
            o.ValidateOrigin = ctx => ValueTask.FromResult(IsAllowedOrigin(ctx, origins));
        });
        return services;
    }

    internal static bool IsAllowedOrigin(PasskeyOriginValidationContext ctx, IReadOnlyCollection<string> allowed)
    {
        if (ctx.CrossOrigin || string.IsNullOrEmpty(ctx.Origin)) return false;
        var origin = ctx.Origin.TrimEnd('/');
        if (allowed.Count > 0) return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
        var request = ctx.HttpContext.Request;
        return string.Equals($"{request.Scheme}://{request.Host}", origin, StringComparison.OrdinalIgnoreCase);
    }
}
