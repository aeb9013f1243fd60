using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Rapport.Server.Tests.Mail;

/// <summary>The throwaway dovecot that scripts/test.sh starts (scripts/imap-test-server.sh): where it is, and a way to
/// put messages into a folder of one's own.</summary>
public static class ImapServer
{
    public const string Variable = "RAPPORT_TEST_IMAP";

    /// <summary>host, port, user, password from <c>RAPPORT_TEST_IMAP=host:port:user:password</c>.</summary>
    public static (string Host, int Port, string User, string Password) Address
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable)
                ?? throw new InvalidOperationException(
                    $"{Variable} is not set. Run the tests with scripts/test.sh, which installs dovecot-imapd and starts a test IMAP server " +
                    "(or run: eval \"$(scripts/imap-test-server.sh)\").");
            var parts = value.Split(':');
            return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3]);
        }
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var (host, port, user, password) = Address;
        var client = new ImapClient();
        await client.ConnectAsync(host, port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(user, password, Ct);
        return client;
    }

    /// <summary>A new, empty folder for one test (so tests on both databases never see each other's mail).</summary>
    public static async Task<string> NewFolderAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        using var client = await ConnectAsync();
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        await root.CreateAsync(name, true, Ct);
        await client.DisconnectAsync(true, Ct);
        return name;
    }

    public static async Task AppendAsync(string folder, params MimeMessage[] messages)
    {
        using var client = await ConnectAsync();
        var target = await client.GetFolderAsync(folder, Ct);
        foreach (var m in messages) await target.AppendAsync(m, MessageFlags.None, Ct);
        await client.DisconnectAsync(true, Ct);
    }
}
