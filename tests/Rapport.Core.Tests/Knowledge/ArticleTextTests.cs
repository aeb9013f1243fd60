using Rapport.Core.Knowledge;

namespace Rapport.Core.Tests.Knowledge;

/// <summary>How article text is tokenised, rendered and ranked, without a database.</summary>
public class ArticleTextTests
{
    [Fact]
    public void Chinese_is_split_into_bigrams_and_english_into_words_without_stop_words()
    {
        Assert.Equal(["如何", "何重", "重置", "置密", "密码"], ArticleTokens.Terms("如何重置密码？"));
        Assert.Equal(["reset", "password", "crm"], ArticleTokens.Terms("How do I reset my password in the CRM?"));
        Assert.Equal(["导出", "csv", "文件"], ArticleTokens.Terms("导出CSV文件"));
    }

    [Fact]
    public void Index_terms_are_long_enough_for_a_trigram_index()
    {
        // Chinese bigrams are looked up by their keys (bigram + mark), common question words not at all.
        Assert.Equal(["何重|", "重置|", "置密|", "密码|", "reset", "password"], ArticleTokens.IndexTerms("如何重置密码 reset a password"));
        Assert.All(ArticleTokens.IndexTerms("我忘记了登录密码，怎么重置？ to do it"), t => Assert.True(t.Length >= 3, t));
        Assert.Equal("重置| 置密| 密码|", ArticleTokens.IndexKeys("重置密码"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("[x](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"jAvAscript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "style")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<form action=\"https://evil.example\"><input name=p></form>", "<form")]
    public void Rendered_markdown_never_carries_active_content(string markdown, string forbidden) =>
        Assert.DoesNotContain(forbidden, ArticleMarkdown.ToSafeHtml(markdown), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Markdown_keeps_its_formatting_and_external_links_get_no_opener()
    {
        var html = ArticleMarkdown.ToSafeHtml("# Title\n\n**bold** and [docs](https://example.com)\n\n- one\n- two");
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>two</li>", html, StringComparison.Ordinal);
        Assert.Equal("bold and docs", ArticleMarkdown.ToPlainText("**bold** and [docs](https://example.com)"));
    }

    [Fact]
    public void A_title_match_outranks_the_same_words_in_a_body()
    {
        var title = new ArticleRanking.Candidate(Guid.NewGuid(), "Reset your password", null, "Choose Forgot password on the sign-in page.");
        var body = new ArticleRanking.Candidate(Guid.NewGuid(), "Billing contacts", null, "A password reset, a password change, a password hint: reset elsewhere.");
        var other = new ArticleRanking.Candidate(Guid.NewGuid(), "Exports", null, "CSV files.");

        var ranked = ArticleRanking.Rank([body, other, title], ArticleTokens.Terms("How do I reset my password?"));

        Assert.Equal([title.Id, body.Id], ranked.Select(r => r.Article.Id));
    }

    [Theory]
    [InlineData("Reset your password!", "reset-your-password")]
    [InlineData("  Über   CSV -- export ", "ber-csv-export")]
    public void Slugs_come_from_the_title(string title, string slug) => Assert.Equal(slug, ArticleService.SlugFrom(title, Guid.Empty));

    [Fact]
    public void A_chinese_title_gets_a_slug_from_the_id()
    {
        var id = Guid.CreateVersion7();
        Assert.Equal("article-" + id.ToString("N")[^8..], ArticleService.SlugFrom("重置密码", id));
    }
}
