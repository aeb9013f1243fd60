namespace Rapport.Core.Sales;

/// <summary>One move between stages: who, when, and how long the deal had sat in the stage it left.</summary>
public sealed class OpportunityStageChange
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OpportunityId { get; init; }
    public Opportunity? Opportunity { get; init; }
    public Guid? FromStageId { get; init; }
    public Guid ToStageId { get; init; }
    public DateTime ChangedAt { get; init; }
    public Guid? ChangedById { get; init; }
    /// <summary>Seconds spent in the previous stage (0 for the first entry).</summary>
    public long SecondsInPrevious { get; init; }
}
