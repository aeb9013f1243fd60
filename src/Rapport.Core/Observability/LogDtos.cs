using Microsoft.Extensions.Logging;

namespace Rapport.Core.Observability;

/// <summary>Filters for the event log: a time range, the lowest level, a user, a module (a category prefix such as
/// <c>Rapport.Server.Sales</c>) and an event name.</summary>
public sealed record LogQuery(
    DateTime? From = null, DateTime? To = null, LogLevel? Level = null, Guid? UserId = null, string? Module = null, string? Event = null,
    string? Cursor = null, int? Limit = null);

public sealed record LogEntryDto(
    Guid Id, DateTime At, LogLevel Level, string Category, int EventId, string? EventName, Guid? UserId, string? UserName, string? TraceId,
    string Message, string? Exception);
