using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;

namespace Rapport.Server.Identity;

public sealed record SignInRequest(string? UserName, string? Password);

/// <summary>Sent with 202 when the password was right and a second factor is due (POST /account/login/2fa).</summary>
public sealed record SecondFactorRequired(bool RequiresTwoFactor = true);

public sealed record SecondFactorRequest(string? Code, string? RecoveryCode, bool RememberDevice = false);

public sealed record MeDto(Guid Id, string UserName, string? DisplayName, IReadOnlyList<string> Roles, bool MustChangePassword = false);

/// <summary>Browser sign-in (cookie), the current user, and personal access tokens.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/login", LoginPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/account/login", LoginForm).AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInLimit).ExcludeFromDescription();
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, SessionService sessions, AuditTrail audit, CancellationToken ct) =>
        {
            await SignOutAsync(signIn, sessions, audit, ct);
            return Results.Redirect("/account/login");
        }).RequireAuthorization().ExcludeFromDescription();

        var account = app.MapGroup("/api/v1/account").WithTags("Account");
        app.MapGet("/account/password", (HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text) =>
            PasswordHtml(http, antiforgery, text, null)).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/account/password", PasswordForm).RequireAuthorization().RequireRateLimiting(SecuritySetup.PasswordLimit).ExcludeFromDescription();
        app.MapPost("/account/login/2fa", SecondFactorForm).AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInLimit).ExcludeFromDescription();
        account.MapPost("/login/2fa", SecondFactorJson).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.SignInLimit)
            .WithName("SignInSecondFactor").WithSummary("Finish signing in with an authenticator code or a recovery code.");
        account.MapPost("/login", LoginJson).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.SignInLimit).WithName("SignIn")
            .WithSummary("Sign in with user name and password; sets the session cookie, or answers 202 when a second factor is due.");
        account.MapPost("/logout", (SignInManager<AppUser> signIn, SessionService sessions, AuditTrail audit, CancellationToken ct) =>
            Answers.NoContentAfter(SignOutAsync(signIn, sessions, audit, ct)))
            .RequireAuthorization().WithName("SignOut").WithSummary("End the cookie session.");
        account.MapGet("/me", Me).RequireAuthorization().WithName("Me").WithSummary("The signed-in user.");
        account.MapPost("/password", async (PasswordChangeInput input, AccountService s, ICurrentUser u, SignInManager<AppUser> signIn,
                HttpContext http, CancellationToken ct) =>
            {
                var user = await s.ChangePasswordAsync(u.Id!.Value, input, ct);
                // This browser stays signed in with the new security stamp; every other session ends.
                if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                    await signIn.RefreshSignInAsync(user);
                return TypedResults.NoContent();
            })
            .RequireAuthorization().DisableAntiforgery().RequireRateLimiting(SecuritySetup.PasswordLimit).WithName("ChangePassword")
            .WithSummary("Change your password (policy applies); ends your other sessions and revokes your tokens. A wrong current password counts towards lockout.");
        account.MapPost("/sessions/revoke-all", async (AccountService s, ICurrentUser u, SignInManager<AppUser> signIn, CancellationToken ct) =>
            {
                await s.RevokeAllSessionsAsync(u.Id!.Value, ct);
                await signIn.SignOutAsync();
                return TypedResults.NoContent();
            })
            .RequireAuthorization().WithName("SignOutEverywhere").WithSummary("End every session and revoke every token of yours.");

        var tokens = account.MapGroup("/tokens").RequireAuthorization().WithTags("Access tokens");
        tokens.MapGet("/", (TokenService s, ICurrentUser u, CancellationToken ct) => s.ListAsync(u.Id!.Value, ct))
            .WithName("ListTokens").WithSummary("Your personal access tokens (never the secrets).");
        tokens.MapPost("/", async (TokenInput input, TokenService s, ICurrentUser u, CancellationToken ct) =>
            TypedResults.Created($"/api/v1/account/tokens", await s.CreateAsync(u.Id!.Value, input, ct)))
            .RequireRateLimiting(SecuritySetup.SignInLimit)
            .WithName("CreateToken").WithSummary("Create a token; the secret is shown in this response only.");
        tokens.MapDelete("/{id:guid}", (Guid id, TokenService s, ICurrentUser u, CancellationToken ct) =>
            Answers.NoContentAfter(s.RevokeAsync(u.Id!.Value, id, ct)))
            .WithName("RevokeToken").WithSummary("Revoke a token at once.");
        return app;
    }

    private static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> Me(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null) return TypedResults.Unauthorized();
        return TypedResults.Ok(new MeDto(user.Id, user.UserName!, user.DisplayName, (await users.GetRolesAsync(user)).ToList(), user.MustChangePassword));
    }

    private static async Task<Results<Ok<MeDto>, Accepted<SecondFactorRequired>, ProblemHttpResult>> LoginJson(
        SignInRequest request, SignInManager<AppUser> signIn, AuditTrail audit, AccountService account, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var (user, second) = await TrySignInAsync(request, signIn, audit, ct);
        if (second) return TypedResults.Accepted("/api/v1/account/login/2fa", new SecondFactorRequired());
        return await SignedInAsync(user, signIn, account, text, ct);
    }

    private static async Task<Results<Ok<MeDto>, Accepted<SecondFactorRequired>, ProblemHttpResult>> SecondFactorJson(
        SecondFactorRequest request, SignInManager<AppUser> signIn, AuditTrail audit, AccountService account, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await SignedInAsync(await TrySecondFactorAsync(request, signIn, audit, ct), signIn, account, text, ct);

    private static async Task<Results<Ok<MeDto>, Accepted<SecondFactorRequired>, ProblemHttpResult>> SignedInAsync(
        AppUser? user, SignInManager<AppUser> signIn, AccountService account, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (user is null)
            return TypedResults.Problem(title: text["Problem.SignInFailed"], statusCode: StatusCodes.Status401Unauthorized);
        await account.AfterSignInAsync(user, ct);
        return TypedResults.Ok(new MeDto(user.Id, user.UserName!, user.DisplayName, (await signIn.UserManager.GetRolesAsync(user)).ToList(), user.MustChangePassword));
    }

    private static async Task<IResult> LoginForm(
        HttpContext http, SignInManager<AppUser> signIn, AuditTrail audit, AccountService account, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync();
        var (user, second) = await TrySignInAsync(new SignInRequest(form["userName"], form["password"]), signIn, audit, http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (second) return SecondFactorHtml(http, antiforgery, text, returnUrl, null);
        if (user is null) return LoginHtml(http, antiforgery, text, returnUrl, text["Problem.SignInFailed"]);
        await account.AfterSignInAsync(user, http.RequestAborted, form["timeZone"]);
        Preferences.PreferenceEndpoints.SetCultureCookie(http, user.Culture);
        return Results.LocalRedirect(user.MustChangePassword ? "/account/password" : SafeReturn(returnUrl));
    }

    private static async Task<IResult> PasswordForm(
        HttpContext http, AccountService account, SignInManager<AppUser> signIn, ICurrentUser me, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync();
        try
        {
            var user = await account.ChangePasswordAsync(me.Id!.Value, new PasswordChangeInput(form["currentPassword"], form["newPassword"]), http.RequestAborted);
            await signIn.RefreshSignInAsync(user);
            return Results.LocalRedirect("/");
        }
        catch (RapportValidationException e)
        {
            return PasswordHtml(http, antiforgery, text, string.Join(" ", e.Errors.Select(x => text[x.Code, x.Args].Value)));
        }
    }

    private static ContentHttpResult PasswordHtml(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text, string? error) =>
        FormPage(http, antiforgery, text, "/account/password", "Password.Title", "Password.Submit",
            [new("currentPassword", "Password.Current", "password", "current-password"), new("newPassword", "Password.New", "password", "new-password")],
            [], error);

    private static async Task<IResult> SecondFactorForm(
        HttpContext http, SignInManager<AppUser> signIn, AuditTrail audit, AccountService account, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text)
    {
        await antiforgery.ValidateRequestAsync(http);
        var form = await http.Request.ReadFormAsync();
        var code = form["code"].ToString();
        // Six digits are an authenticator code; anything longer is a recovery code.
        var request = code.Replace(" ", "", StringComparison.Ordinal).Length == 6 ? new SecondFactorRequest(code, null) : new SecondFactorRequest(null, code);
        var user = await TrySecondFactorAsync(request, signIn, audit, http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (user is null) return SecondFactorHtml(http, antiforgery, text, returnUrl, text["Problem.SignInFailed"]);
        await account.AfterSignInAsync(user, http.RequestAborted, form["timeZone"]);
        Preferences.PreferenceEndpoints.SetCultureCookie(http, user.Culture);
        return Results.LocalRedirect(user.MustChangePassword ? "/account/password" : SafeReturn(returnUrl));
    }

    /// <summary>The return address if it is a path on this site, else home. The same test as LocalRedirect's (which
    /// throws on anything else): "/x" but not "//host", "/\host" or control characters.</summary>
    internal static string SafeReturn(string? returnUrl) =>
        returnUrl is ['/'] or ['/', not ('/' or '\\'), ..] && !returnUrl.Any(char.IsControl) ? returnUrl : "/";

    private static ContentHttpResult SecondFactorHtml(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text, string? returnUrl, string? error) =>
        FormPage(http, antiforgery, text, "/account/login/2fa", "SignIn.SecondFactor", "SignIn.Submit",
            [new("code", "SignIn.Code", "text", "one-time-code")], new() { ["returnUrl"] = returnUrl, ["timeZone"] = null }, error);

    private static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text, string? returnUrl) =>
        LoginHtml(http, antiforgery, text, returnUrl, null);

    /// <summary>Generic failure for unknown user, wrong password or locked account alike: no user enumeration.
    /// Every attempt is audited (the name that was tried; never the password).</summary>
    private static async Task<(AppUser? User, bool SecondFactor)> TrySignInAsync(SignInRequest request, SignInManager<AppUser> signIn, AuditTrail audit, CancellationToken ct)
    {
        var name = request.UserName?.Trim() ?? "";
        // No user name has control characters (and PostgreSQL cannot even look up one with NUL): an unknown user.
        var user = name.Length == 0 || string.IsNullOrEmpty(request.Password) || AccountInput.HasControl(name) ? null : await signIn.UserManager.FindByNameAsync(name);
        if (user is { Status: not UserStatus.Active }) user = null; // suspended and offboarded people cannot sign in
        var result = user is null ? null : await signIn.PasswordSignInAsync(user, request.Password!, isPersistent: false, lockoutOnFailure: true);
        // Identity hashes nothing for an unknown or locked-out user; hash anyway, so the time taken tells nobody which it was.
        if (result is null || result.IsLockedOut) HashAnyway(signIn.UserManager.PasswordHasher, request.Password ?? "");
        if (result?.IsLockedOut == true) signIn.Logger.LogWarning(Core.Observability.AppEvents.LockedOut, "Sign-in refused: account {UserId} is locked out", user!.Id);
        var ok = result?.Succeeded == true;
        var second = result?.RequiresTwoFactor == true;
        await audit.RecordAsync(ok ? AuditActions.SignInSucceeded : second ? AuditActions.SignInPasswordOk : AuditActions.SignInFailed, "user", user?.Id.ToString(),
            ok || second ? null : new { reason = result is null ? "unknown user or empty password" : result.IsLockedOut ? "locked out" : "wrong password" },
            ct, userName: AccountInput.Printable(name), userId: user?.Id);
        return (ok ? user : null, second);
    }

    private static string? _throwawayHash;

    /// <summary>Verifies the password against the hash of a random one, made once with the same hasher (so with the
    /// same cost as every stored hash).</summary>
    private static void HashAnyway(IPasswordHasher<AppUser> hasher, string password)
    {
        var nobody = new AppUser();
        _throwawayHash ??= hasher.HashPassword(nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(nobody, _throwawayHash, password);
    }

    /// <summary>Completes a sign-in with an authenticator code or a one-time recovery code. Wrong codes count
    /// towards lockout.</summary>
    private static async Task<AppUser?> TrySecondFactorAsync(SecondFactorRequest request, SignInManager<AppUser> signIn, AuditTrail audit, CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return null;
        var result = !string.IsNullOrWhiteSpace(request.RecoveryCode)
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(request.RecoveryCode.Replace(" ", "", StringComparison.Ordinal))
            : await signIn.TwoFactorAuthenticatorSignInAsync(MfaService.Clean(request.Code ?? ""), isPersistent: false, rememberClient: request.RememberDevice);
        var how = string.IsNullOrWhiteSpace(request.RecoveryCode) ? "authenticator" : "recovery code";
        await audit.RecordAsync(result.Succeeded ? AuditActions.SignInSucceeded : AuditActions.SignInFailed, "user", user.Id.ToString(),
            new { factor = how, reason = result.Succeeded ? null : result.IsLockedOut ? "locked out" : "wrong code" }, ct, userName: user.UserName, userId: user.Id);
        return result.Succeeded ? user : null;
    }

    /// <summary>Ends this browser's session row too, so the cookie is refused from now on even if someone kept a copy.</summary>
    private static async Task SignOutAsync(SignInManager<AppUser> signIn, SessionService sessions, AuditTrail audit, CancellationToken ct)
    {
        await audit.RecordAsync(AuditActions.SignOut, null, null, null, ct);
        if (Guid.TryParse(signIn.Context.User.FindFirstValue(SessionService.ClaimType), out var session)) await sessions.EndAsync(session, ct);
        await signIn.SignOutAsync();
    }

    // The same palette, type and dark mode as the web app (MainLayout.Theme), so signing in looks like Rapport.
    internal const string LoginCss = """
              :root{--primary:#3b5bdb;--bg:#f4f5f7;--surface:#fff;--text:#1f2430;--muted:#5c6370;--border:#ccd}
              @media (prefers-color-scheme: dark){:root{--primary:#748ffc;--bg:#16181d;--surface:#20232a;--text:#e6e8ee;--muted:#9aa0aa;--border:#444}}
              *{box-sizing:border-box}
              a{color:var(--primary)}
              body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:var(--bg);color:var(--text)}
              main{width:min(24rem,92vw)}
              .brand{display:flex;align-items:center;gap:.6rem;margin-bottom:1rem;font-weight:700;font-size:1.3rem}
              .brand img{width:36px;height:36px}
              form{background:var(--surface);padding:2rem;border-radius:12px;box-shadow:0 2px 14px #0002;display:grid;gap:.9rem}
              label{display:grid;gap:.3rem;font-size:.9rem;color:var(--muted)}
              input{padding:.7rem;border:1px solid var(--border);border-radius:6px;font-size:1rem;background:var(--surface);color:var(--text)}
              input:focus{outline:2px solid var(--primary);outline-offset:1px;border-color:var(--primary)}
              button{padding:.75rem;border:0;border-radius:6px;background:var(--primary);color:#fff;font-size:1rem;font-weight:600;cursor:pointer;letter-spacing:.02em}
              button.secondary{background:transparent;color:var(--primary);border:1px solid var(--primary)}
              .error{color:#e03131;margin:0} h1{margin:0 0 .25rem;font-size:1.25rem}
              .lang{display:flex;gap:1rem;justify-content:center;margin-top:1rem;font-size:.85rem}
              .lang a{color:var(--muted)} .lang a[aria-current]{color:var(--primary);font-weight:600}
        """;

    /// <summary>One field of a server-rendered account form.</summary>
    internal sealed record Field(string Name, string LabelKey, string Type, string AutoComplete);

    private static readonly Field[] LoginFields =
    [
        new("userName", "SignIn.UserName", "text", "username"),
        new("password", "SignIn.Password", "password", "current-password"),
    ];

    private static ContentHttpResult LoginHtml(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text, string? returnUrl, string? error) =>
        FormPage(http, antiforgery, text, "/account/login", "SignIn.Title", "SignIn.Submit", LoginFields, new() { ["returnUrl"] = returnUrl, ["timeZone"] = null }, error, "SignIn.Passkey");

    /// <summary>The server-rendered, antiforgery-protected form of the pages used before (or instead of) a Blazor
    /// session: sign-in, second step, password change and invitation. Styled like the web app.</summary>
    internal static ContentHttpResult FormPage(
        HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text, string action, string titleKey, string submitKey,
        IEnumerable<Field> fields, Dictionary<string, string?> hidden, string? error, string? passkeyLabelKey = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        string E(string s) => WebUtility.HtmlEncode(s);
        var lang = Thread.CurrentThread.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en";
        var inputs = string.Concat(fields.Select((f, i) =>
            $"<label>{E(text[f.LabelKey])}<input name=\"{f.Name}\" type=\"{f.Type}\" autocomplete=\"{f.AutoComplete}\" required{(i == 0 ? " autofocus" : "")}></label>"));
        var hiddenInputs = string.Concat(hidden.Select(h => $"<input type=\"hidden\" name=\"{E(h.Key)}\" value=\"{E(h.Value ?? "")}\">"));
        var here = http.Request.Path + http.Request.QueryString;
        string LangLink(string culture, string label) =>
            $"<a href=\"/account/culture?culture={culture}&amp;returnUrl={E(Uri.EscapeDataString(here))}\"{(lang == culture ? " aria-current=\"true\"" : "")}>{label}</a>";
        // Passkeys need the browser's WebAuthn API: the button shows only where it exists (wwwroot/js/rapport.js).
        var passkey = passkeyLabelKey is null ? "" :
            $"<button type=\"button\" class=\"secondary\" id=\"passkey-signin\">{E(text[passkeyLabelKey])}</button>"
            + $"<p class=\"error\" id=\"passkey-error\" role=\"alert\" hidden>{E(text["Problem.SignInFailed"])}</p>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(text[titleKey])}} · Rapport</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <style>{{LoginCss}}</style><script src="/js/rapport.js" defer></script></head>
            <body><main>
            <div class="brand"><img src="/favicon.svg" alt="">Rapport</div>
            <form method="post" action="{{E(action)}}">
              <h1>{{E(text[titleKey])}}</h1>
              {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}}
              <input type="hidden" name="{{E(tokens.FormFieldName)}}" value="{{E(tokens.RequestToken ?? "")}}">
              {{hiddenInputs}}
              {{inputs}}
              <button type="submit">{{E(text[submitKey])}}</button>
              {{passkey}}
            </form>
            <nav class="lang" aria-label="Language / 语言">{{LangLink("en", "English")}}{{LangLink("zh-CN", "简体中文")}}</nav>
            </main></body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: error is null ? 200 : 401);
    }
}
