namespace Rapport.Core.Mail;

/// <summary>How a connection to a mail server is secured.</summary>
public enum MailSecurity
{
    /// <summary>Plain text; only for a server on the same host or a trusted network.</summary>
    None = 0,
    /// <summary>Upgrade with STARTTLS (SMTP submission on 587, IMAP on 143); refused if the server cannot.</summary>
    StartTls = 1,
    /// <summary>TLS from the first byte (SMTPS on 465, IMAPS on 993).</summary>
    SslOnConnect = 2,
}
