namespace Rapport.Core.Sales;

/// <summary>Open stages carry the deal forward; reaching a Won or Lost stage closes it.</summary>
public enum StageKind { Open, Won, Lost }

/// <summary>How sure the owner is of closing in the period: the forecast adds up each category.</summary>
public enum ForecastCategory { Pipeline, BestCase, Commit, Omitted }

/// <summary>A sales process an administrator defines: its stages in order, each with a default probability and the
/// fields a deal must have to enter it.</summary>
public sealed class Pipeline
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public List<PipelineStage> Stages { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class PipelineStage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PipelineId { get; init; }
    public required string Name { get; set; }
    public int Order { get; set; }
    /// <summary>0–100: the probability a deal entering this stage gets unless its owner overrides it.</summary>
    public int Probability { get; set; }
    public StageKind Kind { get; set; }
    /// <summary>Opportunity fields that must be filled in to enter the stage (see <see cref="OpportunityRules.RequirableFields"/>).</summary>
    public List<string> RequiredFields { get; set; } = [];
}

/// <summary>A deal with a customer: what it is worth, when it should close, and how far along the pipeline it is.</summary>
public sealed class Opportunity
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
    public string? Competitors { get; set; }
    public string? NextStep { get; set; }
    public string? CloseReason { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime StageEnteredAt { get; set; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public DateTime UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public long Version { get; private set; } = 1;

    public decimal Amount => AmountMinor / 100m;

    public void Touch(DateTime now, Guid? by)
    {
        UpdatedAt = now;
        UpdatedById = by;
        Version++;
    }
}

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
