using System.Security.Cryptography;
using Rapport.Core.Audit;

namespace Rapport.Core.Identity;

public sealed record TokenInput(string? Name, int? ExpiresInDays);

public sealed record TokenDto(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>The token text is returned exactly once, at creation.</summary>
public sealed record CreatedToken(TokenDto Token, string Secret);

/// <summary>Personal access tokens: created by a user, shown once, stored as SHA-256, expiring and revocable.</summary>
public sealed class TokenService(RapportDbContext db, TimeProvider clock, AuditTrail audit)
{
    public const string SecretPrefix = "rpt_";
    public const int MaxLifetimeDays = 366;

    public async Task<CreatedToken> CreateAsync(Guid userId, TokenInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        if (name.Length > 100) errors.Add(new("name", "Validation.TooLong", 100));
        if (AccountInput.HasControl(name)) errors.Add(new("name", "Validation.Invalid"));
        var days = input.ExpiresInDays ?? 90;
        if (days < 1 || days > MaxLifetimeDays) errors.Add(new("expiresInDays", "Validation.Range", 1, MaxLifetimeDays));
        if (errors.Count > 0) throw new RapportValidationException(errors);

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new PersonalAccessToken
        {
            UserId = userId, Name = name, TokenHash = Hash(secret), Prefix = secret[..10],
            CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedToken(ToDto(token), secret);
    }

    public async Task<IReadOnlyList<TokenDto>> ListAsync(Guid userId, CancellationToken ct) =>
        (await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).Take(200).ToListAsync(ct)).Select(ToDto).ToList();

    public async Task RevokeAsync(Guid userId, Guid tokenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var n = await db.PersonalAccessTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        if (n == 0) throw new NotFoundException("Token", tokenId);
        Access.AccessResolver.Invalidate();
        await audit.RecordAsync(AuditActions.TokenRevoked, "token", tokenId.ToString(), null, ct);
    }

    /// <summary>Revokes every live token of a user (password change, suspension, sign out everywhere).</summary>
    public async Task<int> RevokeAllAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var n = await db.PersonalAccessTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        Access.AccessResolver.Invalidate();
        if (n > 0) await audit.RecordAsync(AuditActions.TokensRevokedAll, "user", userId.ToString(), new { count = n }, ct);
        return n;
    }

    /// <summary>The user a presented token belongs to, if the token is known, unexpired and not revoked.</summary>
    public async Task<(Guid UserId, DateTime ExpiresAt)?> ValidateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => new { t.Id, t.UserId, t.LastUsedAt, t.ExpiresAt }).FirstOrDefaultAsync(ct);
        if (token is null) return null;
        // Record use at most once a minute, so a busy script does not write on every request.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
            await db.PersonalAccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return (token.UserId, token.ExpiresAt);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static TokenDto ToDto(PersonalAccessToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
