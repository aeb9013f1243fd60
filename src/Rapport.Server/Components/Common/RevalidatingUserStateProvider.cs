using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Components.Common;

/// <summary>Checks an open circuit's user every minute: an ended session (signed out, "sign out everywhere", password
/// changed), a changed security stamp or a suspended or offboarded account ends the UI session as it ends cookies and
/// tokens.</summary>
internal sealed class RevalidatingUserStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null || user.Status != UserStatus.Active) return false;
        if (!Guid.TryParse(state.User.FindFirstValue(SessionService.ClaimType), out var session)
            || !await scope.ServiceProvider.GetRequiredService<SessionService>().IsLiveAsync(session, user.Id, ct)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = state.User.FindFirstValue(new ClaimsIdentityOptions().SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
