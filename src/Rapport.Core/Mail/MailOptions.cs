namespace Rapport.Core.Mail;

/// <summary>How the outbox retries and how mailboxes are polled (configuration section <c>Mail</c>).</summary>
public sealed class MailOptions
{
    /// <summary>Attempts before a message that keeps failing for a passing reason is given up (Failed).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="RetryCapSeconds"/>.</summary>
    public int RetryFirstSeconds { get; set; } = 30;
    public int RetryCapSeconds { get; set; } = 3600;
    /// <summary>How long a sender holds a claimed message; a message still Sending after that (its sender died) is retried.</summary>
    public int LeaseSeconds { get; set; } = 300;
    /// <summary>Messages claimed and sent over one SMTP connection at a time.</summary>
    public int BatchSize { get; set; } = 50;
    /// <summary>SMTP connections the sender uses side by side (each claims its own batches).</summary>
    public int Connections { get; set; } = 4;
    /// <summary>How often the sender looks for due messages when nothing wakes it.</summary>
    public int SendPollSeconds { get; set; } = 15;
    public int ImapPollSeconds { get; set; } = 60;
    /// <summary>Messages taken from one mailbox per poll (the rest follow on the next).</summary>
    public int ImapBatchSize { get; set; } = 100;
    /// <summary>Incoming attachments larger than this are left out (and counted as omitted).</summary>
    public long MaxInboundAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Off: the background sender and poller do not run (tests drive them, or another process does).</summary>
    public bool RunJobs { get; set; } = true;

    public TimeSpan RetryFirst => TimeSpan.FromSeconds(RetryFirstSeconds);
    public TimeSpan RetryCap => TimeSpan.FromSeconds(RetryCapSeconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public bool IsValid() =>
        MaxAttempts is >= 1 and <= 100 && RetryFirstSeconds is >= 1 && RetryCapSeconds >= RetryFirstSeconds
        && LeaseSeconds is >= 30 && BatchSize is >= 1 and <= 1000 && Connections is >= 1 and <= 32 && SendPollSeconds >= 1 && ImapPollSeconds >= 5
        && ImapBatchSize is >= 1 and <= 1000 && MaxInboundAttachmentBytes > 0;
}
