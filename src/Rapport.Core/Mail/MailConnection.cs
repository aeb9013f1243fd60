using MailKit;
using MailKit.Security;
using Rapport.Core.Privacy;

namespace Rapport.Core.Mail;

/// <summary>Connects and signs in a MailKit client (SMTP or IMAP) the same way for both.</summary>
internal static class MailConnection
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task OpenAsync(IMailService client, string host, int port, MailSecurity security, string? userName,
        string? passwordCipher, PiiProtector pii, CancellationToken ct)
    {
        client.Timeout = (int)Timeout.TotalMilliseconds;
        var socket = security switch
        {
            MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(host, port, socket, ct);
        if (!string.IsNullOrEmpty(userName)) await client.AuthenticateAsync(userName, pii.Unprotect(passwordCipher) ?? "", ct);
    }

    /// <summary>An error as it is stored: one line, capped.</summary>
    public static string Describe(Exception e) => MailText.Line(e.Message, OutboxMessage.MaxErrorLength);
}
