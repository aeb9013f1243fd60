namespace Rapport.Core.Sales;

/// <summary>Open stages carry the deal forward; reaching a Won or Lost stage closes it.</summary>
public enum StageKind { Open, Won, Lost }

/// <summary>A sales process an administrator defines: its stages in order, each with a default probability and the
/// fields a deal must have to enter it.</summary>
public sealed class Pipeline : Common.AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public List<PipelineStage> Stages { get; init; } = [];
}
