namespace Rapport.Core.Knowledge;

internal sealed class ArticleConfiguration(bool postgres) : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.ToTable("Articles");
        b.Property(a => a.Title).HasMaxLength(Article.TitleMax);
        b.Property(a => a.Slug).HasMaxLength(Article.SlugMax);
        b.Property(a => a.Summary).HasMaxLength(Article.SummaryMax);
        b.Property(a => a.Body).HasMaxLength(Article.BodyMax);
        b.Property(a => a.Language).HasMaxLength(10);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Visibility).HasConversion<string>().HasMaxLength(20);
        b.HasOne(a => a.Category).WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.SetNull);
        // A slug names one article per language; the translations of an article share it.
        b.HasIndex(a => new { a.Language, a.Slug }).IsUnique();
        b.HasIndex(a => new { a.TranslationGroupId, a.Language }).IsUnique();
        // The agent list (newest changes first) and the help centre (published, public, by language).
        b.HasIndex(a => new { a.UpdatedAt, a.Id });
        b.HasIndex(a => new { a.Status, a.Visibility, a.Language, a.UpdatedAt });
        // The help centre pages published public articles by title; an article is also opened by its slug alone.
        b.HasIndex(a => new { a.Status, a.Visibility, a.Language, a.Title, a.Id });
        b.HasIndex(a => a.Slug);
        if (postgres)
            b.HasIndex(a => a.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
