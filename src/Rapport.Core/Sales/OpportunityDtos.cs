namespace Rapport.Core.Sales;

public sealed record PipelineStageInput(Guid? Id, string? Name, int Probability, StageKind Kind = StageKind.Open, IReadOnlyList<string>? RequiredFields = null,
    string? NameZh = null);

/// <summary>A pipeline and its stages in order. Stages keep their id when it is given (so deals stay put);
/// stages left out are removed, which is refused while deals sit in them.</summary>
public sealed record PipelineInput(string? Name, IReadOnlyList<PipelineStageInput>? Stages, bool IsDefault = false);

/// <param name="Label">The name to show: <paramref name="NameZh"/> for a Chinese reader when it is set, else <paramref name="Name"/>.</param>
public sealed record PipelineStageDto(Guid Id, string Name, int Order, int Probability, StageKind Kind, IReadOnlyList<string> RequiredFields,
    string? NameZh = null, string Label = "");

public sealed record PipelineDto(Guid Id, string Name, bool IsDefault, IReadOnlyList<PipelineStageDto> Stages, long Version = 1);

/// <summary>What a caller sends to create or replace an opportunity. The stage is changed with a move, not here;
/// on create it defaults to the pipeline's first stage.</summary>
public sealed record OpportunityInput
{
    public string? Name { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? ContactId { get; init; }
    public Guid? OwnerId { get; init; }
    public Guid? PipelineId { get; init; }
    public Guid? StageId { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public DateOnly? ExpectedCloseDate { get; init; }
    /// <summary>Leave empty to take the stage's default.</summary>
    public int? Probability { get; init; }
    public ForecastCategory? ForecastCategory { get; init; }
    public string? Competitors { get; init; }
    public string? NextStep { get; init; }
    public Guid? SourceLeadId { get; init; }
}

public sealed record OpportunityDto(
    Guid Id, string Name, Guid CustomerId, string CustomerName, Guid? ContactId, Guid? OwnerId, string? OwnerName,
    Guid PipelineId, Guid StageId, string StageName, StageKind StageKind,
    decimal Amount, string Currency, DateOnly? ExpectedCloseDate, int Probability, bool ProbabilityOverridden, decimal WeightedAmount,
    ForecastCategory ForecastCategory, Guid? SourceLeadId, string? Competitors, string? NextStep, string? CloseReason, DateTime? ClosedAt,
    DateTime StageEnteredAt, DateTime CreatedAt, DateTime UpdatedAt, long Version);

public sealed record OpportunityListItem(
    Guid Id, string Name, Guid CustomerId, string CustomerName, Guid? OwnerId, Guid StageId, decimal Amount, string Currency,
    DateOnly? ExpectedCloseDate, int Probability, DateTime CreatedAt);

/// <summary>What a deal export writes beyond the list's columns: names instead of ids and the import's other fields.</summary>
public sealed record OpportunityExportDetails(string CustomerNumber, string Pipeline, string Stage, string? NextStep, string? Competitors, string? CloseReason);

/// <summary>Moves a deal to another stage of its pipeline; Lost needs a reason.</summary>
public sealed record OpportunityMoveInput(Guid StageId, string? CloseReason = null);

public sealed record StageChangeDto(Guid? FromStageId, string? FromStage, Guid ToStageId, string ToStage, DateTime ChangedAt, Guid? ChangedById, long SecondsInPrevious);

public enum OpportunitySort { Created, CloseDate, Amount }

public sealed record OpportunityQuery
{
    public string? Q { get; init; }
    public Guid? PipelineId { get; init; }
    public Guid? StageId { get; init; }
    public Guid? OwnerId { get; init; }
    public Guid? CustomerId { get; init; }
    public DateOnly? CloseFrom { get; init; }
    public DateOnly? CloseTo { get; init; }
    public OpportunitySort Sort { get; init; } = OpportunitySort.Created;
    public bool Descending { get; init; } = true;
    public string? Cursor { get; init; }
    public int? Limit { get; init; }
}

/// <summary>The board's filters: whose deals (an owner, or everyone in a team and below) closing when.</summary>
public sealed record BoardQuery(Guid? OwnerId = null, Guid? TeamId = null, DateOnly? CloseFrom = null, DateOnly? CloseTo = null);

/// <summary>An amount in one currency.</summary>
public sealed record Money(string Currency, decimal Amount);

/// <summary>One column of the board: the stage, its totals (count; amount and weighted amount per currency) and
/// its first cards by close date.</summary>
public sealed record BoardColumn(PipelineStageDto Stage, int Count, IReadOnlyList<Money> Amount, IReadOnlyList<Money> Weighted, IReadOnlyList<OpportunityListItem> Cards);

public sealed record BoardDto(PipelineDto Pipeline, IReadOnlyList<BoardColumn> Columns);

public enum ForecastPeriod { Month, Quarter }

public enum ForecastGroup { Owner, Team }

/// <summary>One period × owner (or team) × currency: open pipeline, its weighted value, the best case and commit
/// categories, and what was won.</summary>
public sealed record ForecastRow(string Period, Guid? GroupId, string? GroupName, string Currency,
    decimal Pipeline, decimal Weighted, decimal BestCase, decimal Commit, decimal Won);

public sealed record SalesSettingsDto(string DefaultCurrency);
