using System.Net.Sockets;
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
        // Our own socket, with Nagle's algorithm off: a message's last small write (the ending dot) would otherwise wait
        // for the server's delayed acknowledgement of the body (40 ms on Linux), about 40 ms per message sent.
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connecting.CancelAfter(Timeout);
            try
            {
                await tcp.ConnectAsync(host, port, connecting.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // What is stored as the message's or mailbox's last error: say what happened, not "a task was canceled".
                throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"No connection to {host}:{port} within {Timeout.TotalSeconds:0} seconds."));
            }
            await client.ConnectAsync(tcp, host, port, socket, ct);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        if (!string.IsNullOrEmpty(userName)) await client.AuthenticateAsync(userName, pii.Unprotect(passwordCipher) ?? "", ct);
    }

    /// <summary>An error as it is stored: one line, capped.</summary>
    public static string Describe(Exception e) => MailText.Line(e.Message, OutboxMessage.MaxErrorLength);
}
