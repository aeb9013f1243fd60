namespace Rapport.Core.ServiceDesk;

/// <summary>A node of the category tree the administrator edits, named in English and Chinese.</summary>
public sealed class CaseCategory : AuditedEntity, ICategoryNode
{
    public const int NameMax = 100;

    /// <summary>How many levels the tree may have (a top-level category and four below it).</summary>
    public const int MaxDepth = 5;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? ParentId { get; set; }
    public required string Name { get; set; }
    public string? NameZh { get; set; }
    public int Sort { get; set; }
    public bool Active { get; set; } = true;
}
