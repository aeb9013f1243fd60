namespace Rapport.Core.Mail;

/// <summary>Where an outgoing message is: waiting (first try or a retry), being sent under a lease, delivered to the
/// SMTP server, or given up on.</summary>
public enum OutboxState
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
    /// <summary>Not sent, and never will be: a recipient has not consented to this kind of mail (see <see cref="Privacy.ConsentGate"/>).</summary>
    Suppressed = 4,
}

/// <summary>
/// One email Rapport has accepted to send. It is written in the caller's transaction, so once the caller's change is
/// saved the message is too; <see cref="OutboxSender"/> delivers it later, retrying with capped exponential backoff,
/// and records the outcome here. <see cref="Correlation"/> ties it to what caused it (<c>case:{id}</c>, a campaign
/// member) so that caller can show its delivery state.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>Null: the SMTP settings' sender at the time of sending.</summary>
    public string? FromAddress { get; init; }
    public string? FromName { get; init; }
    /// <summary>RFC 5322 address lists.</summary>
    public required string To { get; init; }
    public string? Cc { get; init; }
    public string? ReplyTo { get; init; }
    public required string Subject { get; init; }
    public required string TextBody { get; init; }
    public string? HtmlBody { get; init; }
    /// <summary>Without angle brackets: <c>{token}.{guid}@rapport</c> (see <see cref="MailThreading"/>).</summary>
    public required string MessageId { get; init; }
    public string? InReplyTo { get; init; }
    /// <summary>Message ids separated by spaces, oldest first, without angle brackets.</summary>
    public string? References { get; init; }
    /// <summary>Further headers (e.g. <c>List-Unsubscribe</c>) as a JSON object of name → value.</summary>
    public string? HeadersJson { get; init; }
    /// <summary>What kind of mail this is (<c>case-reply</c>, <c>campaign</c>, <c>test</c>), for lists and filters.</summary>
    public string? Purpose { get; init; }
    /// <summary>What the caller ties it to (<c>case:{id}</c>), so it can ask for the delivery state.</summary>
    public string? Correlation { get; init; }
    /// <summary>Files sent with the message.</summary>
    public List<OutboxAttachment> Attachments { get; init; } = [];

    public OutboxState State { get; private set; } = OutboxState.Queued;
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime NextAttemptAt { get; internal set; }
    /// <summary>While <see cref="OutboxState.Sending"/>: the claim ends then, and another sender may take the message.</summary>
    public DateTime? LeaseUntil { get; private set; }
    /// <summary>The claim of the sender that holds the message; its result is recorded only under this claim.</summary>
    public Guid? ClaimToken { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>The SMTP reply code of the last attempt (250 when accepted), if the server answered.</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Queued again, due now, with a fresh count of attempts (an administrator's "retry now").</summary>
    public void Retry(DateTime now)
    {
        if (State is not (OutboxState.Failed or OutboxState.Queued))
            throw Common.RapportValidationException.For("state", "Mail.NotRetryable");
        State = OutboxState.Queued;
        Attempts = 0;
        NextAttemptAt = now;
        LeaseUntil = null;
        ClaimToken = null;
    }

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones: doubling from
    /// <paramref name="first"/>, capped at <paramref name="cap"/>, then cut to a random point in its upper half
    /// (<paramref name="random"/> in [0, 1)) so that messages failed together do not retry together.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan first, TimeSpan cap, double random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var full = Math.Min(first.TotalSeconds * Math.Pow(2, exponent), cap.TotalSeconds);
        return TimeSpan.FromSeconds(full * (0.5 + 0.5 * random));
    }

    public const int MaxErrorLength = 1000;
}
