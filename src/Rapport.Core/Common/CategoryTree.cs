namespace Rapport.Core.Common;

/// <summary>The rules every category tree keeps, whatever its module: a parent that exists and is neither the node nor
/// one below it (no cycles), at most <c>maxDepth</c> levels, English and Chinese names unique among siblings, the list
/// with parents before their children and each level by sort then name, and a node deleted only when nothing hangs
/// below it. The module's service keeps its own permissions, fields and version check and calls these; what a
/// category's records do when it goes (cases and articles become uncategorised) is the foreign key's business.
/// Category tables are small, so the tree is read whole.</summary>
public sealed class CategoryTree<T>(DbSet<T> nodes, string entity, int maxDepth) where T : class, ICategoryNode
{
    /// <summary>Every node, parents before their children, each level by sort then name (ordinal, so the order is the
    /// same on both databases).</summary>
    public async Task<IReadOnlyList<T>> ListAsync(CancellationToken ct)
    {
        var all = await nodes.AsNoTracking().ToListAsync(ct);
        var children = all.OrderBy(n => n.Sort).ThenBy(n => n.Name, StringComparer.Ordinal).ToLookup(n => n.ParentId);
        var result = new List<T>(all.Count);
        void Walk(Guid? parent, int depth)
        {
            if (depth > maxDepth) return;
            foreach (var n in children[parent])
            {
                result.Add(n);
                Walk(n.Id, depth + 1);
            }
        }
        Walk(null, 1);
        return result;
    }

    /// <summary>The node, tracked for a change; 404 when there is none.</summary>
    public async Task<T> FindAsync(Guid id, CancellationToken ct) =>
        await nodes.FindAsync([id], ct) ?? throw new NotFoundException(entity, id);

    /// <summary>Adds to <paramref name="errors"/> what is wrong with the node <paramref name="id"/> (null for a new one)
    /// named <paramref name="name"/> / <paramref name="nameZh"/> under <paramref name="parentId"/>: an unknown parent
    /// or one at or below the node (<c>parentId</c>: Validation.UnknownCategory), a tree deeper than allowed
    /// (Validation.CategoryTooDeep), a sibling of the same name (<paramref name="nameField"/>:
    /// Validation.CategoryTaken).</summary>
    public async Task CheckPlaceAsync(Guid? id, Guid? parentId, string? name, string? nameZh, List<FieldError> errors, string nameField, CancellationToken ct)
    {
        var all = await nodes.AsNoTracking().ToListAsync(ct);
        var byId = all.ToDictionary(n => n.Id);
        if (parentId is { } parent)
        {
            if (!byId.ContainsKey(parent) || IsAtOrBelow(parent, id, byId)) errors.Add(new("parentId", "Validation.UnknownCategory"));
            else if (Depth(parent, byId) + Height(id, all) > maxDepth) errors.Add(new("parentId", "Validation.CategoryTooDeep", maxDepth));
        }
        if (all.Any(n => n.Id != id && n.ParentId == parentId
                && (name is not null && string.Equals(n.Name, name, StringComparison.Ordinal)
                    || nameZh is not null && string.Equals(n.NameZh, nameZh, StringComparison.Ordinal))))
            errors.Add(new(nameField, "Validation.CategoryTaken"));
    }

    /// <summary>Removes the node (saved with the caller's unit of work), refusing one with children
    /// (Validation.CategoryHasChildren).</summary>
    public async Task RemoveAsync(T node, CancellationToken ct)
    {
        if (maxDepth > 1 && (await nodes.AsNoTracking().ToListAsync(ct)).Any(n => n.ParentId == node.Id))
            throw RapportValidationException.For("id", "Validation.CategoryHasChildren");
        nodes.Remove(node);
    }

    // Whether walking up from the parent meets the node itself (bounded by the tree's size, in case of bad data).
    private static bool IsAtOrBelow(Guid parent, Guid? id, Dictionary<Guid, T> byId)
    {
        Guid? at = parent;
        for (var i = 0; at is { } p && i <= byId.Count; i++, at = byId.GetValueOrDefault(p)?.ParentId)
            if (p == id) return true;
        return false;
    }

    // Levels from the top down to the node (a top-level node is 1).
    private static int Depth(Guid node, Dictionary<Guid, T> byId)
    {
        var depth = 0;
        for (Guid? at = node; at is { } p && depth <= byId.Count; at = byId.GetValueOrDefault(p)?.ParentId) depth++;
        return depth;
    }

    // Levels in the node's subtree, the node included (1 for a new node or a leaf).
    private static int Height(Guid? node, List<T> all)
    {
        if (node is null) return 1;
        var children = all.ToLookup(n => n.ParentId);
        int Of(Guid id, int guard) => guard > all.Count ? 0 : 1 + children[id].Select(c => Of(c.Id, guard + 1)).DefaultIfEmpty(0).Max();
        return Of(node.Value, 0);
    }
}
