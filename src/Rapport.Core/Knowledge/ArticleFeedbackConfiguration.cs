namespace Rapport.Core.Knowledge;

internal sealed class ArticleFeedbackConfiguration : IEntityTypeConfiguration<ArticleFeedback>
{
    public void Configure(EntityTypeBuilder<ArticleFeedback> b)
    {
        b.ToTable("ArticleFeedback");
        b.Property(f => f.Voter).HasMaxLength(80);
        b.Property(f => f.Comment).HasMaxLength(ArticleFeedback.CommentMax);
        b.HasOne<Article>().WithMany().HasForeignKey(f => f.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // Once per voter and article: a second answer from the same session is not counted again.
        b.HasIndex(f => new { f.ArticleId, f.Voter }).IsUnique();
    }
}
