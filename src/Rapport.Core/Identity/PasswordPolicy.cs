using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Core.Identity;

/// <summary>Password rules (settings section <c>password-policy</c>). Defaults follow our requirements; 12 characters
/// are recommended over the minimum of 8.</summary>
public sealed record PasswordPolicy(
    int MinLength, bool RequireUpper, bool RequireLower, bool RequireDigit, bool RequireSymbol,
    bool RejectCommon, int RememberLast, int ExpiryDays) : ISettingsSection<PasswordPolicy>
{
    public static string Key => "password-policy";
    public static PasswordPolicy Defaults { get; } = new(8, true, true, true, true, true, 5, 60);

    public IEnumerable<FieldError> Validate()
    {
        if (MinLength is < 8 or > 128) yield return new("minLength", "Validation.Range", 8, 128);
        if (RememberLast is < 0 or > 24) yield return new("rememberLast", "Validation.Range", 0, 24);
        if (ExpiryDays is < 0 or > 730) yield return new("expiryDays", "Validation.Range", 0, 730);
    }

    public bool IsExpired(DateTime? changedAt, DateTime now) => ExpiryDays > 0 && changedAt is { } at && now - at > TimeSpan.FromDays(ExpiryDays);
}

/// <summary>An earlier password hash of a user, so a new password cannot repeat one of the last few.</summary>
public sealed class PasswordHistoryEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    [Audit.Sensitive] public required string PasswordHash { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>Checks every new password — at creation, change and reset — against the administrator's policy, the
/// 10,000 most common passwords, the user's recent passwords and <see cref="PasswordRules"/> (names, keyboard walks,
/// patterns, length cap). Error codes are resource keys.</summary>
public sealed class PolicyPasswordValidator(SettingsService settings, RapportDbContext db) : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Rapport.Core.Identity.Resources.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line) if (line.Length > 0) set.Add(line);
        return set;
    });

    public static int CommonCount => Common.Value.Count;

    private const string Product = "Rapport";

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var policy = await settings.GetAsync<PasswordPolicy>(CancellationToken.None);
        password ??= "";
        var errors = new List<IdentityError>();
        void Fail(string code, string description) => errors.Add(new IdentityError { Code = code, Description = description });
        if (password.Length < policy.MinLength) Fail("Password.TooShort", policy.MinLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (policy.RequireUpper && !password.Any(char.IsUpper)) Fail("Password.Upper", "");
        if (policy.RequireLower && !password.Any(char.IsLower)) Fail("Password.Lower", "");
        if (policy.RequireDigit && !password.Any(char.IsDigit)) Fail("Password.Digit", "");
        if (policy.RequireSymbol && password.All(char.IsLetterOrDigit)) Fail("Password.Symbol", "");
        if (policy.RejectCommon && (Common.Value.Contains(password) || Common.Value.Contains(Core(password)))) Fail("Password.Common", "");
        var company = (await settings.GetAsync<Sales.SalesSettings>(CancellationToken.None)).CompanyName;
        // The company profile's legal name, once saved, is the name documents print (see CompanyService).
        var legalName = TextInput.Clean((await settings.GetAsync<CompanyProfile>(CancellationToken.None)).LegalName);
        string?[] names = [user.UserName, user.Email?.Split('@')[0], Product, company, legalName];
        foreach (var code in PasswordRules.Breaches(password, names))
            Fail(code, code == "Password.TooLong" ? PasswordRules.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        if (password.Length <= PasswordRules.MaxLength && policy.RememberLast > 0 && await UsedBeforeAsync(manager, user, password, policy.RememberLast)) Fail("Password.Reused", policy.RememberLast.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    /// <summary>"Password1!" is "password" with the usual decorations; strip trailing digits and symbols.</summary>
    private static string Core(string password) => password.TrimEnd("0123456789!@#$%^&*.?-_".ToCharArray());

    private async Task<bool> UsedBeforeAsync(UserManager<AppUser> manager, AppUser user, string password, int last)
    {
        var hashes = await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.CreatedAt).Take(last - 1).Select(h => h.PasswordHash).ToListAsync();
        if (user.PasswordHash is not null) hashes.Add(user.PasswordHash);
        return hashes.Any(h => manager.PasswordHasher.VerifyHashedPassword(user, h, password) != PasswordVerificationResult.Failed);
    }
}

/// <summary>Whenever a user's password hash changes, keeps the old hash in the history and stamps the change time.</summary>
public sealed class PasswordHistoryRecorder(TimeProvider clock) : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext? context)
    {
        if (context is not RapportDbContext db) return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in db.ChangeTracker.Entries<AppUser>().ToList())
        {
            var hash = entry.Property(u => u.PasswordHash);
            if (entry.State == EntityState.Added && entry.Entity.PasswordHash is not null) entry.Entity.PasswordChangedAt ??= now;
            if (entry.State != EntityState.Modified || !hash.IsModified || Equals(hash.OriginalValue, hash.CurrentValue)) continue;
            entry.Entity.PasswordChangedAt = now;
            if (hash.OriginalValue is { } old)
                db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = entry.Entity.Id, PasswordHash = old, CreatedAt = now });
        }
    }
}
