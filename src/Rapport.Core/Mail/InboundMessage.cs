namespace Rapport.Core.Mail;

/// <summary>What became of an incoming message.</summary>
public enum InboundOutcome
{
    /// <summary>A handler acted on it.</summary>
    Processed = 0,
    /// <summary>Left alone on purpose: an auto-reply, bulk mail, a loop, or nothing that wanted it (see the reason).</summary>
    Ignored = 1,
    /// <summary>A handler threw; its changes were rolled back and the message is not tried again.</summary>
    Failed = 2,
}

/// <summary>The log of every message taken from a mailbox, one row per (mailbox, UIDVALIDITY, UID): the unique key
/// is what makes each message processed once, whatever restarts or second app instances do.</summary>
public sealed class InboundMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MailboxId { get; init; }
    public long UidValidity { get; init; }
    public long Uid { get; init; }
    public string? MessageId { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public DateTime ReceivedAt { get; init; }
    public InboundOutcome Outcome { get; set; }
    /// <summary>Why it was ignored (<c>auto-submitted</c>, <c>bulk</c>, <c>own-message</c>, …) or the handler's error.</summary>
    public string? Reason { get; set; }
}
