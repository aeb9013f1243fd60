using MimeKit;

namespace Rapport.Server.Tests.Mail;

/// <summary>Polling a real IMAP server (dovecot on loopback): new mail reaches the handlers once, restarts included;
/// auto-replies, bulk mail, bounces and our own mail are logged as ignored with the reason; replies carry their
/// thread token.</summary>
public abstract class InboundMailTests(MailApp app)
{
    private const string Url = "/api/v1/admin/mailboxes";

    private async Task<(Guid Id, string Folder)> MailboxAsync()
    {
        var folder = await ImapServer.NewFolderAsync();
        var (host, port, user, password) = ImapServer.Address;
        var admin = await app.AdminClientAsync();
        var created = await (await admin.PostJsonAsync(Url, new MailboxInput("Desk " + folder, host, port, MailSecurity.None, user, password, folder,
            Purpose: "test"))).ReadAsync<MailboxDto>();
        return (created.Id, folder);
    }

    private async Task<MailboxPollResult> PollAsync(Guid id)
    {
        var response = await (await app.AdminClientAsync()).PostAsync($"{Url}/{id}/poll", null, Ct);
        var result = await response.ReadAsync<MailboxPollResult>();
        Assert.Null(result.Error);
        return result;
    }

    private List<InboundMail> HandledFor(Guid mailbox) => [.. app.Handled.Where(m => m.MailboxId == mailbox)];

    private static MimeMessage Message(string from, string subject, string? text = "Hello", string? html = null, string? messageId = null)
    {
        var m = new MimeMessage { Subject = subject, MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("example.com") };
        m.From.Add(MailboxAddress.Parse(from));
        m.To.Add(MailboxAddress.Parse("desk@rapport.example.com"));
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        m.Body = body.ToMessageBody();
        return m;
    }

    [Fact]
    public async Task New_mail_reaches_the_handler_once_and_never_again_even_after_a_restart()
    {
        var (box, folder) = await MailboxAsync();
        var first = Message("Ana Li <Ana.Li@Example.COM>", "Printer broken", "The printer on floor 3\u0007 is broken.");
        var withFile = new BodyBuilder { TextBody = "See the photo." };
        withFile.Attachments.Add("photo.png", Encoding.ASCII.GetBytes("not really a png"), new ContentType("image", "png"));
        var second = Message("bo@example.com", "Photo", null);
        second.Body = withFile.ToMessageBody();
        await ImapServer.AppendAsync(folder, first, second);

        var poll = await PollAsync(box);
        var again = await PollAsync(box);
        await using (var restarted = app.WithWebHostBuilder(_ => { }))
        {
            var afterRestart = await app.WithAsync(sp => sp.GetRequiredService<ImapPoller>().PollAsync(box, Ct), restarted.Services);
            Assert.Equal(0, afterRestart.Processed);
        }

        Assert.Equal((2, 0, 0), (poll.Processed, poll.Ignored, poll.Failed));
        Assert.Equal(0, again.Processed + again.Ignored + again.Failed);
        var handled = HandledFor(box);
        Assert.Equal(2, handled.Count);
        var ana = handled.Single(m => m.Subject == "Printer broken");
        Assert.Equal("ana.li@example.com", ana.From);
        Assert.Equal("Ana Li", ana.FromName);
        Assert.Equal("The printer on floor 3 is broken.", ana.Text);
        Assert.Equal(first.MessageId, ana.MessageId);
        var photo = Assert.Single(handled.Single(m => m.Subject == "Photo").Attachments);
        Assert.Equal(("photo.png", "image/png", "not really a png"), (photo.FileName, photo.ContentType, Encoding.ASCII.GetString(photo.Content)));

        // Mail that comes later is taken, and only it.
        await ImapServer.AppendAsync(folder, Message("cy@example.com", "One more"));
        Assert.Equal(1, (await PollAsync(box)).Processed);
        Assert.Equal(3, HandledFor(box).Count);
        var log = await (await (await app.AdminClientAsync()).GetAsync($"{Url}/{box}/messages", Ct)).ReadAsync<Page<InboundMessageDto>>();
        Assert.Equal(3, log.Items.Count(m => m.Outcome == InboundOutcome.Processed));
    }

    [Fact]
    public async Task Auto_replies_bulk_mail_bounces_and_our_own_mail_are_ignored_with_the_reason()
    {
        var (box, folder) = await MailboxAsync();
        var autoReply = Message("away@example.com", "Out of office");
        autoReply.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        var vacation = Message("holiday@example.com", "Re: your ticket");
        vacation.Headers.Add("X-Autoreply", "yes");
        var bulk = Message("news@example.com", "Newsletter");
        bulk.Headers.Add("Precedence", "bulk");
        var bounce = Message("MAILER-DAEMON@example.com", "Undelivered Mail Returned to Sender");
        var ours = Message("someone@example.com", "Looped", messageId: MailThreading.NewMessageId("CASE-000007"));
        var human = Message("dana@example.com", "A real question");
        human.Headers.Add(HeaderId.AutoSubmitted, "no");
        await ImapServer.AppendAsync(folder, autoReply, vacation, bulk, bounce, ours, human);

        var poll = await PollAsync(box);

        Assert.Equal((1, 5), (poll.Processed, poll.Ignored));
        Assert.Equal("A real question", Assert.Single(HandledFor(box)).Subject);
        var log = await (await (await app.AdminClientAsync()).GetAsync($"{Url}/{box}/messages", Ct)).ReadAsync<Page<InboundMessageDto>>();
        var reasons = log.Items.Where(m => m.Outcome == InboundOutcome.Ignored).ToDictionary(m => m.Subject!, m => m.Reason);
        Assert.Equal("auto-submitted", reasons["Out of office"]);
        Assert.Equal("auto-reply", reasons["Re: your ticket"]);
        Assert.Equal("bulk", reasons["Newsletter"]);
        Assert.Equal("bounce", reasons["Undelivered Mail Returned to Sender"]);
        Assert.Equal("own-message", reasons["Looped"]);
    }

    [Fact]
    public async Task A_reply_carries_its_thread_token_from_the_headers_or_the_subject_and_html_only_mail_becomes_text()
    {
        var (box, folder) = await MailboxAsync();
        var byHeader = Message("ana@example.com", "Re: your case", "Thanks!");
        byHeader.InReplyTo = MailThreading.NewMessageId("CASE-000123");
        byHeader.References.Add("other@example.com");
        byHeader.References.Add(byHeader.InReplyTo);
        var bySubject = Message("bo@example.com", "RE: [#CASE-000045] Invoice question", "Any news?");
        var unthreaded = Message("cy@example.com", "New question", null,
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>Line one</p><p>Line&nbsp;two &amp; more</p></body></html>");
        await ImapServer.AppendAsync(folder, byHeader, bySubject, unthreaded);

        await PollAsync(box);

        var handled = HandledFor(box).ToDictionary(m => m.From);
        Assert.Equal("CASE-000123", handled["ana@example.com"].ThreadToken);
        Assert.Equal("CASE-000045", handled["bo@example.com"].ThreadToken);
        Assert.Null(handled["cy@example.com"].ThreadToken);
        // Entities decoded, markup, styles and scripts gone, a non-breaking space read as a space.
        Assert.Equal("Line one\nLine two & more", handled["cy@example.com"].Text);
    }

    [Fact]
    public async Task The_mailbox_password_is_stored_encrypted_and_never_shown()
    {
        var (box, _) = await MailboxAsync();
        var admin = await app.AdminClientAsync();

        var shown = await (await admin.GetAsync($"{Url}/{box}", Ct)).ReadNodeAsync();
        var cipher = await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().Mailboxes.AsNoTracking()
            .Where(m => m.Id == box).Select(m => m.PasswordCipher).SingleAsync(Ct));

        Assert.True((bool)shown["hasPassword"]!);
        Assert.Null(shown["password"]);
        Assert.Null(shown["passwordCipher"]);
        Assert.DoesNotContain(ImapServer.Address.Password, cipher, StringComparison.Ordinal);
        Assert.StartsWith("v1:", cipher, StringComparison.Ordinal);
    }
}

public sealed class InboundMailOnSqlite(MailSqliteApp app) : InboundMailTests(app), IClassFixture<MailSqliteApp>;

public sealed class InboundMailOnPostgres(MailPostgresApp app) : InboundMailTests(app), IClassFixture<MailPostgresApp>;
