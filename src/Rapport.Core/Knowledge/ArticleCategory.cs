namespace Rapport.Core.Knowledge;

/// <summary>A heading the help centre and the article list group articles under, named in both languages and
/// edited by administrators (kb.admin).</summary>
public sealed class ArticleCategory : AuditedEntity, ICategoryNode
{
    public const int NameMax = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }
    public int SortOrder { get; set; }

    // The knowledge base's categories are one level: a tree without parents.
    Guid? ICategoryNode.ParentId => null;
    string ICategoryNode.Name => NameEn;
    int ICategoryNode.Sort => SortOrder;

    /// <summary>The name in <paramref name="language"/> (en / zh-CN).</summary>
    public string NameIn(string language) => language == ArticleLanguages.Chinese ? NameZh : NameEn;
}
