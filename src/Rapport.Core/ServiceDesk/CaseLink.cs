namespace Rapport.Core.ServiceDesk;

/// <summary>Two related cases, stored once (from the case it was linked on) and shown on both.</summary>
public sealed class CaseLink
{
    public Guid CaseId { get; init; }
    public Case? Case { get; init; }
    public Guid RelatedCaseId { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
}
