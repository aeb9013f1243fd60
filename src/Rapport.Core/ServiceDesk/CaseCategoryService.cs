namespace Rapport.Core.ServiceDesk;

/// <summary>The category tree of cases, edited by the desk's administrators (cases.admin), read by everyone who
/// reads cases.</summary>
public sealed class CaseCategoryService(RapportDbContext db, ICurrentUser user)
{
    /// <summary>Every category, parents before their children, each level by sort then name.</summary>
    public async Task<IReadOnlyList<CaseCategoryDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        var all = await db.CaseCategories.AsNoTracking().OrderBy(c => c.Sort).ThenBy(c => c.Name).ToListAsync(ct);
        var children = all.ToLookup(c => c.ParentId);
        var result = new List<CaseCategoryDto>();
        void Walk(Guid? parent, int depth)
        {
            if (depth > 20) return;
            foreach (var c in children[parent])
            {
                result.Add(ToDto(c));
                Walk(c.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return result;
    }

    public async Task<CaseCategoryDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        return ToDto(await FindAsync(id, ct));
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
        var c = await FindAsync(id, ct);
        if (expectedVersion is { } v && v != c.Version) throw new ConcurrencyConflictException("CaseCategory", id, c.Version);
        var (name, nameZh) = await ValidateAsync(id, input, ct);
        (c.Name, c.NameZh, c.ParentId, c.Sort, c.Active) = (name, nameZh, input.ParentId, input.Sort, input.Active);
        await db.SaveChangesAsync(ct);
        return ToDto(c);
    }

    /// <summary>Removes a category without sub-categories; its cases keep going uncategorised.</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var c = await FindAsync(id, ct);
        if (expectedVersion is { } v && v != c.Version) throw new ConcurrencyConflictException("CaseCategory", id, c.Version);
        if (await db.CaseCategories.AnyAsync(x => x.ParentId == id, ct)) throw RapportValidationException.For("id", "Validation.CategoryHasChildren");
        db.CaseCategories.Remove(c);
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
        if (input.ParentId is { } parent)
        {
            // The parent must exist and must not be the category itself or one below it (no cycles).
            var parents = await db.CaseCategories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToDictionaryAsync(c => c.Id, c => c.ParentId, ct);
            Guid? at = parent;
            var ok = parents.ContainsKey(parent);
            for (var i = 0; ok && at is { } p && i < 50; i++, at = parents.GetValueOrDefault(p)) ok = p != id;
            if (!ok) errors.Add(new("parentId", "Validation.UnknownCategory"));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, nameZh);
    }

    private async Task<CaseCategory> FindAsync(Guid id, CancellationToken ct) =>
        await db.CaseCategories.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("CaseCategory", id);

    private static CaseCategoryDto ToDto(CaseCategory c) => new(c.Id, c.ParentId, c.Name, c.NameZh, c.Sort, c.Active, c.Version);
}
