using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;

namespace Rapport.Core.Identity;

public sealed record PasskeyDto(string Id, string Name, DateTimeOffset CreatedAt, bool BackedUp);

public sealed record PasskeyNameInput(string? Name);

/// <summary>The caller's own passkeys (WebAuthn credentials): store a verified one, list, rename, remove. A passkey
/// counts as a second factor.</summary>
public sealed class PasskeyService(UserManager<AppUser> users, ICurrentUser caller, AuditTrail audit, TimeProvider clock)
{
    public const int MaxPasskeys = 20;
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<PasskeyDto>> ListAsync(CancellationToken ct)
    {
        var user = await MeAsync();
        ct.ThrowIfCancellationRequested();
        return [.. (await users.GetPasskeysAsync(user)).OrderBy(p => p.CreatedAt).Select(ToDto)];
    }

    /// <summary>Stores a passkey whose attestation the host has verified.</summary>
    public async Task<PasskeyDto> AddAsync(UserPasskeyInfo passkey, string? name, CancellationToken ct)
    {
        var user = await MeAsync();
        var clean = CleanName(name) ?? $"Passkey {clock.GetUtcNow():yyyy-MM-dd}";
        if ((await users.GetPasskeysAsync(user)).Count >= MaxPasskeys)
            throw RapportValidationException.For("credential", "Validation.TooMany", MaxPasskeys);
        passkey.Name = clean;
        Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
        await audit.RecordAsync(AuditActions.PasskeyAdded, "user", user.Id.ToString(), new { name = clean }, ct);
        AccessResolver.Invalidate();
        return ToDto(passkey);
    }

    public async Task<PasskeyDto> RenameAsync(string id, PasskeyNameInput input, CancellationToken ct)
    {
        var user = await MeAsync();
        var passkey = await FindAsync(user, id);
        passkey.Name = CleanName(input.Name) ?? throw RapportValidationException.For("name", "Validation.Required");
        Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
        await audit.RecordAsync(AuditActions.PasskeyRenamed, "user", user.Id.ToString(), new { name = passkey.Name }, ct);
        return ToDto(passkey);
    }

    public async Task RemoveAsync(string id, CancellationToken ct)
    {
        var user = await MeAsync();
        var passkey = await FindAsync(user, id);
        Check(await users.RemovePasskeyAsync(user, passkey.CredentialId));
        await audit.RecordAsync(AuditActions.PasskeyRemoved, "user", user.Id.ToString(), new { name = passkey.Name }, ct);
        AccessResolver.Invalidate();
    }

    public static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<UserPasskeyInfo> FindAsync(AppUser user, string id)
    {
        byte[] credentialId;
        try
        {
            var b64 = id.Replace('-', '+').Replace('_', '/');
            credentialId = Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
        }
        catch (FormatException)
        {
            throw new NotFoundException("Passkey", Guid.Empty);
        }
        return await users.GetPasskeyAsync(user, credentialId) ?? throw new NotFoundException("Passkey", Guid.Empty);
    }

    private async Task<AppUser> MeAsync() =>
        await users.FindByIdAsync(caller.Id?.ToString() ?? "") ?? throw new ForbiddenException("passkeys");

    private static string? CleanName(string? name)
    {
        var clean = name?.Trim();
        if (string.IsNullOrEmpty(clean)) return null;
        if (clean.Length > MaxNameLength) throw RapportValidationException.For("name", "Validation.TooLong", MaxNameLength);
        if (AccountInput.HasControl(clean)) throw RapportValidationException.For("name", "Validation.Invalid");
        return clean;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw RapportValidationException.For("credential", "Validation.Passkey");
    }

    private static PasskeyDto ToDto(UserPasskeyInfo p) => new(ToBase64Url(p.CredentialId), p.Name ?? "", p.CreatedAt, p.IsBackedUp);
}
