using Microsoft.AspNetCore.Antiforgery;

namespace Rapport.Server.Identity;

/// <summary>User lifecycle for administrators (users.manage), and accepting an invitation (anonymous).</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", (UserAdminService s, CancellationToken ct, string? status = null, Guid? teamId = null, Guid? roleId = null, string? q = null,
                string? cursor = null, int? limit = null) =>
                s.ListAsync(QueryParams.Enum<UserStatus>(status, nameof(status)), teamId, roleId, q, cursor, limit, ct))
            .WithName("ListUsers").WithSummary("Users by name; filter by status, team, role or text (name or email).");
        users.MapGet("/export", (HttpContext http, UserAdminService s, CancellationToken ct) =>
                Csv.WriteAsync(http, "users", ["userName", "displayName", "email", "status", "roles", "teamId", "lastSignInAt", "createdAt"],
                    s.ExportAsync(ct),
                    (u, zone) => [
                        u.UserName, u.DisplayName, u.Email, u.Status.ToString(), string.Join("; ", u.Roles), u.TeamId?.ToString(),
                        Csv.Instant(u.LastSignInAt, zone), Csv.Instant(u.CreatedAt, zone),
                    ], ct))
            .WithName("ExportUsers").WithSummary("Every user as CSV.");
        users.MapPost("/import", async (HttpRequest request, UserAdminService s, CancellationToken ct) =>
            {
                return TypedResults.Ok(await s.ImportAsync(await InvitesFromCsvAsync(request.Body, ct), "rows", ct));
            })
            .Accepts<string>("text/csv").WithName("ImportUsers")
            .WithSummary("Invite everyone in a CSV (userName, displayName, email, roles separated by ';'): all rows or none; returns the links.");
        users.MapGet("/{id:guid}", (Guid id, UserAdminService s, CancellationToken ct) => s.GetAsync(id, ct))
            .WithName("GetUser").WithSummary("One user.");
        users.MapPost("/invitations", async (InviteInput input, UserAdminService s, CancellationToken ct) =>
            {
                var invitation = await s.InviteAsync(input, ct);
                return TypedResults.Created($"/api/v1/users/{invitation.User.Id}", invitation);
            })
            .WithName("InviteUser").WithSummary("Invite someone: returns a one-time link (valid seven days) to set their password.");
        users.MapPut("/{id:guid}", (Guid id, UserProfileInput input, UserAdminService s, CancellationToken ct) => s.UpdateAsync(id, input, ct))
            .WithName("UpdateUser").WithSummary("Change a user's name, email, position, language and time zone.");
        users.MapPost("/{id:guid}/mfa/reset", (Guid id, UserAdminService s, CancellationToken ct) => s.ResetMfaAsync(id, ct))
            .WithName("ResetUserMfa").WithSummary("Remove a user's authenticator, recovery codes and passkeys, and end their sessions.");
        users.MapPost("/{id:guid}/sign-out", (Guid id, UserAdminService s, CancellationToken ct) => s.SignOutEverywhereAsync(id, ct))
            .WithName("SignOutUserEverywhere").WithSummary("End every session of a user and revoke their tokens.");
        users.MapPost("/{id:guid}/suspend", (Guid id, UserAdminService s, CancellationToken ct) => s.SuspendAsync(id, ct))
            .WithName("SuspendUser").WithSummary("Bar a user at once: sessions end and tokens are revoked.");
        users.MapPost("/{id:guid}/reactivate", (Guid id, UserAdminService s, CancellationToken ct) => s.ReactivateAsync(id, ct))
            .WithName("ReactivateUser").WithSummary("Let a suspended user sign in again.");
        users.MapPost("/{id:guid}/offboard", (Guid id, OffboardInput input, UserAdminService s, CancellationToken ct) => s.OffboardAsync(id, input, ct))
            .WithName("OffboardUser").WithSummary("Revoke all access and hand everything the user owns (customers, leads, deals, contracts, orders, cases, open tasks) to a colleague, in one transaction.");
        api.MapPost("/account/invitations/accept", (AcceptInvitationInput input, UserAdminService s, CancellationToken ct) => s.AcceptInvitationAsync(input, ct))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.SignInLimit).WithTags("Account")
            .WithName("AcceptInvitation").WithSummary("Set your first password from an invitation link; then sign in.");
        return api;
    }

    /// <summary>The rows of an import CSV (userName, displayName, email, roles separated by ';') as invitations; the
    /// users page reads an uploaded file through the same columns.</summary>
    public static async Task<List<InviteInput>> InvitesFromCsvAsync(Stream csv, CancellationToken ct) =>
        (await Csv.ReadAsync(csv, ["userName"], ct)).Select(r => new InviteInput(r.GetValueOrDefault("userName"), r.GetValueOrDefault("displayName"),
            r.GetValueOrDefault("email"), r.GetValueOrDefault("roles")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), null)).ToList();

    /// <summary>The invitation page a new user opens from the link (server-rendered: no WebSocket before signing in).</summary>
    public static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder app)
    {
        // The token rides in the query string, not the path: the request path is in every log line's scope and in the
        // router's debug output, and the app never writes query strings to its log (see LogRedaction).
        app.MapGet("/account/invite", (string? token, HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text) =>
                InvitePage(http, antiforgery, text, token ?? "", null))
            .AllowAnonymous().ExcludeFromDescription();
        // Links sent before the token moved to the query string keep working until they expire.
        app.MapGet("/account/invite/{token}", (string token, HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text) =>
                InvitePage(http, antiforgery, text, token, null))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/account/invite", async (HttpContext http, UserAdminService s, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text) =>
            {
                await antiforgery.ValidateRequestAsync(http);
                var form = await http.Request.ReadFormAsync();
                var token = form["token"].ToString();
                try
                {
                    await s.AcceptInvitationAsync(new AcceptInvitationInput(token, form["password"]), http.RequestAborted);
                    return Results.Redirect("/account/login");
                }
                catch (RapportValidationException e)
                {
                    var first = e.Errors[0];
                    return InvitePage(http, antiforgery, text, token, text[first.Code, first.Args]);
                }
            })
            .AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInLimit).ExcludeFromDescription();
        return app;
    }

    private static IResult InvitePage(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<SharedResource> text, string token, string? error) =>
        AccountEndpoints.FormPage(http, antiforgery, text, "/account/invite", "Invite.Title", "Invite.Submit",
            [new("password", "Invite.Password", "password", "new-password")], new() { ["token"] = token }, error);
}
