namespace Rapport.Core.Sales;

public sealed class PipelineStage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PipelineId { get; init; }
    public required string Name { get; set; }
    /// <summary>The stage's name for Chinese readers (none: they read <see cref="Name"/>).</summary>
    public string? NameZh { get; set; }

    /// <summary>The name for the reader's language.</summary>
    public string Label => Common.Bilingual.Pick(Name, NameZh);
    public int Order { get; set; }
    /// <summary>0–100: the probability a deal entering this stage gets unless its owner overrides it.</summary>
    public int Probability { get; set; }
    public StageKind Kind { get; set; }
    /// <summary>Opportunity fields that must be filled in to enter the stage (see <see cref="OpportunityRules.RequirableFields"/>).</summary>
    public List<string> RequiredFields { get; set; } = [];
}
