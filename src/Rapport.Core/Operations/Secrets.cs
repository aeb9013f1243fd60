using System.Data.Common;

namespace Rapport.Core.Operations;

/// <summary>Which configuration keys and settings fields hold secrets, and how they are shown: never in full. A name
/// is secret when its last part names a password, passphrase, secret, token, key or credential (a denylist, so a new
/// <c>Backup:Passphrase</c> or <c>Webhooks:SigningKey</c> is masked without anyone remembering to list it; matched at the end of the name), or when
/// it is one of <see cref="Known"/>. Connection strings keep everything but their password.</summary>
public static class Secrets
{
    public const string Mask = "***";

    private static readonly string[] Denied =
        ["password", "passwd", "pwd", "passphrase", "secret", "token", "cipher", "apikey", "privatekey", "signingkey", "credential", "keyring", "salt"];

    /// <summary>Secrets whose names the denylist would not catch.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase) { "RAPPORT_ADMIN_PASSWORD" };

    /// <summary>Whether <paramref name="key"/> (a configuration path such as <c>Mail:Smtp:Password</c> or a settings
    /// field such as <c>smtp.passwordCipher</c>) names a secret.</summary>
    public static bool IsSecret(string key)
    {
        if (Known.Contains(key)) return true;
        var last = key[(key.LastIndexOfAny([':', '.']) + 1)..].Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        // By the end of the name: "smtpPassword" and "signingKey" are secrets, "passwordExpiryDays" and "keyCount" are not.
        return Denied.Any(d => last.EndsWith(d, StringComparison.OrdinalIgnoreCase) || last.EndsWith(d + "s", StringComparison.OrdinalIgnoreCase))
            || last.EndsWith("key", StringComparison.OrdinalIgnoreCase) && last.Length > 3;
    }

    private static bool IsConnectionString(string key) =>
        key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value as it may be shown: masked for a secret, a connection string without its password, else as is.</summary>
    public static string? Show(string key, string? value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        if (IsConnectionString(key)) return WithoutPassword(value);
        // A yes/no says only whether something is on ("mustChangePassword"), never what the secret is.
        return IsSecret(key) && value is not ("true" or "false") ? Mask : value;
    }

    /// <summary>A connection string with every password-like part masked (an unparseable one is masked whole).</summary>
    public static string WithoutPassword(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var k in builder.Keys.Cast<string>().ToList())
                if (IsSecret(k) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase)) builder[k] = Mask;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return Mask;
        }
    }
}
