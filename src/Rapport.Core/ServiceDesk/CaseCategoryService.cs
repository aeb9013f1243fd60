namespace Rapport.Core.ServiceDesk;

/// <summary>The category tree of cases, edited by the desk's administrators (cases.admin), read by everyone who
/// reads cases. The tree's rules (no cycles, depth, names unique among siblings, order, no delete with children)
/// are <see cref="CategoryTree{T}"/>'s.</summary>
public sealed class CaseCategoryService(RapportDbContext db, ICurrentUser user)
{
    private readonly CategoryTree<CaseCategory> _tree = new(db.CaseCategories, "CaseCategory", CaseCategory.MaxDepth);

    /// <summary>Every category, parents before their children, each level by sort then name.</summary>
    public async Task<IReadOnlyList<CaseCategoryDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        return [.. (await _tree.ListAsync(ct)).Select(ToDto)];
    }

    public async Task<CaseCategoryDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        return ToDto(await _tree.FindAsync(id, ct));
    }

    public async Task<CaseCategoryDto> CreateAsync(CaseCategoryInput input, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var (name, nameZh) = await ValidateAsync(null, input, ct);
        var c = new CaseCategory { Name = name, NameZh = nameZh, ParentId = input.ParentId, Sort = input.Sort, Active = input.Active };
        db.CaseCategories.Add(c);
        await db.SaveChangesAsync(ct);
        return ToDto(c);
    }

    public async Task<CaseCategoryDto> UpdateAsync(Guid id, CaseCategoryInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var c = await _tree.FindAsync(id, ct);
        c.ExpectVersion(expectedVersion, "CaseCategory", id);
        var (name, nameZh) = await ValidateAsync(id, input, ct);
        (c.Name, c.NameZh, c.ParentId, c.Sort, c.Active) = (name, nameZh, input.ParentId, input.Sort, input.Active);
        await db.SaveChangesAsync(ct);
        return ToDto(c);
    }

    /// <summary>Removes a category without sub-categories; its cases keep going uncategorised.</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var c = await _tree.FindAsync(id, ct);
        c.ExpectVersion(expectedVersion, "CaseCategory", id);
        await _tree.RemoveAsync(c, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(string Name, string? NameZh)> ValidateAsync(Guid? id, CaseCategoryInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, CaseCategory.NameMax);
        var nameZh = TextInput.Clean(input.NameZh);
        TextInput.CheckLength(errors, "nameZh", nameZh, CaseCategory.NameMax);
        if (input.Sort is < 0 or > 10_000) errors.Add(new("sort", "Validation.Range", 0, 10_000));
        await _tree.CheckPlaceAsync(id, input.ParentId, name, nameZh, errors, "name", ct);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, nameZh);
    }

    private static CaseCategoryDto ToDto(CaseCategory c) => new(c.Id, c.ParentId, c.Name, c.NameZh, c.Sort, c.Active, c.Version);
}
