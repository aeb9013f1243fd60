using MimeKit;
using Rapport.Core.Mail;

namespace Rapport.Core.Tests.Mail;

/// <summary>The mail rules that need no server: thread tokens, retry backoff, what counts as a loop, HTML to text.</summary>
public sealed class MailRulesTests
{
    [Fact]
    public void A_thread_token_comes_back_from_our_message_id_in_a_reply_or_from_the_subject_tag()
    {
        var ours = MailThreading.NewMessageId("CASE-000123");

        Assert.Matches(@"^CASE-000123\.[0-9a-f]{32}@rapport$", ours);
        Assert.Equal("CASE-000123", MailThreading.TokenFromHeaders($"<{ours}>", null));
        Assert.Equal("CASE-000123", MailThreading.TokenFromHeaders("other@example.com", ["first@example.com", ours, "later@example.com"]));
        Assert.Null(MailThreading.TokenFromHeaders("someone.0123456789abcdef0123456789abcdef@elsewhere.com", null));
        Assert.Null(MailThreading.TokenFromHeaders(MailThreading.NewMessageId(), null));
        Assert.Equal("CASE-000045", MailThreading.TokenFromSubject("AW: RE: [#case-000045] Printer"));
        Assert.Null(MailThreading.TokenFromSubject("Invoice #45"));
        Assert.True(MailThreading.IsOwn(MailThreading.NewMessageId()));
        Assert.Throws<ArgumentException>(() => MailThreading.NewMessageId("case 1; drop"));
    }

    [Theory]
    [InlineData(1, 0.0, 15)]
    [InlineData(1, 0.999999, 30)]
    [InlineData(2, 0.0, 30)]
    [InlineData(4, 0.0, 120)]
    [InlineData(10, 0.0, 1800)]
    [InlineData(40, 0.999999, 3600)]
    public void Retries_wait_twice_as_long_each_time_up_to_the_cap_cut_to_a_random_point_in_the_upper_half(int attempts, double random, int seconds)
    {
        var delay = OutboxMessage.RetryDelay(attempts, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), random);

        Assert.Equal(seconds, delay.TotalSeconds, 0.01);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "auto-submitted")]
    [InlineData("Auto-Submitted", "auto-generated", "auto-submitted")]
    [InlineData("X-Autoreply", "yes", "auto-reply")]
    [InlineData("Precedence", "bulk", "bulk")]
    [InlineData("Precedence", "List", "bulk")]
    [InlineData("Precedence", "junk", "bulk")]
    [InlineData("Auto-Submitted", "no", null)]
    [InlineData("Precedence", "first-class", null)]
    public void Automatic_and_bulk_mail_is_ignored_and_a_person_s_mail_is_not(string header, string value, string? reason)
    {
        var message = Message("ana@example.com");
        message.Headers.Add(header, value);

        Assert.Equal(reason, InboundFilter.ReasonToIgnore(message, []));
    }

    [Fact]
    public void Bounces_our_own_messages_and_our_own_sender_are_loops()
    {
        Assert.Equal("bounce", InboundFilter.ReasonToIgnore(Message("MAILER-DAEMON@mx.example.com"), []));
        Assert.Equal("bounce", InboundFilter.ReasonToIgnore(Message("postmaster@example.com"), []));
        Assert.Equal("own-address", InboundFilter.ReasonToIgnore(Message("Desk@Rapport.Example.com"), ["desk@rapport.example.com"]));
        var echoed = Message("ana@example.com");
        echoed.MessageId = MailThreading.NewMessageId("CASE-000001");
        Assert.Equal("own-message", InboundFilter.ReasonToIgnore(echoed, []));
    }

    [Fact]
    public void Html_becomes_plain_text_without_markup_scripts_or_control_characters()
    {
        var text = MailText.Clean(MailText.FromHtml(
            "<html><head><title>T</title><style>p{}</style></head><body><script>evil()</script><p>Hello&nbsp;<b>Ana</b>,</p><ul><li>one</li><li>two</li></ul>\u0001</body></html>"));

        Assert.Equal("Hello Ana,\none\ntwo", text);
        Assert.Equal("a\nb\tc", MailText.Clean("a\r\nb\tc\u0000"));
    }

    private static MimeMessage Message(string from)
    {
        var m = new MimeMessage { Subject = "Hi", MessageId = "x@example.com" };
        m.From.Add(MailboxAddress.Parse(from));
        m.Body = new TextPart("plain") { Text = "Hello" };
        return m;
    }
}
