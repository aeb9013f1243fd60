namespace Rapport.Core.Sales;

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
