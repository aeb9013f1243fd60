using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;

namespace Rapport.Core.Identity;

public sealed record PasswordChangeInput(string? CurrentPassword, string? NewPassword);

/// <summary>What happens around a user's own credentials: after sign-in, password change, "sign out everywhere".</summary>
public sealed class AccountService(
    UserManager<AppUser> users, SettingsService settings, TokenService tokens, SessionService sessions, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Stamps the sign-in and, when the password is older than the policy allows, demands a new one. A user
    /// who has no time zone yet takes the browser's (<paramref name="browserTimeZone"/>, when it names a known zone).</summary>
    public async Task AfterSignInAsync(AppUser user, CancellationToken ct, string? browserTimeZone = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (user.TimeZone is null && TimeZones.Find(browserTimeZone) is { } zone) user.TimeZone = zone.Id;
        var policy = await settings.GetAsync<PasswordPolicy>(ct);
        user.LastSignInAt = now;
        if (policy.IsExpired(user.PasswordChangedAt ?? user.CreatedAt, now)) user.MustChangePassword = true;
        await users.UpdateAsync(user);
        AccessResolver.Invalidate();
    }

    /// <summary>Changes the caller's password under the policy; every other session and every token ends.</summary>
    public async Task<AppUser> ChangePasswordAsync(Guid userId, PasswordChangeInput input, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("User", userId);
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(input.CurrentPassword)) errors.Add(new("currentPassword", "Validation.Required"));
        if (string.IsNullOrEmpty(input.NewPassword)) errors.Add(new("newPassword", "Validation.Required"));
        if (errors.Count > 0) throw new RapportValidationException(errors);

        // The current password is a password guess like a sign-in: refused while locked out, and a wrong one counts.
        if (await users.IsLockedOutAsync(user)) throw RapportValidationException.For("currentPassword", "Validation.LockedOut");
        var result = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "PasswordMismatch")) await FailedGuessAsync(user, "wrong current password", ct);
            throw new RapportValidationException(ToFieldErrors(result, "newPassword"));
        }
        await users.ResetAccessFailedCountAsync(user);
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await sessions.EndAllAsync(userId, ct);
        await tokens.RevokeAllAsync(userId, ct);
        await audit.RecordAsync(AuditActions.PasswordChanged, "user", userId.ToString(), null, ct);
        AccessResolver.Invalidate();
        return user;
    }

    /// <summary>"Sign out everywhere": every session row goes (so every cookie is refused at once) and a new security
    /// stamp ends open UI circuits; all tokens are revoked.</summary>
    public async Task RevokeAllSessionsAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("User", userId);
        await users.UpdateSecurityStampAsync(user);
        await sessions.EndAllAsync(userId, ct);
        await tokens.RevokeAllAsync(userId, ct);
        await audit.RecordAsync(AuditActions.SessionsRevoked, "user", userId.ToString(), null, ct);
    }

    /// <summary>A wrong password or code given by a signed-in user counts towards lockout, as at sign-in.</summary>
    public async Task FailedGuessAsync(AppUser user, string reason, CancellationToken ct)
    {
        await users.AccessFailedAsync(user);
        await audit.RecordAsync(AuditActions.PasswordGuessFailed, "user", user.Id.ToString(),
            new { reason, lockedOut = await users.IsLockedOutAsync(user) }, ct);
    }

    /// <summary>Identity's errors as field errors whose codes are resource keys (numbers travel in the description).</summary>
    public static List<FieldError> ToFieldErrors(IdentityResult result, string field) =>
        result.Errors.Select(e => e.Code switch
        {
            "PasswordMismatch" => new FieldError("currentPassword", "Validation.WrongPassword"),
            _ when int.TryParse(e.Description, out var n) => new FieldError(field, e.Code, n),
            _ when e.Code.StartsWith("Password.", StringComparison.Ordinal) => new FieldError(field, e.Code),
            _ => new FieldError(field, "Validation.Invalid"),
        }).ToList();
}
