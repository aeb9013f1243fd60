namespace Rapport.Core.Mail;

/// <summary>The SMTP server outgoing mail goes through, and the sender it goes out as. The password is kept
/// encrypted with the personal-data key ring (<see cref="Privacy.PiiProtector"/>) and never sent back.</summary>
public sealed record SmtpSettings(
    string? Host, int Port, MailSecurity Security, string? UserName, string? PasswordCipher, string? FromAddress, string? FromName)
    : ISettingsSection<SmtpSettings>
{
    public static string Key => "smtp";
    public static SmtpSettings Defaults => new(null, 587, MailSecurity.StartTls, null, null, null, "Rapport");

    /// <summary>Whether mail can be sent at all (a host and a sender are set).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(FromAddress);

    public IEnumerable<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        MailServer.Check(errors, Host, Port, UserName);
        TextInput.CheckLength(errors, "fromName", FromName, 200);
        if (FromAddress is not null && ContactPoints.NormalizeEmail(FromAddress) is null) errors.Add(new("fromAddress", "Validation.Email"));
        if (Host is not null && FromAddress is null) errors.Add(new("fromAddress", "Validation.Required"));
        return errors;
    }
}

/// <summary>The SMTP settings as an administrator sees them: the password only as "set" or not.</summary>
public sealed record SmtpSettingsView(
    string? Host, int Port, MailSecurity Security, string? UserName, bool HasPassword, string? FromAddress, string? FromName, bool Configured);

/// <summary>New SMTP settings. <see cref="Password"/> null keeps the stored one; <see cref="ClearPassword"/> removes it.</summary>
public sealed record SmtpSettingsInput(
    string? Host, int Port, MailSecurity Security, string? UserName, string? Password, string? FromAddress, string? FromName,
    bool ClearPassword = false);

/// <summary>A test email to <see cref="To"/>, sent at once (not through the outbox) so the answer is immediate.</summary>
public sealed record SmtpTestInput(string? To);

/// <summary>Whether the SMTP server took the test email, and what it said if not.</summary>
public sealed record SmtpTestResult(bool Ok, string? Error, int? StatusCode);

/// <summary>Checks shared by the SMTP settings and IMAP mailboxes.</summary>
internal static class MailServer
{
    public static void Check(List<FieldError> errors, string? host, int port, string? userName)
    {
        TextInput.CheckLength(errors, "host", host, 253);
        if (host is not null && (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@'))) errors.Add(new("host", "Validation.Host"));
        if (port is < 1 or > 65535) errors.Add(new("port", "Validation.Range", 1, 65535));
        TextInput.CheckLength(errors, "userName", userName, 320);
    }
}
