namespace Rapport.Core.Common;

/// <summary>A node of a category tree an administrator edits (case categories, knowledge-base categories), as
/// <see cref="CategoryTree{T}"/> sees it. A flat list of categories is a tree of one level: its
/// <see cref="ParentId"/> is always null.</summary>
public interface ICategoryNode
{
    Guid Id { get; }
    Guid? ParentId { get; }

    /// <summary>The English name: unique among siblings, the order within a level after <see cref="Sort"/>.</summary>
    string Name { get; }

    /// <summary>The Chinese name, unique among siblings when given.</summary>
    string? NameZh { get; }

    int Sort { get; }
}
