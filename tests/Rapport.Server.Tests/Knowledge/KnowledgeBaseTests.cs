using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Core.Knowledge;

namespace Rapport.Server.Tests.Knowledge;

/// <summary>The knowledge base through the API and the public help centre on both databases: an article's life,
/// sanitised bodies, Chinese and English suggestions, internal articles kept from visitors, "was this helpful?"
/// counted once per visitor, and translations.</summary>
public abstract class KnowledgeBaseTests(RapportApp app)
{
    private const string Url = "/api/v1/articles";
    private const string Help = "/api/v1/help";
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>A word no other test's article holds (letters only, so it is one term).</summary>
    private static string Marker() => "zq" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8).ToArray());

    /// <summary>A visitor with no sign-in and a cookie jar of their own (their own help-centre session).</summary>
    private HttpClient Visitor() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    private static async Task<ArticleDto> CreateAsync(HttpClient admin, string title, string body, string language = "en",
        ArticleVisibility visibility = ArticleVisibility.Public, string? summary = null, bool publish = false)
    {
        var created = await admin.PostJsonAsync(Url, new ArticleInput { Title = title, Body = body, Language = language, Visibility = visibility, Summary = summary });
        await created.ShouldBeAsync(HttpStatusCode.Created);
        var article = await created.ReadAsync<ArticleDto>();
        return publish ? await PublishAsync(admin, article.Id) : article;
    }

    private static async Task<ArticleDto> PublishAsync(HttpClient admin, Guid id)
    {
        var published = await admin.PostAsync($"{Url}/{id}/publish", null, Ct);
        await published.ShouldBeAsync(HttpStatusCode.OK);
        return await published.ReadAsync<ArticleDto>();
    }

    private static async Task<List<ArticleSuggestion>> SuggestAsync(HttpClient client, string baseUrl, string text, string lang)
    {
        var response = await client.GetAsync($"{baseUrl}/suggest?text={Uri.EscapeDataString(text)}&lang={lang}", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<List<ArticleSuggestion>>();
    }

    [Fact]
    public async Task A_draft_stays_out_of_the_help_centre_until_published_and_leaves_it_when_archived()
    {
        var admin = await app.AdminClientAsync();
        var visitor = Visitor();
        var word = Marker();
        var article = await CreateAsync(admin, $"Pairing the {word} scanner", $"Hold the {word} button for five seconds.");
        Assert.Equal(ArticleStatus.Draft, article.Status);

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"{Help}/articles/{article.Slug}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/help/{article.Slug}", Ct)).StatusCode);
        Assert.Empty(await SuggestAsync(visitor, Help, $"{word} scanner", "en"));

        var published = await PublishAsync(admin, article.Id);
        Assert.Equal(ArticleStatus.Published, published.Status);
        Assert.NotNull(published.PublishedAt);
        var shown = await (await visitor.GetAsync($"{Help}/articles/{article.Slug}", Ct)).ReadAsync<HelpArticleDto>();
        Assert.Equal(article.Id, shown.Id);
        Assert.Contains(word, await (await visitor.GetAsync($"/help/{article.Slug}", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(article.Id, Assert.Single(await SuggestAsync(visitor, Help, $"How do I pair the {word} scanner?", "en")).Id);
        var list = await visitor.GetPageAsync<HelpArticleListItem>($"{Help}/articles?lang=en&limit=200");
        Assert.Contains(list.Items, a => a.Id == article.Id);

        var archived = await admin.PostAsync($"{Url}/{article.Id}/archive", null, Ct);
        Assert.Equal(ArticleStatus.Archived, (await archived.ReadAsync<ArticleDto>()).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"{Help}/articles/{article.Slug}", Ct)).StatusCode);
        Assert.Empty(await SuggestAsync(visitor, Help, $"{word} scanner", "en"));
        await (await admin.PostAsync($"{Url}/{article.Id}/archive", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        // Created, published and archived are in the audit trail; the views counted on the way are not.
        var audit = await (await admin.GetAsync($"/api/v1/audit?limit=50&entityType=article&entityId={article.Id}", Ct)).ReadAsync<Page<Rapport.Core.Audit.AuditEntryDto>>();
        Assert.Equal(3, audit.Items.Count);
        Assert.Contains(audit.Items, e => e.Changes?.GetRawText().Contains("\"archived\"", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task Scripts_event_handlers_and_javascript_links_are_stripped_from_the_body()
    {
        var admin = await app.AdminClientAsync();
        const string body = """
            Steps **in bold** and a [safe link](https://example.com/help).

            <script>alert('x')</script>

            <img src="x.png" onerror="alert('y')">

            [evil](javascript:alert('z')) and <a href="JaVaScRiPt:alert(1)" onclick="alert(2)">also evil</a>

            <iframe src="https://evil.example"></iframe>
            """;
        var article = await CreateAsync(admin, "Sanitised " + Unique(), body, publish: true);

        var page = await (await Visitor().GetAsync($"/help/{article.Slug}", Ct)).Content.ReadAsStringAsync(Ct);
        foreach (var html in new[] { article.BodyHtml, page[page.IndexOf("data-testid=\"help-body\"", StringComparison.Ordinal)..] })
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("<strong>in bold</strong>", article.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/help\"", article.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("<script>", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chinese_question_finds_the_chinese_article_about_it()
    {
        var admin = await app.AdminClientAsync();
        var visitor = Visitor();
        var reset = await CreateAsync(admin, "重置密码", "在登录页点击“忘记密码”，然后按邮件中的链接设置新密码。", "zh-CN", publish: true);
        await CreateAsync(admin, "修改发票抬头", "在订单页面可以修改发票抬头和税号。", "zh-CN", publish: true);
        await CreateAsync(admin, "导出客户列表", "在客户列表中点击“导出”，即可下载 CSV 文件。", "zh-CN", publish: true);

        var suggestions = await SuggestAsync(visitor, Help, "如何重置密码", "zh-CN");
        Assert.Equal(reset.Id, suggestions[0].Id);
        Assert.Equal(reset.Id, (await SuggestAsync(admin, Url, "我忘记了登录密码，怎么重置？", "zh-CN"))[0].Id);

        var listed = await admin.GetPageAsync<ArticleListItem>($"{Url}?q={Uri.EscapeDataString("重置密码")}&language=zh-CN");
        Assert.Equal(reset.Id, Assert.Single(listed.Items).Id);
        var page = await (await visitor.GetAsync($"/help?ask={Uri.EscapeDataString("如何重置密码")}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains($"href=\"/help/{reset.Slug}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_suggestions_rank_the_article_whose_title_matches_first()
    {
        var admin = await app.AdminClientAsync();
        var word = Marker();
        // The body-only article says "password" and "reset" more often; the title match must still win.
        await CreateAsync(admin, $"Billing contacts for {word}", $"The {word} billing contact can reset the invoice address. A password reset, a password change "
            + "and a password hint are handled elsewhere; this page never resets a password.", publish: true);
        var title = await CreateAsync(admin, $"Reset your {word} password", $"Open the sign-in page of {word} and choose Forgot password.", publish: true);
        await CreateAsync(admin, $"Exporting {word} customers", $"Exports from {word} are CSV files.", publish: true);

        var suggestions = await SuggestAsync(Visitor(), Help, $"How do I reset my {word} password?", "en");
        Assert.Equal(title.Id, suggestions[0].Id);
        Assert.Equal(3, suggestions.Count);
        Assert.True(suggestions[0].Score > suggestions[1].Score);
    }

    [Fact]
    public async Task Internal_articles_never_reach_anonymous_visitors()
    {
        var admin = await app.AdminClientAsync();
        var visitor = Visitor();
        var word = Marker();
        var secret = await CreateAsync(admin, $"Refund approval limits {word}", $"Agents may refund up to 500 {word} without approval.",
            visibility: ArticleVisibility.Internal, publish: true);

        Assert.Empty(await SuggestAsync(visitor, Help, $"refund approval {word}", "en"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"{Help}/articles/{secret.Slug}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/help/{secret.Slug}", Ct)).StatusCode);
        foreach (var page in new[] { $"/help?q={word}+refund", $"/help?ask={word}+refund+approval", "/help" })
        {
            var html = await (await visitor.GetAsync(page, Ct)).Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain($"/help/{secret.Slug}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Refund approval limits", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain((await visitor.GetPageAsync<HelpArticleListItem>($"{Help}/articles?lang=en&limit=200")).Items, a => a.Id == secret.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.PostJsonAsync($"{Help}/articles/{secret.Id}/feedback", new ArticleFeedbackInput(true))).StatusCode);
        // The signed-in API needs a user: a visitor is turned away, not answered with public articles only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"{Url}/suggest?text={word}+refund", Ct)).StatusCode);

        Assert.Equal(secret.Id, (await SuggestAsync(admin, Url, $"refund approval {word}", "en"))[0].Id);
        var nobody = app.ClientWithToken(await app.CreateUserWithTokenAsync("kb" + Unique()));
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync($"{Url}/suggest?text={word}+refund", Ct)).StatusCode);
    }

    [Fact]
    public async Task When_no_article_fits_the_visitor_is_offered_the_contact_page()
    {
        var page = await (await Visitor().GetAsync($"/help?ask={Marker()}+{Marker()}+quantum+teapot", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("We found no article that answers this", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/contact-us\" data-testid=\"help-contact\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Was_this_helpful_is_counted_once_per_visitor_session_and_once_per_user()
    {
        var admin = await app.AdminClientAsync();
        var article = await CreateAsync(admin, "Feedback " + Unique(), "Was it?", publish: true);
        var first = Visitor();
        var url = $"{Help}/articles/{article.Id}/feedback";

        var counted = await (await first.PostJsonAsync(url, new ArticleFeedbackInput(true))).ReadAsync<ArticleFeedbackResult>();
        var again = await (await first.PostJsonAsync(url, new ArticleFeedbackInput(false))).ReadAsync<ArticleFeedbackResult>();
        Assert.Equal(new ArticleFeedbackResult(true, 1, 0), counted);
        Assert.Equal(new ArticleFeedbackResult(false, 1, 0), again);

        // Another visitor, through the help centre's own form.
        var second = Visitor();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = article.Id.ToString(), ["helpful"] = "no" });
        var posted = await second.PostAsync($"/help/{article.Slug}/feedback", form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("data-testid=\"help-thanks\"", await (await second.GetAsync(posted.Headers.Location!.OriginalString, Ct)).Content.ReadAsStringAsync(Ct),
            StringComparison.Ordinal);

        var signedIn = await (await admin.PostJsonAsync($"{Url}/{article.Id}/feedback", new ArticleFeedbackInput(true, "Solved my case"))).ReadAsync<ArticleFeedbackResult>();
        var signedInAgain = await (await admin.PostJsonAsync($"{Url}/{article.Id}/feedback", new ArticleFeedbackInput(true))).ReadAsync<ArticleFeedbackResult>();
        Assert.Equal(new ArticleFeedbackResult(true, 2, 1), signedIn);
        Assert.False(signedInAgain.Counted);

        var read = await (await admin.GetAsync($"{Url}/{article.Id}", Ct)).ReadAsync<ArticleDto>();
        Assert.Equal((2L, 1L, article.Version), (read.HelpfulCount, read.NotHelpfulCount, read.Version));
    }

    [Fact]
    public async Task A_translation_links_both_versions_and_the_help_centre_serves_the_visitors_language()
    {
        var admin = await app.AdminClientAsync();
        var word = Marker();
        var english = await CreateAsync(admin, $"Changing the {word} language", "Open your account menu.", publish: true);
        var created = await admin.PostJsonAsync($"{Url}/{english.Id}/translations", new ArticleTranslationInput());
        await created.ShouldBeAsync(HttpStatusCode.Created);
        var chinese = await created.ReadAsync<ArticleDto>();
        Assert.Equal(("zh-CN", english.TranslationGroupId, english.Slug, ArticleStatus.Draft), (chinese.Language, chinese.TranslationGroupId, chinese.Slug, chinese.Status));
        var linked = await (await admin.GetAsync($"{Url}/{english.Id}", Ct)).ReadAsync<ArticleDto>();
        Assert.Equal(chinese.Id, Assert.Single(linked.Translations).Id);
        await (await admin.PostJsonAsync($"{Url}/{english.Id}/translations", new ArticleTranslationInput())).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var visitor = Visitor();
        // Until the Chinese version is published, a Chinese visitor reads the English one.
        Assert.Equal(english.Id, (await (await visitor.GetAsync($"{Help}/articles/{english.Slug}?lang=zh-CN", Ct)).ReadAsync<HelpArticleDto>()).Id);
        Assert.Contains((await visitor.GetPageAsync<HelpArticleListItem>($"{Help}/articles?lang=zh-CN&limit=200")).Items, a => a.Id == english.Id);

        await admin.PutJsonAsync($"{Url}/{chinese.Id}", new ArticleInput { Title = $"更改{word}的语言", Body = "打开账户菜单。", Visibility = ArticleVisibility.Public });
        await PublishAsync(admin, chinese.Id);
        Assert.Equal(chinese.Id, (await (await visitor.GetAsync($"{Help}/articles/{english.Slug}?lang=zh-CN", Ct)).ReadAsync<HelpArticleDto>()).Id);
        Assert.Equal(english.Id, (await (await visitor.GetAsync($"{Help}/articles/{english.Slug}?lang=en", Ct)).ReadAsync<HelpArticleDto>()).Id);
        var zhList = (await visitor.GetPageAsync<HelpArticleListItem>($"{Help}/articles?lang=zh-CN&limit=200")).Items;
        Assert.Contains(zhList, a => a.Id == chinese.Id);
        Assert.DoesNotContain(zhList, a => a.Id == english.Id);

        // The page follows the language switch (the culture cookie).
        visitor.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        var page = await (await visitor.GetAsync($"/help/{english.Slug}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains($"更改{word}的语言", page, StringComparison.Ordinal);
        Assert.Contains("这篇文章对您有帮助吗？", page, StringComparison.Ordinal);
    }
}

public sealed class KnowledgeBaseOnSqlite(SqliteApp app) : KnowledgeBaseTests(app), IClassFixture<SqliteApp>;

public sealed class KnowledgeBaseOnPostgres(PostgresApp app) : KnowledgeBaseTests(app), IClassFixture<PostgresApp>;
