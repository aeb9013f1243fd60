namespace Rapport.Core.Observability;

public sealed record AlertDto(Guid Id, string Rule, string Subject, string? Detail, DateTime OpenedAt, DateTime LastSeenAt, DateTime? ClearedAt);
