namespace Rapport.Core.ServiceDesk;

/// <summary>A public reply goes to the customer; an internal note stays with the agents; a customer message came
/// from the customer (email, portal).</summary>
public enum CaseMessageKind { PublicReply, InternalNote, CustomerMessage }

/// <summary>Where a public reply is on its way to the customer (the mail slice moves it on).</summary>
public enum DeliveryState { None, Queued, Sent, Failed }

/// <summary>One entry of a case's conversation. Written once; only its delivery state moves on.</summary>
public sealed class CaseMessage
{
    public const int BodyMax = 20_000;
    public const int FromMax = 320;
    public const int MailMessageIdMax = 998;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public Case? Case { get; init; }
    public CaseMessageKind Kind { get; init; }
    /// <summary>Plain text or Markdown.</summary>
    public required string Body { get; init; }
    /// <summary>The agent who wrote it; null for a customer's message.</summary>
    public Guid? AuthorUserId { get; init; }
    /// <summary>The sender's address, for a customer's message.</summary>
    public string? FromAddress { get; init; }
    public DateTime At { get; init; }
    public DeliveryState DeliveryState { get; private set; }
    /// <summary>The Message-ID of the email a customer's message came in (without angle brackets): replies name it in
    /// In-Reply-To and References so the customer's mail client threads them.</summary>
    public string? MailMessageId { get; init; }

    /// <summary>Moves a public reply's delivery on (queued by the sender, then sent or failed).</summary>
    public void Delivery(DeliveryState state)
    {
        if (Kind != CaseMessageKind.PublicReply && state != DeliveryState.None)
            throw new InvalidOperationException("Only public replies are delivered.");
        DeliveryState = state;
    }
}
