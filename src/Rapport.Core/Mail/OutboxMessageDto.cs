namespace Rapport.Core.Mail;

/// <summary>An outgoing message as the outbox page and callers see it (no bodies).</summary>
public sealed record OutboxMessageDto(
    Guid Id, string To, string Subject, string MessageId, string? Purpose, string? Correlation, OutboxState State,
    int Attempts, DateTime CreatedAt, DateTime NextAttemptAt, DateTime? SentAt, string? LastError, int? LastStatusCode)
{
    internal static readonly System.Linq.Expressions.Expression<Func<OutboxMessage, OutboxMessageDto>> Projection = m =>
        new OutboxMessageDto(m.Id, m.To, m.Subject, m.MessageId, m.Purpose, m.Correlation, m.State, m.Attempts, m.CreatedAt,
            m.NextAttemptAt, m.SentAt, m.LastError, m.LastStatusCode);

    private static readonly Func<OutboxMessage, OutboxMessageDto> Map = Projection.Compile();

    internal static OutboxMessageDto From(OutboxMessage m) => Map(m);
}
