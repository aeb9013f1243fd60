using Microsoft.Extensions.Logging;

namespace Rapport.Core.Observability;

/// <summary>One security or application event kept in the database for the logs page (see <see cref="AppEvents"/>):
/// what happened, when, to which module, for which user and request. The text is redacted before it is stored.</summary>
public sealed class LogEntry
{
    public const int CategoryMax = 200;
    public const int EventMax = 100;
    public const int TraceMax = 64;
    public const int MessageMax = 2000;
    public const int ExceptionMax = 8000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTime At { get; init; }
    public LogLevel Level { get; init; }
    /// <summary>The logger category: the module and class (<c>Rapport.Server.Sales.ContractJob</c>).</summary>
    public required string Category { get; init; }
    public int EventId { get; init; }
    public string? EventName { get; init; }
    public Guid? UserId { get; init; }
    /// <summary>The request's trace id (the correlation id in the files and in problem responses).</summary>
    public string? TraceId { get; init; }
    public required string Message { get; init; }
    public string? Exception { get; init; }
}
