using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Rapport.Core.Access;
using Rapport.Core.Identity;

namespace Rapport.Server.Infrastructure;

/// <summary>Authenticates <c>Authorization: Bearer rpt_…</c> personal access tokens.</summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TokenService tokens, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, IMemoryCache cache, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const int CacheSeconds = 30;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        // Scripts call many times a second: remember who a token is for a little while. Revoking a token, suspending
        // its user or changing roles moves AccessResolver.Generation, which is part of the key, so none of those waits.
        var key = ("bearer", TokenService.Hash(secret), AccessResolver.Generation);
        if (cache.TryGetValue(key, out ClaimsPrincipal? known) && known is not null)
            return AuthenticateResult.Success(new AuthenticationTicket(known, SchemeName));
        var valid = await tokens.ValidateAsync(secret, Context.RequestAborted);
        if (valid is not { } token) return AuthenticateResult.Fail("Invalid or expired token.");
        var user = await users.FindByIdAsync(token.UserId.ToString());
        if (user is null || user.Status != UserStatus.Active || await users.IsLockedOutAsync(user)) return AuthenticateResult.Fail("User disabled.");
        var principal = await principals.CreateAsync(user);
        var until = clock.GetUtcNow().AddSeconds(CacheSeconds);
        cache.Set(key, principal, token.ExpiresAt < until.UtcDateTime ? new DateTimeOffset(token.ExpiresAt) : until);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
