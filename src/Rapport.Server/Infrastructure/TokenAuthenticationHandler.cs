using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

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
        // The token itself is looked up on every request (one indexed read), so a revoked or expired token is refused
        // at once on every app node. Who its user is (claims) is remembered a little while per node: the key holds
        // AccessResolver.Generation, and suspension and offboarding revoke the tokens anyway.
        var valid = await tokens.ValidateAsync(secret, Context.RequestAborted);
        if (valid is not { } token) return AuthenticateResult.Fail("Invalid or expired token.");
        var key = ("bearer-user", token.UserId, AccessResolver.Generation);
        if (cache.TryGetValue(key, out ClaimsPrincipal? known) && known is not null)
            return AuthenticateResult.Success(new AuthenticationTicket(known, SchemeName));
        var user = await users.FindByIdAsync(token.UserId.ToString());
        // Lockout stops password sign-ins only: anyone can lock an account by guessing, and that must not switch off
        // its integrations. Suspension and offboarding do end tokens (they are revoked, and the status is checked).
        if (user is null || user.Status != UserStatus.Active) return AuthenticateResult.Fail("User disabled.");
        var principal = await principals.CreateAsync(user);
        cache.SetUntil(key, principal, clock.GetUtcNow().AddSeconds(CacheSeconds));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
