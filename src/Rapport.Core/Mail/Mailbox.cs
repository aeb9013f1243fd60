namespace Rapport.Core.Mail;

/// <summary>An IMAP mailbox Rapport polls for incoming mail. The connection settings are edited by administrators;
/// the poll position (UIDVALIDITY and the last UID seen) is written only by the poller.</summary>
public sealed class Mailbox : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; private set; } = "";
    public string Host { get; private set; } = "";
    public int Port { get; private set; }
    public MailSecurity Security { get; private set; }
    public string UserName { get; private set; } = "";
    /// <summary>The password, encrypted with the personal-data key ring.</summary>
    public string? PasswordCipher { get; private set; }
    public string Folder { get; private set; } = "INBOX";
    public bool Active { get; private set; }
    /// <summary>Which handler the mail is for (<c>cases</c>); handlers read it from <see cref="InboundMail.MailboxPurpose"/>.</summary>
    public string? Purpose { get; private set; }

    public long? UidValidity { get; private set; }
    public long LastUid { get; private set; }
    public DateTime? LastPolledAt { get; private set; }
    public string? LastError { get; private set; }

    public void Apply(MailboxInput input, string? passwordCipher)
    {
        Name = input.Name!.Trim();
        Host = input.Host!.Trim();
        Port = input.Port;
        Security = input.Security;
        UserName = input.UserName!.Trim();
        Folder = TextInput.Clean(input.Folder) ?? "INBOX";
        Active = input.Active;
        Purpose = TextInput.Clean(input.Purpose);
        if (passwordCipher is not null || input.ClearPassword) PasswordCipher = passwordCipher;
    }
}
