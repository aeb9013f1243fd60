using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Identity;

/// <summary>Identity's sign-in manager with Rapport's second-factor rules:
/// a registered passkey counts as a second factor (so a password alone no longer signs such a user in),
/// an authenticator code signs in at most once, and a passkey can complete the second step after the password.</summary>
internal sealed class RapportSignInManager(
    UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, IPasskeyHandler<AppUser> passkeys, TimeProvider clock)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private const string TokenProvider = "[Rapport]";
    private const string LastCodeToken = "LastAuthenticatorCode";
    private const string SecondFactorPasskeyState = "Rapport.SecondFactorPasskey";
    // Identity accepts codes from two time steps either side of now; a used code stays refused for longer than that.
    private static readonly TimeSpan CodeReuseWindow = TimeSpan.FromMinutes(5);

    public override async Task<bool> IsTwoFactorEnabledAsync(AppUser user) =>
        await base.IsTwoFactorEnabledAsync(user)
        || (UserManager.SupportsUserPasskey && (await UserManager.GetPasskeysAsync(user)).Count > 0);

    /// <summary>The methods the user can complete the second step with (after a correct password).</summary>
    public async Task<IReadOnlyList<string>> SecondFactorMethodsAsync(AppUser user)
    {
        var methods = new List<string>();
        if (await UserManager.GetTwoFactorEnabledAsync(user))
        {
            methods.Add("authenticator");
            methods.Add("recoveryCode");
        }
        if ((await UserManager.GetPasskeysAsync(user)).Count > 0) methods.Add("passkey");
        return methods;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (user is null) return SignInResult.Failed;
        var now = clock.GetUtcNow();
        var last = await UserManager.GetAuthenticationTokenAsync(user, TokenProvider, LastCodeToken);
        if (last?.Split(':') is [var usedCode, var usedAt] && usedCode == code
            && long.TryParse(usedAt, out var seconds) && now - DateTimeOffset.FromUnixTimeSeconds(seconds) < CodeReuseWindow)
        {
            // A replayed code is a wrong code: it counts towards lockout.
            await UserManager.AccessFailedAsync(user);
            return await IsLockedOut(user) ? await LockedOut(user) : SignInResult.Failed;
        }
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (result.Succeeded)
            await UserManager.SetAuthenticationTokenAsync(user, TokenProvider, LastCodeToken, $"{code}:{now.ToUnixTimeSeconds()}");
        return result;
    }

    /// <summary>Request options for a passkey as the second step; the challenge is kept beside the pending user in
    /// Identity's two-factor cookie. Null when no password step is pending.</summary>
    public async Task<string?> MakeSecondFactorPasskeyOptionsAsync()
    {
        var pending = await Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (pending.Principal is null || user is null) return null;
        var options = await passkeys.MakeRequestOptionsAsync(user, Context);
        var properties = pending.Properties ?? new AuthenticationProperties();
        properties.Items[SecondFactorPasskeyState] = options.AssertionState;
        await Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, pending.Principal, properties);
        return options.RequestOptionsJson;
    }

    /// <summary>Completes the second step with a passkey assertion made for the pending user. A failed assertion
    /// counts towards lockout like a wrong code; each challenge can be answered once.</summary>
    public async Task<(SignInResult Result, AppUser? User)> SecondFactorPasskeySignInAsync(string credentialJson, bool rememberClient)
    {
        var pending = await Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (pending.Principal is null || user is null) return (SignInResult.Failed, null);
        if (await IsLockedOut(user)) return (await LockedOut(user), user);
        var properties = pending.Properties!;
        if (!properties.Items.TryGetValue(SecondFactorPasskeyState, out var state) || state is null) return (SignInResult.Failed, user);
        properties.Items.Remove(SecondFactorPasskeyState);
        await Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, pending.Principal, properties);

        var assertion = await passkeys.PerformAssertionAsync(new PasskeyAssertionContext
        {
            HttpContext = Context, CredentialJson = credentialJson, AssertionState = state,
        });
        if (!assertion.Succeeded || assertion.User.Id != user.Id)
        {
            if (!assertion.Succeeded) Logger.LogInformation("Second-factor passkey rejected: {Reason}", assertion.Failure.Message);
            await UserManager.AccessFailedAsync(user);
            return (await IsLockedOut(user) ? await LockedOut(user) : SignInResult.Failed, user);
        }
        await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        await ResetLockout(user);
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (rememberClient) await RememberTwoFactorClientAsync(user);
        await SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return (SignInResult.Success, user);
    }

    /// <summary>Passwordless sign-in with a discoverable passkey. Unlike Identity's PasskeySignInAsync this also
    /// refuses locked-out users.</summary>
    public async Task<(SignInResult Result, AppUser? User)> PasswordlessPasskeySignInAsync(string credentialJson)
    {
        PasskeyAssertionResult<AppUser> assertion;
        try
        {
            assertion = await PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            return (SignInResult.Failed, null); // no ceremony under way: options were never requested, or already used
        }
        if (!assertion.Succeeded)
        {
            Logger.LogInformation("Passkey sign-in rejected: {Reason}", assertion.Failure.Message);
            return (SignInResult.Failed, null);
        }
        var user = assertion.User;
        if (await PreSignInCheck(user) is { } refused) return (refused, user);
        await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        await ResetLockout(user);
        // A passkey with user verification is itself multi-factor (something you have plus something you know or are).
        await SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa"), new Claim(ClaimTypes.AuthenticationMethod, "passkey")]);
        return (SignInResult.Success, user);
    }
}
