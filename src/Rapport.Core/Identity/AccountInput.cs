namespace Rapport.Core.Identity;

/// <summary>Control characters in account fields (user names, token and passkey names): refused, or blanked where
/// only logged. PostgreSQL cannot store NUL, and no legitimate name contains one.</summary>
public static class AccountInput
{
    public static bool HasControl(string? s) => s is not null && s.Any(char.IsControl);

    /// <summary>The text with every control character shown as U+FFFD, for the audit trail.</summary>
    public static string Printable(string s) => HasControl(s) ? string.Concat(s.Select(c => char.IsControl(c) ? '\uFFFD' : c)) : s;
}
