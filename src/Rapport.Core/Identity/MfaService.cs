using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;

namespace Rapport.Core.Identity;

public sealed record MfaStatus(bool AuthenticatorEnabled, int RecoveryCodesLeft, bool RequiredByRole);

/// <summary>The shared key in groups of four for typing, and the otpauth URI for a QR code.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string Uri);

public sealed record MfaCodeInput(string? Code);

public sealed record MfaDisableInput(string? Code, string? Password);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>Authenticator-app (TOTP) second factor with one-time recovery codes, built on Identity's token providers.</summary>
public sealed class MfaService(UserManager<AppUser> users, ICurrentUser caller, AuditTrail audit)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "Rapport";

    public async Task<MfaStatus> StatusAsync(CancellationToken ct)
    {
        var user = await MeAsync();
        ct.ThrowIfCancellationRequested();
        return new MfaStatus(user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user), RequiredFor(user));
    }

    /// <summary>Starts (or restarts, while not yet enabled) authenticator enrolment with a fresh shared key.</summary>
    public async Task<AuthenticatorSetup> BeginAuthenticatorAsync(CancellationToken ct)
    {
        var user = await MeAsync();
        if (user.TwoFactorEnabled) throw RapportValidationException.For("authenticator", "Validation.MfaAlreadyOn");
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var label = Uri.EscapeDataString($"{Issuer}:{user.UserName}");
        await audit.RecordAsync(AuditActions.MfaAuthenticatorStarted, "user", user.Id.ToString(), null, ct);
        return new AuthenticatorSetup(Group(key), $"otpauth://totp/{label}?secret={key}&issuer={Issuer}&digits=6");
    }

    /// <summary>Confirms enrolment with a code from the app; turns MFA on and returns recovery codes (shown once).</summary>
    public async Task<RecoveryCodes> EnableAuthenticatorAsync(MfaCodeInput input, CancellationToken ct)
    {
        var user = await MeAsync();
        if (user.TwoFactorEnabled) throw RapportValidationException.For("code", "Validation.MfaAlreadyOn");
        if (await users.GetAuthenticatorKeyAsync(user) is null) throw RapportValidationException.For("code", "Validation.MfaNotStarted");
        await CheckCodeAsync(user, input.Code);
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        await audit.RecordAsync(AuditActions.MfaEnabled, "user", user.Id.ToString(), null, ct);
        AccessResolver.Invalidate();
        return new RecoveryCodes(codes!.ToList());
    }

    /// <summary>Replaces every recovery code (the old ones stop working); needs a current code from the app.</summary>
    public async Task<RecoveryCodes> RegenerateRecoveryCodesAsync(MfaCodeInput input, CancellationToken ct)
    {
        var user = await MeAsync();
        if (!user.TwoFactorEnabled) throw RapportValidationException.For("code", "Validation.MfaNotOn");
        await CheckCodeAsync(user, input.Code);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        await audit.RecordAsync(AuditActions.MfaRecoveryCodesRegenerated, "user", user.Id.ToString(), null, ct);
        return new RecoveryCodes(codes!.ToList());
    }

    /// <summary>Turns MFA off with a current code or the password; refused when the user's role requires MFA.</summary>
    public async Task DisableAsync(MfaDisableInput input, CancellationToken ct)
    {
        var user = await MeAsync();
        if (!user.TwoFactorEnabled) throw RapportValidationException.For("code", "Validation.MfaNotOn");
        if (RequiredFor(user)) throw RapportValidationException.For("code", "Validation.MfaRequiredByRole");
        // A password or code offered here is a guess like a sign-in: refused while locked out, and a wrong one counts.
        if (await users.IsLockedOutAsync(user)) throw RapportValidationException.For("code", "Validation.LockedOut");
        var proven = (input.Password is { Length: > 0 } p && await users.CheckPasswordAsync(user, p))
            || (input.Code is { Length: > 0 } c && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Clean(c)));
        if (!proven)
        {
            await users.AccessFailedAsync(user);
            throw RapportValidationException.For("code", "Validation.MfaCode");
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(AuditActions.MfaDisabled, "user", user.Id.ToString(), null, ct);
        AccessResolver.Invalidate();
    }

    private bool RequiredFor(AppUser user) => caller.Id == user.Id && caller is IMfaAware { MfaRequired: true };

    private async Task CheckCodeAsync(AppUser user, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Clean(code)))
            throw RapportValidationException.For("code", "Validation.MfaCode");
    }

    public static string Clean(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    private async Task<AppUser> MeAsync() =>
        await users.FindByIdAsync(caller.Id?.ToString() ?? "") ?? throw new ForbiddenException("mfa");

    private static string Group(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return sb.ToString().TrimEnd().ToLowerInvariant();
    }
}

/// <summary>Implemented by callers that know whether one of their roles requires a second factor.</summary>
public interface IMfaAware
{
    bool MfaRequired { get; }
}
