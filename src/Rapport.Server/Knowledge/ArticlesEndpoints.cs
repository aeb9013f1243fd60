using System.Security.Cryptography;
using Rapport.Core.Knowledge;

namespace Rapport.Server.Knowledge;

/// <summary>REST endpoints for articles and their categories (signed in, by kb.* permission) and the help centre's
/// anonymous ones (published public articles only, rate limited per address).</summary>
internal static class ArticlesEndpoints
{
    /// <summary>The anonymous visitor's session for "was this helpful?": a random id in a session cookie, stored only as a hash.</summary>
    public const string VisitorCookie = "rapport-help-visitor";

    public static RouteGroupBuilder MapArticlesApi(this RouteGroupBuilder api)
    {
        var articles = api.MapGroup("/articles").WithTags("Knowledge");
        articles.MapGet("/", (ArticleService s, CancellationToken ct, Guid? categoryId, string? status, string? language, string? visibility, string? q,
                string? cursor, int? limit) =>
                s.ListAsync(new ArticleFilter(categoryId, QueryParams.Enum<ArticleStatus>(status, nameof(status)), language,
                    QueryParams.Enum<ArticleVisibility>(visibility, nameof(visibility)), q), cursor, limit, ct))
            .WithName("ListArticles").WithSummary("Articles, most recently changed first; by category, status, language, visibility and text.");
        var article = new VersionedRoutes<ArticleService, ArticleDto>(articles);
        article.MapCreate<ArticleInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/articles/{dto.Id}")
            .WithName("CreateArticle").WithSummary("A draft article (Markdown body) in en or zh-CN.");
        articles.MapGet("/suggest", (ArticleService s, CancellationToken ct, string? text, string? lang, int? top) =>
                s.SuggestAsync(text, lang ?? CultureInfo.CurrentUICulture.Name, publicOnly: false, top ?? 5, ct))
            .WithName("SuggestArticles").WithSummary("The published articles (internal and public) that best answer a text, best first.");
        article.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetArticle").WithSummary("One article with its Markdown, sanitised HTML and translations.");
        article.MapPut<ArticleInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateArticle").WithSummary("Change an article's text, category, visibility and tags.");
        article.MapAction("/{id:guid}/publish", (s, id, v, ct) => s.PublishAsync(id, v, ct))
            .WithName("PublishArticle").WithSummary("Draft or archived → published.");
        article.MapAction("/{id:guid}/archive", (s, id, v, ct) => s.ArchiveAsync(id, v, ct))
            .WithName("ArchiveArticle").WithSummary("Take an article out of the help centre and suggestions.");
        articles.MapPost("/{id:guid}/translations", (Guid id, ArticleTranslationInput input, ArticleService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedCreatedAsync(s.TranslateAsync(id, input, ct), dto => $"/api/v1/articles/{dto.Id}"))
            .WithName("TranslateArticle").WithSummary("A draft of the article in its other language, linked to it.");
        articles.MapPost("/{id:guid}/feedback", (Guid id, ArticleFeedbackInput input, ArticleService s, CancellationToken ct) => s.FeedbackAsync(id, input, ct))
            .WithName("ArticleFeedback").WithSummary("Was this helpful? Counted once per user and article.");

        var categories = api.MapGroup("/article-categories").WithTags("Knowledge");
        categories.MapGet("/", (ArticleCategoryService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListArticleCategories").WithSummary("The knowledge base's categories, in their order.");
        var category = new VersionedRoutes<ArticleCategoryService, ArticleCategoryDto>(categories);
        category.MapCreate<ArticleCategoryInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/article-categories/{dto.Id}")
            .WithName("CreateArticleCategory").WithSummary("A category, named in English and Chinese.");
        category.MapPut<ArticleCategoryInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateArticleCategory").WithSummary("Rename or reorder a category.");
        category.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteArticleCategory").WithSummary("Remove a category; its articles become uncategorised.");

        // The help centre's API: anonymous, published public articles only, limited per address like the public forms.
        var help = api.MapGroup("/help").WithTags("Help centre").AllowAnonymous().RequireRateLimiting(SecuritySetup.HelpLimit);
        help.MapGet("/articles", (ArticleService s, CancellationToken ct, string? lang, Guid? categoryId, string? cursor, int? limit) =>
                s.HelpListAsync(lang ?? CultureInfo.CurrentUICulture.Name, categoryId, cursor, limit, ct))
            .WithName("ListHelpArticles").WithSummary("Public articles in the visitor's language (and those written only in the other), by title.");
        help.MapGet("/categories", (ArticleService s, CancellationToken ct, string? lang) => s.HelpCategoriesAsync(lang ?? CultureInfo.CurrentUICulture.Name, ct))
            .WithName("ListHelpCategories").WithSummary("Categories holding public articles, named in the visitor's language.");
        help.MapGet("/articles/{slug}", async Task<IResult> (string slug, ArticleService s, CancellationToken ct, string? lang) =>
                await s.HelpGetAsync(slug, lang ?? CultureInfo.CurrentUICulture.Name, countView: true, ct) is { } a ? TypedResults.Ok(a) : TypedResults.NotFound())
            .WithName("GetHelpArticle").WithSummary("A public article by slug, in the visitor's language when it has that version.");
        help.MapGet("/suggest", (ArticleService s, CancellationToken ct, string? text, string? lang, int? top) =>
                s.SuggestAsync(text, lang ?? CultureInfo.CurrentUICulture.Name, publicOnly: true, top ?? 5, ct))
            .WithName("SuggestHelpArticles").WithSummary("The public articles that best answer a visitor's question, best first.");
        help.MapPost("/articles/{id:guid}/feedback", async Task<IResult> (Guid id, ArticleFeedbackInput input, ArticleService s, HttpContext http, CancellationToken ct) =>
                await s.HelpFeedbackAsync(id, VisitorSession(http), input.Helpful, ct) is { } r ? TypedResults.Ok(r) : TypedResults.NotFound())
            .DisableAntiforgery()
            .WithName("HelpArticleFeedback").WithSummary("Was this helpful? Counted once per visitor session (a session cookie).");
        return api;
    }

    /// <summary>The visitor's session id from their session cookie, set now if they have none.</summary>
    public static string VisitorSession(HttpContext http)
    {
        if (http.Request.Cookies[VisitorCookie] is { Length: >= 16 and <= 64 } id) return id;
        id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // No expiry: a browser session. Never read by script, sent only to this site.
        http.Response.Cookies.Append(VisitorCookie, id, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        return id;
    }
}
