namespace Rapport.Core.Knowledge;

/// <summary>The knowledge base's categories: everyone with kb.read lists them, kb.admin edits them. Deleting one
/// leaves its articles uncategorised.</summary>
public sealed class ArticleCategoryService(RapportDbContext db, ICurrentUser user)
{
    public async Task<IReadOnlyList<ArticleCategoryDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.KbRead);
        return await db.ArticleCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.NameEn)
            .Select(c => new ArticleCategoryDto(c.Id, c.NameEn, c.NameZh, c.SortOrder, c.Version)).ToListAsync(ct);
    }

    public async Task<ArticleCategoryDto> CreateAsync(ArticleCategoryInput input, CancellationToken ct)
    {
        user.Require(Permissions.KbAdmin);
        var (en, zh) = await ValidateAsync(input, null, ct);
        var c = new ArticleCategory { NameEn = en, NameZh = zh, SortOrder = input.SortOrder };
        db.ArticleCategories.Add(c);
        await db.SaveChangesAsync(ct);
        return ToDto(c);
    }

    public async Task<ArticleCategoryDto> UpdateAsync(Guid id, ArticleCategoryInput input, long? expectedVersion, CancellationToken ct)
    {
        var c = await FindAsync(id, ct);
        user.Require(Permissions.KbAdmin);
        c.ExpectVersion(expectedVersion, "ArticleCategory", id);
        (c.NameEn, c.NameZh) = await ValidateAsync(input, id, ct);
        c.SortOrder = input.SortOrder;
        await db.SaveChangesAsync(ct);
        return ToDto(c);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var c = await FindAsync(id, ct);
        user.Require(Permissions.KbAdmin);
        c.ExpectVersion(expectedVersion, "ArticleCategory", id);
        db.ArticleCategories.Remove(c);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(string En, string Zh)> ValidateAsync(ArticleCategoryInput input, Guid? id, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var en = TextInput.Clean(input.NameEn);
        var zh = TextInput.Clean(input.NameZh);
        if (en is null) errors.Add(new("nameEn", "Validation.Required"));
        if (zh is null) errors.Add(new("nameZh", "Validation.Required"));
        TextInput.CheckLength(errors, "nameEn", en, ArticleCategory.NameMax);
        TextInput.CheckLength(errors, "nameZh", zh, ArticleCategory.NameMax);
        if (errors.Count == 0 && await db.ArticleCategories.AnyAsync(c => c.Id != id && (c.NameEn == en || c.NameZh == zh), ct))
            errors.Add(new("nameEn", "Validation.CategoryTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (en!, zh!);
    }

    private async Task<ArticleCategory> FindAsync(Guid id, CancellationToken ct) =>
        await db.ArticleCategories.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("ArticleCategory", id);

    private static ArticleCategoryDto ToDto(ArticleCategory c) => new(c.Id, c.NameEn, c.NameZh, c.SortOrder, c.Version);
}
