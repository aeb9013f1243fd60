namespace Rapport.Core.ServiceDesk;

/// <summary>Sends a case's public replies to the customer. Called inside the save that stores the reply (same
/// DbContext scope), so a sender that queues the mail in the database queues it in the same transaction. Returns
/// the delivery state the reply starts in. The mail module implements it; until then <see cref="NoCaseReplySender"/>.</summary>
public interface ICaseReplySender
{
    Task<DeliveryState> QueueAsync(CaseReply reply, CancellationToken ct);
}

/// <summary>Sends nothing: replies stay in Rapport (delivery state <see cref="DeliveryState.None"/>).</summary>
public sealed class NoCaseReplySender : ICaseReplySender
{
    public Task<DeliveryState> QueueAsync(CaseReply reply, CancellationToken ct) => Task.FromResult(DeliveryState.None);
}
