using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Identity;

/// <summary>Identity's claims plus the name a person goes by (<c>display_name</c>), which the web UI greets them with.</summary>
internal sealed class RapportClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    public const string DisplayName = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName)) identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        return identity;
    }
}
