using Rapport.Core.Knowledge;
using Rapport.Server.Knowledge;

namespace Rapport.Components.Tests.Knowledge;

/// <summary>The suggestions panel the case page embeds: the top five for the text, "insert" handing the article to
/// the page, "this helped" recording a vote once.</summary>
public class ArticleSuggestionsTests : UiContext
{
    private static ArticleSuggestion Suggestion(int i, ArticleVisibility visibility = ArticleVisibility.Public) =>
        new(Guid.NewGuid(), $"Article {i}", $"article-{i}", $"Summary {i}", "en", visibility, 10 - i);

    [Fact]
    public void It_shows_the_top_five_for_the_text_and_inserts_the_one_chosen()
    {
        var asked = new List<(string Text, string? Language)>();
        var found = Enumerable.Range(1, 6).Select(i => Suggestion(i)).ToList();
        ArticleSuggestion? inserted = null;
        var panel = Render<ArticleSuggestions>(p => p
            .Add(c => c.Text, "Cannot sign in after the password reset")
            .Add(c => c.Language, "en")
            .Add(c => c.Source, (text, lang, _) =>
            {
                asked.Add((text, lang));
                return Task.FromResult<IReadOnlyList<ArticleSuggestion>>(found);
            })
            .Add(c => c.OnInsert, (ArticleSuggestion a) => inserted = a));

        Assert.Equal(("Cannot sign in after the password reset", (string?)"en"), Assert.Single(asked));
        var rows = panel.FindAll("[data-testid=suggestion]");
        Assert.Equal(ArticleSuggestions.Top, rows.Count);
        Assert.Contains("Article 1", rows[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Article 6", panel.Markup, StringComparison.Ordinal);

        panel.FindAll("[data-testid=insert-suggestion]")[1].Click();
        Assert.Equal(found[1], inserted);
    }

    [Fact]
    public void This_helped_records_one_vote_with_the_case_and_then_is_done()
    {
        var votes = new List<(Guid Article, ArticleFeedbackInput Input)>();
        var caseId = Guid.NewGuid();
        var found = new[] { Suggestion(1), Suggestion(2, ArticleVisibility.Internal) };
        var panel = Render<ArticleSuggestions>(p => p
            .Add(c => c.Text, "refund")
            .Add(c => c.CaseId, caseId)
            .Add(c => c.Source, (_, _, _) => Task.FromResult<IReadOnlyList<ArticleSuggestion>>(found))
            .Add(c => c.Vote, (id, input, _) =>
            {
                votes.Add((id, input));
                return Task.CompletedTask;
            }));

        Assert.Empty(panel.FindAll("[data-testid=insert-suggestion]"));
        Assert.Contains("Internal", panel.FindAll("[data-testid=suggestion]")[1].TextContent, StringComparison.Ordinal);
        panel.FindAll("[data-testid=helpful-suggestion]")[0].Click();

        var (article, input) = Assert.Single(votes);
        Assert.Equal((found[0].Id, true, (Guid?)caseId), (article, input.Helpful, input.CaseId));
        Assert.True(panel.FindAll("[data-testid=helpful-suggestion]")[0].HasAttribute("disabled"));
    }

    [Fact]
    public void No_text_asks_for_nothing_and_says_there_is_nothing()
    {
        var asked = 0;
        var panel = Render<ArticleSuggestions>(p => p
            .Add(c => c.Text, "  ")
            .Add(c => c.Source, (_, _, _) =>
            {
                asked++;
                return Task.FromResult<IReadOnlyList<ArticleSuggestion>>([]);
            }));

        Assert.Equal(0, asked);
        Assert.NotNull(panel.Find("[data-testid=no-suggestions]"));
    }
}

public class ArticleSuggestionsInChineseTests() : UiContext("zh-CN")
{
    [Fact]
    public void The_panel_speaks_chinese()
    {
        var panel = Render<ArticleSuggestions>(p => p
            .Add(c => c.Text, "重置密码")
            .Add(c => c.Source, (_, _, _) => Task.FromResult<IReadOnlyList<ArticleSuggestion>>(
                [new ArticleSuggestion(Guid.NewGuid(), "重置密码", "reset", null, "zh-CN", ArticleVisibility.Internal, 1)]))
            .Add(c => c.OnInsert, (ArticleSuggestion _) => { }));

        Assert.Contains("插入", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("内部", panel.Markup, StringComparison.Ordinal);
    }
}
