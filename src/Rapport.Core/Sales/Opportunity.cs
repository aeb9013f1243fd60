namespace Rapport.Core.Sales;

/// <summary>How sure the owner is of closing in the period: the forecast adds up each category.</summary>
public enum ForecastCategory { Pipeline, BestCase, Commit, Omitted }

/// <summary>A deal with a customer: what it is worth, when it should close, and how far along the pipeline it is.</summary>
public sealed class Opportunity : AuditedEntity, Common.ISearchable
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Guid CustomerId { get; set; }
    public Customers.Customer? Customer { get; init; }
    public Guid? ContactId { get; set; }
    public Guid? OwnerId { get; set; }
    public Guid PipelineId { get; set; }
    public Guid StageId { get; set; }
    /// <summary>Money is kept in minor units (cents, fen) so SQL can add it up exactly on both databases.</summary>
    public long AmountMinor { get; set; }
    public required string Currency { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }
    /// <summary>What the deal counts for in the weighted pipeline: the owner's own figure, or the stage's (won 100, lost 0).</summary>
    public int Probability { get; set; }
    /// <summary>The owner's own probability; open stages use it instead of their default, and it survives a win or
    /// loss that is later reopened.</summary>
    public int? ProbabilityOverride { get; set; }
    public ForecastCategory ForecastCategory { get; set; }
    public Guid? SourceLeadId { get; set; }
    /// <summary>The campaign that brought it (its lead's, when converted from one): last-touch attribution.</summary>
    public Guid? CampaignId { get; set; }
    public string? Competitors { get; set; }
    public string? NextStep { get; set; }
    public string? CloseReason { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime StageEnteredAt { get; set; }
    /// <summary>The lower-cased name, computed by the database: what the list's text filter matches.</summary>
    public string SearchText { get; private set; } = "";

    public decimal Amount => Common.Currency.FromMinor(AmountMinor, Currency);
}
