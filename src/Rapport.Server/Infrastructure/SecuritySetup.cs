using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Rapport.Core.Audit;

namespace Rapport.Server.Infrastructure;

/// <summary>Session cookie, sign-in rate limiting, security headers and the forced password change (settings
/// under <c>Security:*</c> and <c>RateLimiting:*</c>, read when first needed so tests can override them).</summary>
public static class SecuritySetup
{
    public const string CookieName = "__Host-rapport";
    /// <summary>Rate-limit policy for sign-in and token endpoints, partitioned by client address.</summary>
    public const string SignInLimit = "sign-in";
    /// <summary>Anonymous web-to-lead submissions, per client address.</summary>
    public const string PublicFormLimit = "public-form";
    /// <summary>The anonymous help centre (pages, search, suggestions, feedback), per client address.</summary>
    public const string HelpLimit = "help";
    /// <summary>Document rendering (quote PDFs), per signed-in user: it costs CPU time and memory.</summary>
    public const string PdfLimit = "pdf";
    /// <summary>Password changes and other checks of a signed-in user's password or code, per user.</summary>
    public const string PasswordLimit = "password";
    private const string SignedInAt = "rapport.signedInAt";

    public static IServiceCollection AddRapportSecurity(this IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IConfiguration, TimeProvider>((o, config, clock) =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.Path = "/";
                o.LoginPath = "/account/login";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(config.GetValue("Security:Session:IdleMinutes", 30));
                o.TimeProvider = clock;
                var absolute = TimeSpan.FromHours(config.GetValue("Security:Session:AbsoluteHours", 12.0));
                o.Events.OnSigningIn = async ctx =>
                {
                    ctx.Properties.Items[SignedInAt] = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                    await StartSessionAsync(ctx, absolute);
                };
                var stampCheck = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    // Absolute lifetime: sliding renewals keep the original sign-in time. The session row must still
                    // exist: signing out, "sign out everywhere", a password change or suspension delete it.
                    if (!ctx.Properties.Items.TryGetValue(SignedInAt, out var at) || !long.TryParse(at, out var seconds)
                        || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > absolute
                        || !await IsSessionLiveAsync(ctx.HttpContext, ctx.Principal))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    await stampCheck(ctx);
                };
            });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IConfiguration, TimeProvider>((o, config, clock) =>
        {
            o.ValidationInterval = TimeSpan.FromSeconds(config.GetValue("Security:StampValidationSeconds", 60));
            o.TimeProvider = clock;
            // The refreshed principal is built from the database and knows nothing of the session: keep its id.
            o.OnRefreshingPrincipal = ctx =>
            {
                if (ctx.CurrentPrincipal?.FindFirst(SessionService.ClaimType) is { } sid && ctx.NewPrincipal?.Identity is ClaimsIdentity identity
                    && !identity.HasClaim(c => c.Type == SessionService.ClaimType))
                    identity.AddClaim(new Claim(SessionService.ClaimType, sid.Value));
                return Task.CompletedTask;
            };
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInLimit, http => PerAddress(http, "SignIn", 10));
            o.AddPolicy(PublicFormLimit, http => PerAddress(http, "PublicForm", 20));
            o.AddPolicy(HelpLimit, http => PerAddress(http, "Help", 120));
            o.AddPolicy(PdfLimit, http => PerUser(http, "Pdf", 30));
            o.AddPolicy(PasswordLimit, http => PerUser(http, "Password", 5));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                await AuditThrottledAsync(http, ct);
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                var documents = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == PdfLimit;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = text[documents ? "Problem.TooManyDocuments" : "Problem.TooManyRequests"],
                        Type = "https://rapport.dev/problems/toomanyrequests",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>Sign-in (session start): a session row whose id goes into the cookie. A browser that signs in again
    /// (a refreshed cookie after a password or MFA change) gives up the session its old cookie named.</summary>
    private static async Task StartSessionAsync(CookieSigningInContext ctx, TimeSpan lifetime)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identity
            || !Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)) return;
        var sessions = ctx.HttpContext.RequestServices.GetRequiredService<SessionService>();
        var ct = ctx.HttpContext.RequestAborted;
        if (Guid.TryParse(ctx.HttpContext.User.FindFirstValue(SessionService.ClaimType), out var previous)) await sessions.EndAsync(previous, ct);
        foreach (var stale in identity.FindAll(SessionService.ClaimType).ToList()) identity.RemoveClaim(stale);
        identity.AddClaim(new Claim(SessionService.ClaimType, (await sessions.StartAsync(userId, lifetime, ct)).ToString()));
    }

    /// <summary>One primary-key read per request, never cached, so an ended session is refused on every node at once.</summary>
    private static async Task<bool> IsSessionLiveAsync(HttpContext http, ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(SessionService.ClaimType), out var sessionId)
        && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
        && await http.RequestServices.GetRequiredService<SessionService>().IsLiveAsync(sessionId, userId, http.RequestAborted);

    /// <summary>Throttled sign-in attempts leave one <c>auth.signin.throttled</c> entry per address and minute (a
    /// flood must not flood the audit trail too). Counted per app node.</summary>
    private static async Task AuditThrottledAsync(HttpContext http, CancellationToken ct)
    {
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        if (policy is not (SignInLimit or PasswordLimit)) return;
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var minute = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds() / 60;
        var cache = http.RequestServices.GetRequiredService<IMemoryCache>();
        var key = (AuditActions.SignInThrottled, address, minute);
        if (cache.TryGetValue(key, out _)) return;
        cache.SetFor(key, true, TimeSpan.FromMinutes(2));
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditActions.SignInThrottled, null, null,
            new { path = http.Request.Path.Value, policy }, ct);
    }

    /// <summary>A fixed window per signed-in user (per address when anonymous); see <see cref="PerAddress"/>.</summary>
    private static RateLimitPartition<string> PerUser(HttpContext http, string section, int defaultLimit) =>
        Window(http, section, defaultLimit, http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>A fixed window per client address; <c>RateLimiting:{section}:PermitLimit</c> and <c>:WindowSeconds</c>
    /// (default 60) set it.</summary>
    private static RateLimitPartition<string> PerAddress(HttpContext http, string section, int defaultLimit) =>
        Window(http, section, defaultLimit, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>A fixed window per <paramref name="key"/>, configured under <c>RateLimiting:{section}</c>.</summary>
    private static RateLimitPartition<string> Window(HttpContext http, string section, int defaultLimit, string key)
    {
        var config = http.RequestServices.GetRequiredService<IConfiguration>();
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = config.GetValue($"RateLimiting:{section}:PermitLimit", defaultLimit),
            Window = TimeSpan.FromSeconds(config.GetValue($"RateLimiting:{section}:WindowSeconds", 60)),
            QueueLimit = 0,
        });
    }

    /// <summary>Headers on every response; <c>no-store</c> on everything a signed-in user receives.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            // Public web-to-lead and case forms are made to be framed by the company's website, and may send the visitor on to it.
            var publicForm = ctx.Request.Path.StartsWithSegments("/forms", StringComparison.OrdinalIgnoreCase)
                || ctx.Request.Path.StartsWithSegments("/support", StringComparison.OrdinalIgnoreCase);
            if (!publicForm) h.XFrameOptions = "DENY";
            // The API reference page runs its own inline bootstrap script; everything else runs no inline script.
            var scripts = ctx.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase) ? "script-src 'self' 'unsafe-inline'; " : "script-src 'self'; ";
            h.ContentSecurityPolicy = "default-src 'self'; " + scripts + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "font-src 'self' data:; object-src 'none'; base-uri 'self'; "
                + (publicForm ? "form-action 'self' https: http:; frame-ancestors *" : "form-action 'self'; frame-ancestors 'none'");
            ctx.Response.OnStarting(() =>
            {
                if (ctx.User.Identity?.IsAuthenticated == true) ctx.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }

    /// <summary>Two gates on the way in. A user whose password must change (expired, or set by an administrator)
    /// may only change it, read who they are, or sign out. A user whose role requires MFA and who has none may only
    /// enrol, read who they are, or sign out.</summary>
    public static WebApplication UseAccountGates(this WebApplication app)
    {
        // Static files (the sign-in page's script and icon, the web app's assets) are never gated.
        string[] always = ["/api/v1/account/me", "/api/v1/account/access", "/api/v1/account/logout", "/account/logout", "/account/culture",
            "/js", "/css", "/favicon.svg", "/_framework", "/_content"];
        string[] password = [.. always, "/api/v1/account/password", "/account/password"];
        // Enrolment happens on the web app's security page, so its circuit (/_blazor) may connect; the layout shows
        // nothing but that page until a second factor exists.
        string[] mfa = [.. always, "/api/v1/account/mfa", "/api/v1/account/passkeys", "/api/v1/account/password", "/account/password",
            "/account/security", "/_blazor", "/api/v1/account/preferences"];
        app.Use(async (ctx, next) =>
        {
            var access = ctx.Features.Get<UserAccess>();
            var blockedBy = access switch
            {
                { MustChangePassword: true } when !Allowed(ctx, password) => "PasswordChangeRequired",
                { RequireMfa: true, HasMfa: false } when !Allowed(ctx, mfa) => "MfaEnrollmentRequired",
                _ => null,
            };
            if (blockedBy is null)
            {
                await next();
                return;
            }
            // A person in a browser is taken to the page that lifts the gate; API callers get a problem response.
            if (HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Response.Redirect(blockedBy == "PasswordChangeRequired" ? "/account/password" : "/account/security");
                return;
            }
            var text = ctx.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden, Title = text["Problem." + blockedBy],
                    Type = "https://rapport.dev/problems/" + blockedBy.ToLowerInvariant(),
                },
            });
        });
        return app;

        static bool Allowed(HttpContext ctx, string[] paths) => paths.Any(p => ctx.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
    }

}
