using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Identity;

/// <summary>Your own second factor: authenticator app and recovery codes.</summary>
internal static class MfaEndpoints
{
    public static IEndpointRouteBuilder MapMfaApi(this IEndpointRouteBuilder app)
    {
        // Changing the second factor renews the security stamp; the browser that made the change stays signed in.
        var mfa = app.MapGroup("/api/v1/account/mfa").RequireAuthorization().WithTags("Account").AddEndpointFilter(async (ctx, next) =>
        {
            var result = await next(ctx);
            var http = ctx.HttpContext;
            if (HttpMethods.IsPost(http.Request.Method) && http.Response.StatusCode < 400
                && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var signIn = http.RequestServices.GetRequiredService<SignInManager<AppUser>>();
                if (await signIn.UserManager.GetUserAsync(http.User) is { } user) await signIn.RefreshSignInAsync(user);
            }
            return result;
        });
        mfa.MapGet("/", (MfaService s, CancellationToken ct) => s.StatusAsync(ct))
            .WithName("MfaStatus").WithSummary("Whether your authenticator is on, recovery codes left, and whether your role requires MFA.");
        mfa.MapPost("/authenticator", (MfaService s, CancellationToken ct) => s.BeginAuthenticatorAsync(ct))
            .WithName("BeginAuthenticator").WithSummary("A new shared key and otpauth URI for your authenticator app.");
        mfa.MapPost("/authenticator/verify", (MfaCodeInput input, MfaService s, CancellationToken ct) => s.EnableAuthenticatorAsync(input, ct))
            .WithName("EnableAuthenticator").WithSummary("Confirm with a code from the app; returns ten recovery codes, shown once.");
        mfa.MapPost("/recovery-codes", (MfaCodeInput input, MfaService s, CancellationToken ct) => s.RegenerateRecoveryCodesAsync(input, ct))
            .RequireRateLimiting(Infrastructure.SecuritySetup.PasswordLimit)
            .WithName("RegenerateRecoveryCodes").WithSummary("New recovery codes (needs a current code); the old ones stop working.");
        mfa.MapPost("/disable", (MfaDisableInput input, MfaService s, CancellationToken ct) => Answers.NoContentAfter(s.DisableAsync(input, ct)))
            .RequireRateLimiting(Infrastructure.SecuritySetup.PasswordLimit)
            .WithName("DisableMfa").WithSummary("Turn the second factor off (needs a current code or your password).");
        return app;
    }
}
