namespace Rapport.Core.Knowledge;

/// <summary>The knowledge base's categories: everyone with kb.read lists them, kb.admin edits them. Deleting one
/// leaves its articles uncategorised. They are a <see cref="CategoryTree{T}"/> of one level.</summary>
public sealed class ArticleCategoryService(RapportDbContext db, ICurrentUser user)
{
    private readonly CategoryTree<ArticleCategory> _tree = new(db.ArticleCategories, "ArticleCategory", maxDepth: 1);

    public async Task<IReadOnlyList<ArticleCategoryDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.KbRead);
        return [.. (await _tree.ListAsync(ct)).Select(ToDto)];
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
        var c = await _tree.FindAsync(id, ct);
        user.Require(Permissions.KbAdmin);
        c.ExpectVersion(expectedVersion, "ArticleCategory", id);
        (c.NameEn, c.NameZh) = await ValidateAsync(input, id, ct);
        c.SortOrder = input.SortOrder;
        await db.SaveChangesAsync(ct);
        return ToDto(c);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var c = await _tree.FindAsync(id, ct);
        user.Require(Permissions.KbAdmin);
        c.ExpectVersion(expectedVersion, "ArticleCategory", id);
        await _tree.RemoveAsync(c, ct);
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
        if (errors.Count == 0) await _tree.CheckPlaceAsync(id, null, en, zh, errors, "nameEn", ct);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (en!, zh!);
    }

    private static ArticleCategoryDto ToDto(ArticleCategory c) => new(c.Id, c.NameEn, c.NameZh, c.SortOrder, c.Version);
}
