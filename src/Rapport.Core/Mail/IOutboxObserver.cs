namespace Rapport.Core.Mail;

/// <summary>Told when an outgoing message is delivered, scheduled for a retry, or given up on (e.g. to show the
/// delivery state on a case reply). Scoped; called after the state is saved; a failure is logged, never retried.</summary>
public interface IOutboxObserver
{
    Task OnDeliveryAsync(OutboxDelivery delivery, CancellationToken ct);
}

/// <summary>An outgoing message's state after an attempt.</summary>
public sealed record OutboxDelivery(Guid Id, string MessageId, string? Purpose, string? Correlation, OutboxState State, int Attempts, string? Error);
