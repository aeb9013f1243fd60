namespace Rapport.Core.ServiceDesk;

/// <summary>A free label on a case (same shape as a customer's tags).</summary>
public sealed class CaseTag
{
    public Guid CaseId { get; init; }
    public required string Name { get; init; }
}
