using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;

namespace Rapport.Server.Identity;

public sealed record PasskeySignInRequest(JsonElement Credential, bool? RememberDevice);

public sealed record PasskeyRegistrationRequest(JsonElement Credential, string? Name);

/// <summary>Passkeys: register, list, rename and delete your own; sign in with one alone (passwordless) or as the
/// second step after the password.</summary>
internal static class PasskeyEndpoints
{
    public static IEndpointRouteBuilder MapPasskeyApi(this IEndpointRouteBuilder app)
    {
        var passkeys = app.MapGroup("/api/v1/account/passkeys").RequireAuthorization().WithTags("Account");
        passkeys.MapGet("/", (PasskeyService s, CancellationToken ct) => s.ListAsync(ct)).WithName("ListPasskeys").WithSummary("Your passkeys.");
        passkeys.MapPost("/options", RegistrationOptions).WithName("PasskeyCreationOptions")
            .WithSummary("WebAuthn creation options for registering a passkey (pass them to navigator.credentials.create).");
        passkeys.MapPost("/", Register).WithName("RegisterPasskey").WithSummary("Register a passkey from the browser's attestation response.");
        passkeys.MapPut("/{id}", (string id, PasskeyNameInput input, PasskeyService s, CancellationToken ct) => s.RenameAsync(id, input, ct))
            .WithName("RenamePasskey").WithSummary("Rename a passkey.");
        passkeys.MapDelete("/{id}", (string id, PasskeyService s, CancellationToken ct) => Answers.NoContentAfter(s.RemoveAsync(id, ct)))
            .WithName("DeletePasskey").WithSummary("Remove a passkey.");

        var login = app.MapGroup("/api/v1/account/login").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(SecuritySetup.SignInLimit).WithTags("Account");
        login.MapPost("/passkey/options", async (RapportSignInManager signIn) => Json(await signIn.MakePasskeyRequestOptionsAsync(null)))
            .WithName("SignInPasskeyOptions").WithSummary("WebAuthn request options for signing in with a passkey alone.");
        login.MapPost("/passkey", Passwordless).WithName("SignInPasskey").WithSummary("Sign in with a passkey (no password).");
        login.MapPost("/2fa/passkey/options", async (RapportSignInManager signIn, IStringLocalizer<SharedResource> text) =>
                await signIn.MakeSecondFactorPasskeyOptionsAsync() is { } json ? (IResult)Json(json) : Failed(text))
            .WithName("SignInSecondFactorPasskeyOptions").WithSummary("WebAuthn request options for a passkey as the second step.");
        login.MapPost("/2fa/passkey", SecondStep).WithName("SignInSecondFactorPasskey").WithSummary("Second sign-in step with a passkey.");
        return app;
    }

    private static async Task<IResult> RegistrationOptions(ICurrentUser caller, RapportSignInManager signIn)
    {
        var user = await signIn.UserManager.FindByIdAsync(caller.Id!.Value.ToString()) ?? throw new NotFoundException("User", caller.Id.Value);
        return Json(await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id.ToString(), Name = user.UserName!, DisplayName = user.DisplayName ?? user.UserName!,
        }));
    }

    private static async Task<Created<PasskeyDto>> Register(
        PasskeyRegistrationRequest request, ICurrentUser caller, RapportSignInManager signIn, PasskeyService passkeys, HttpContext http, CancellationToken ct)
    {
        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(request.Credential.GetRawText());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw RapportValidationException.For("credential", "Validation.Passkey"); // no ceremony under way, or an empty body
        }
        if (!attestation.Succeeded || attestation.UserEntity.Id != caller.Id!.Value.ToString())
            throw RapportValidationException.For("credential", "Validation.Passkey");
        var passkey = await passkeys.AddAsync(attestation.Passkey, request.Name, ct);
        // Adding a factor renews the security stamp; this browser stays signed in.
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && await signIn.UserManager.GetUserAsync(http.User) is { } me)
            await signIn.RefreshSignInAsync(me);
        return TypedResults.Created($"/api/v1/account/passkeys/{passkey.Id}", passkey);
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> Passwordless(
        PasskeySignInRequest request, RapportSignInManager signIn, AuditTrail audit, AccountService account, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var (result, user) = await signIn.PasswordlessPasskeySignInAsync(RawCredential(request.Credential));
        return await FinishAsync(result, user, "passkey", signIn, audit, account, text, ct);
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SecondStep(
        PasskeySignInRequest request, RapportSignInManager signIn, AuditTrail audit, AccountService account, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var (result, user) = await signIn.SecondFactorPasskeySignInAsync(RawCredential(request.Credential), request.RememberDevice == true);
        return await FinishAsync(result, user, "password + passkey", signIn, audit, account, text, ct);
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> FinishAsync(
        SignInResult result, AppUser? user, string factor, RapportSignInManager signIn, AuditTrail audit, AccountService account,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        await audit.RecordAsync(result.Succeeded ? AuditActions.SignInSucceeded : AuditActions.SignInFailed, "user", user?.Id.ToString(),
            new { factor, reason = result.Succeeded ? null : result.IsLockedOut ? "locked out" : "passkey rejected" }, ct,
            userName: user?.UserName, userId: user?.Id);
        if (!result.Succeeded || user is null) return Failed(text);
        await account.AfterSignInAsync(user, ct);
        return TypedResults.Ok(new MeDto(user.Id, user.UserName!, user.DisplayName, (await signIn.UserManager.GetRolesAsync(user)).ToList(), user.MustChangePassword));
    }

    private static ProblemHttpResult Failed(IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(title: text["Problem.SignInFailed"], statusCode: StatusCodes.Status401Unauthorized);

    private static ContentHttpResult Json(string json) => TypedResults.Content(json, "application/json; charset=utf-8");

    /// <summary>The credential as sent; a body without one is a 400, not an unhandled error.</summary>
    private static string RawCredential(JsonElement credential) => credential.ValueKind == JsonValueKind.Undefined
        ? throw RapportValidationException.For("credential", "Validation.Passkey")
        : credential.GetRawText();
}
