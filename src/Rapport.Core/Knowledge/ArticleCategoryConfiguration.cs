namespace Rapport.Core.Knowledge;

internal sealed class ArticleCategoryConfiguration : IEntityTypeConfiguration<ArticleCategory>
{
    public void Configure(EntityTypeBuilder<ArticleCategory> b)
    {
        b.ToTable("ArticleCategories");
        b.Property(c => c.NameEn).HasMaxLength(ArticleCategory.NameMax);
        b.Property(c => c.NameZh).HasMaxLength(ArticleCategory.NameMax);
        b.HasIndex(c => c.NameEn).IsUnique();
        b.HasIndex(c => c.NameZh).IsUnique();
    }
}
