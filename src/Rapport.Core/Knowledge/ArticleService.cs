using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Rapport.Core.Knowledge;

/// <summary>Knowledge-base articles: writing, translating, publishing and archiving them (staff, by permission);
/// the public help centre (published public articles only, no sign-in); suggestions for free text; and "was this
/// helpful?". Articles are company-wide knowledge, with no record scope.</summary>
public sealed partial class ArticleService(RapportDbContext db, TimeProvider clock, ICurrentUser user)
{
    /// <summary>How many index matches suggestions score at most.</summary>
    public const int CandidateCap = 200;
    public const int MaxSuggestions = 20;
    /// <summary>Only the start of a long text (a pasted e-mail thread) is read for suggestions.</summary>
    public const int SuggestTextMax = 4000;

    public async Task<ArticleDto> CreateAsync(ArticleInput input, CancellationToken ct)
    {
        user.Require(Permissions.KbWrite);
        var language = ArticleLanguages.All.FirstOrDefault(x => string.Equals(x, input.Language?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw RapportValidationException.For("language", "Validation.ArticleLanguage");
        var article = new Article { Title = "", Slug = "", Language = language, TranslationGroupId = Guid.CreateVersion7() };
        await ApplyAsync(article, input, ct);
        db.Articles.Add(article);
        await db.SaveChangesAsync(ct);
        return await GetAsync(article.Id, ct);
    }

    public async Task<ArticleDto> GetAsync(Guid id, CancellationToken ct)
    {
        var a = await db.Articles.AsNoTracking().Include(x => x.Category).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Article", id);
        user.Require(Permissions.KbRead);
        var translations = await db.Articles.AsNoTracking().Where(t => t.TranslationGroupId == a.TranslationGroupId && t.Id != a.Id)
            .Select(t => new ArticleTranslationDto(t.Id, t.Language, t.Title, t.Status)).ToListAsync(ct);
        return new ArticleDto(a.Id, a.Title, a.Slug, a.Summary, a.Body, a.BodyHtml, a.CategoryId, a.Category?.NameIn(a.Language), a.Language,
            a.TranslationGroupId, a.Status, a.Visibility, a.Tags, a.PublishedAt, a.ViewCount, a.HelpfulCount, a.NotHelpfulCount, a.CreatedAt,
            a.UpdatedAt, a.Version, translations);
    }

    /// <summary>The agent list: most recently changed first, filtered by category, status, language, visibility and text.</summary>
    public async Task<Page<ArticleListItem>> ListAsync(ArticleFilter filter, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.KbRead);
        var size = Keyset.ClampPageSize(limit);
        var source = (string.IsNullOrWhiteSpace(filter.Q) ? db.Articles : TextSearch.Matching(db, db.Articles, filter.Q)).AsNoTracking();
        if (filter.CategoryId is { } category) source = source.Where(a => a.CategoryId == category);
        if (filter.Status is { } status) source = source.Where(a => a.Status == status);
        if (filter.Visibility is { } visibility) source = source.Where(a => a.Visibility == visibility);
        if (!string.IsNullOrWhiteSpace(filter.Language))
        {
            var language = ArticleLanguages.Normalize(filter.Language) ?? throw RapportValidationException.For("language", "Validation.ArticleLanguage");
            source = source.Where(a => a.Language == language);
        }
        var rows = await Keyset.Seek(source.Include(a => a.Category), a => a.UpdatedAt, a => a.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, a => a.UpdatedAt, a => a.Id);
        long? total = null;
        var capped = false;
        if (string.IsNullOrEmpty(cursor)) (total, capped) = await Keyset.CappedCountAsync(source, ct);
        return new Page<ArticleListItem>(items.Select(a => new ArticleListItem(a.Id, a.Title, a.Slug, a.Category?.NameIn(a.Language), a.Language,
            a.Status, a.Visibility, a.ViewCount, a.HelpfulCount, a.NotHelpfulCount, a.UpdatedAt)).ToList(), next, total, capped);
    }

    /// <summary>Changes the text, category, visibility and tags (the language stays; a published article changes live).</summary>
    public async Task<ArticleDto> UpdateAsync(Guid id, ArticleInput input, long? expectedVersion, CancellationToken ct)
    {
        var a = await user.FindToChangeAsync(db.Articles, id, Permissions.KbWrite, expectedVersion, ct);
        if (input.Language is { } l && ArticleLanguages.Normalize(l) != a.Language)
            throw RapportValidationException.For("language", "Validation.ArticleLanguageFixed");
        await ApplyAsync(a, input, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public Task<ArticleDto> PublishAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        MoveAsync(id, a => a.Publish(clock.GetUtcNow().UtcDateTime), expectedVersion, ct);

    public Task<ArticleDto> ArchiveAsync(Guid id, long? expectedVersion, CancellationToken ct) => MoveAsync(id, a => a.Archive(), expectedVersion, ct);

    /// <summary>A draft of the article in its other language, in the same translation group, with the same slug,
    /// category, visibility and tags, and the text copied for the translator to replace.</summary>
    public async Task<ArticleDto> TranslateAsync(Guid id, ArticleTranslationInput input, CancellationToken ct)
    {
        var source = await FindAsync(id, ct);
        user.Require(Permissions.KbWrite);
        var language = input.Language is null ? ArticleLanguages.Other(source.Language)
            : ArticleLanguages.Normalize(input.Language) ?? throw RapportValidationException.For("language", "Validation.ArticleLanguage");
        if (language == source.Language || await db.Articles.AnyAsync(a => a.TranslationGroupId == source.TranslationGroupId && a.Language == language, ct))
            throw RapportValidationException.For("language", "Validation.ArticleTranslationExists");
        var slug = await db.Articles.AnyAsync(a => a.Language == language && a.Slug == source.Slug, ct) ? $"{source.Slug}-{language.ToLowerInvariant()}" : source.Slug;
        var translation = new Article
        {
            Title = source.Title, Slug = TextCut.ToLength(slug, Article.SlugMax), Summary = source.Summary, Language = language,
            TranslationGroupId = source.TranslationGroupId, CategoryId = source.CategoryId, Visibility = source.Visibility, Tags = [.. source.Tags],
        };
        translation.SetBody(source.Body);
        db.Articles.Add(translation);
        await db.SaveChangesAsync(ct);
        return await GetAsync(translation.Id, ct);
    }

    /// <summary>
    /// The articles that best answer <paramref name="text"/> (a case's subject and description, a visitor's
    /// question): candidates from the search index (any of the text's terms; never a table scan), then ranked by
    /// <see cref="ArticleRanking"/>. Published articles only; with <paramref name="publicOnly"/> (anonymous callers)
    /// public ones only, otherwise internal ones too for holders of kb.read. In <paramref name="language"/> when it
    /// has any match, else in the other language.
    /// </summary>
    public async Task<IReadOnlyList<ArticleSuggestion>> SuggestAsync(string? text, string? language, bool publicOnly, int top, CancellationToken ct)
    {
        if (!publicOnly) user.Require(Permissions.KbRead);
        if (top is < 1 or > MaxSuggestions) throw RapportValidationException.For("top", "Validation.Range", 1, MaxSuggestions);
        var query = TextCut.ToLength(text ?? "", SuggestTextMax);
        var index = ArticleTokens.IndexTerms(query);
        if (index.Count == 0) return [];
        var terms = ArticleTokens.Terms(query);
        var lang = ArticleLanguages.Normalize(language);
        // The index's best matches first (SQLite ranks them); drafts, archived and other-language rows drop out after.
        var matching = TextSearch.MatchingAny(db, db.Articles, index, best: CandidateCap * 5).AsNoTracking().Where(a => a.Status == ArticleStatus.Published);
        if (publicOnly) matching = matching.Where(a => a.Visibility == ArticleVisibility.Public);
        foreach (var inLanguage in lang is null ? new string?[] { null } : [lang, ArticleLanguages.Other(lang)])
        {
            var rows = await (inLanguage is null ? matching : matching.Where(a => a.Language == inLanguage))
                .Take(CandidateCap)
                .Select(a => new { a.Id, a.Title, a.Slug, a.Summary, a.BodyText, a.Language, a.Visibility })
                .ToListAsync(ct);
            var ranked = ArticleRanking.Rank(rows.Select(r => new ArticleRanking.Candidate(r.Id, r.Title, r.Summary, r.BodyText)).ToList(), terms);
            if (ranked.Count == 0) continue;
            var byId = rows.ToDictionary(r => r.Id);
            return ranked.Take(top).Select(r => byId[r.Article.Id])
                .Zip(ranked.Take(top), (a, r) => new ArticleSuggestion(a.Id, a.Title, a.Slug, a.Summary, a.Language, a.Visibility, Math.Round(r.Score, 4)))
                .ToList();
        }
        return [];
    }

    /// <summary>A signed-in user's "was this helpful?" (kb.read), once per user and article.</summary>
    public async Task<ArticleFeedbackResult> FeedbackAsync(Guid id, ArticleFeedbackInput input, CancellationToken ct)
    {
        var a = await db.Articles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Article", id);
        user.Require(Permissions.KbRead);
        return await RecordFeedbackAsync(a.Id, $"u:{user.Id}", input, ct);
    }

    // ---- The public help centre: published public articles only, no permission needed. ----

    /// <summary>Published public articles in <paramref name="language"/>, and those only written in the other
    /// language; by title, optionally in one category.</summary>
    public async Task<Page<HelpArticleListItem>> HelpListAsync(string? language, Guid? categoryId, string? cursor, int? limit, CancellationToken ct)
    {
        var size = Keyset.ClampPageSize(limit);
        var lang = ArticleLanguages.Normalize(language) ?? ArticleLanguages.English;
        var source = VisibleIn(lang);
        if (categoryId is { } category) source = source.Where(a => a.CategoryId == category);
        var rows = await Keyset.Seek(source.Include(a => a.Category), a => a.Title, a => a.Id, false, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, a => a.Title, a => a.Id);
        return new Page<HelpArticleListItem>(items.Select(a => new HelpArticleListItem(a.Id, a.Title, a.Slug, a.Summary, a.Language, a.CategoryId,
            a.Category?.NameIn(lang))).ToList(), next);
    }

    /// <summary>The categories that hold public articles for a visitor in <paramref name="language"/>, named in it.</summary>
    public async Task<IReadOnlyList<HelpCategoryDto>> HelpCategoriesAsync(string? language, CancellationToken ct)
    {
        var lang = ArticleLanguages.Normalize(language) ?? ArticleLanguages.English;
        var counts = await VisibleIn(lang).Where(a => a.CategoryId != null).GroupBy(a => a.CategoryId!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var categories = await db.ArticleCategories.AsNoTracking().Where(c => counts.Keys.Contains(c.Id)).ToListAsync(ct);
        return categories.OrderBy(c => c.SortOrder).ThenBy(c => c.NameIn(lang), StringComparer.Ordinal)
            .Select(c => new HelpCategoryDto(c.Id, c.NameIn(lang), counts[c.Id])).ToList();
    }

    /// <summary>A published public article by slug, in the visitor's language when it has that version (else the
    /// other); counts a view when asked to. Null when there is none.</summary>
    public async Task<HelpArticleDto?> HelpGetAsync(string slug, string? language, bool countView, CancellationToken ct)
    {
        var lang = ArticleLanguages.Normalize(language) ?? ArticleLanguages.English;
        var found = await PublicArticles().Where(a => a.Slug == slug).ToListAsync(ct);
        var article = found.FirstOrDefault(a => a.Language == lang) ?? found.FirstOrDefault();
        if (article is null) return null;
        if (article.Language != lang
            && await PublicArticles().FirstOrDefaultAsync(a => a.TranslationGroupId == article.TranslationGroupId && a.Language == lang, ct) is { } translated)
            article = translated;
        if (countView)
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ViewCount, a => a.ViewCount + 1), ct);
        var category = article.CategoryId is { } c ? await db.ArticleCategories.AsNoTracking().FirstOrDefaultAsync(x => x.Id == c, ct) : null;
        return new HelpArticleDto(article.Id, article.Title, article.Slug, article.Summary, article.BodyHtml, article.Language, article.CategoryId,
            category?.NameIn(lang), article.PublishedAt, article.UpdatedAt, article.HelpfulCount, article.NotHelpfulCount);
    }

    /// <summary>An anonymous visitor's "was this helpful?" on a public article, once per visitor session (the
    /// session key is stored only as a hash). Null when the article is not public.</summary>
    public async Task<ArticleFeedbackResult?> HelpFeedbackAsync(Guid id, string visitorSession, bool helpful, CancellationToken ct)
    {
        if (!await PublicArticles().AnyAsync(a => a.Id == id, ct)) return null;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(visitorSession)))[..40];
        return await RecordFeedbackAsync(id, $"v:{hash}", new ArticleFeedbackInput(helpful), ct);
    }

    private IQueryable<Article> PublicArticles() =>
        db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.Visibility == ArticleVisibility.Public);

    /// <summary>Public articles in <paramref name="lang"/>, plus those whose translation group has no public version in it.</summary>
    private IQueryable<Article> VisibleIn(string lang) =>
        PublicArticles().Where(a => a.Language == lang || !db.Articles.Any(t => t.TranslationGroupId == a.TranslationGroupId && t.Language == lang
            && t.Status == ArticleStatus.Published && t.Visibility == ArticleVisibility.Public));

    private async Task<ArticleFeedbackResult> RecordFeedbackAsync(Guid id, string voter, ArticleFeedbackInput input, CancellationToken ct)
    {
        var comment = TextInput.Clean(input.Comment);
        var errors = new List<FieldError>();
        TextInput.CheckLength(errors, "comment", comment, ArticleFeedback.CommentMax);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var counted = false;
        if (!await db.ArticleFeedback.AnyAsync(f => f.ArticleId == id && f.Voter == voter, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.ArticleFeedback.Add(new ArticleFeedback
            {
                ArticleId = id, Voter = voter, UserId = user.Id, Helpful = input.Helpful, Comment = comment, CaseId = input.CaseId,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
            var votes = db.Articles.Where(a => a.Id == id);
            if (input.Helpful) await votes.ExecuteUpdateAsync(s => s.SetProperty(a => a.HelpfulCount, a => a.HelpfulCount + 1), ct);
            else await votes.ExecuteUpdateAsync(s => s.SetProperty(a => a.NotHelpfulCount, a => a.NotHelpfulCount + 1), ct);
            await tx.CommitAsync(ct);
            counted = true;
        }
        var counts = await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.HelpfulCount, a.NotHelpfulCount }).SingleAsync(ct);
        return new ArticleFeedbackResult(counted, counts.HelpfulCount, counts.NotHelpfulCount);
    }

    private async Task<ArticleDto> MoveAsync(Guid id, Action<Article> move, long? expectedVersion, CancellationToken ct)
    {
        var a = await user.FindToChangeAsync(db.Articles, id, Permissions.KbPublish, expectedVersion, ct);
        move(a);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<Article> FindAsync(Guid id, CancellationToken ct) =>
        await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("Article", id);


    private async Task ApplyAsync(Article a, ArticleInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var title = TextInput.Clean(input.Title);
        if (title is null) errors.Add(new("title", "Validation.Required"));
        TextInput.CheckLength(errors, "title", title, Article.TitleMax);
        var summary = TextInput.Clean(input.Summary);
        TextInput.CheckLength(errors, "summary", summary, Article.SummaryMax);
        var body = input.Body?.Trim() ?? "";
        TextInput.CheckLength(errors, "body", body, Article.BodyMax);
        var tags = TextInput.NormalizeAll(input.Tags, "tags", "Validation.ArticleTag",
            t => TextInput.Clean(t) is { Length: <= Article.TagMax } x && SafeText.IsSafe(x) ? x : null, errors);
        if (tags.Count > Article.TagsMax) errors.Add(new("tags", "Validation.TooMany", Article.TagsMax));
        var slug = TextInput.Clean(input.Slug)?.ToLowerInvariant();
        if (slug is not null && (slug.Length > Article.SlugMax || !SlugPattern().IsMatch(slug))) errors.Add(new("slug", "Validation.Slug"));
        if (input.CategoryId is { } category && !await db.ArticleCategories.AnyAsync(c => c.Id == category, ct))
            errors.Add(new("categoryId", "Validation.ArticleCategory"));
        if (errors.Count == 0)
        {
            var chosen = slug ?? (a.Slug.Length > 0 ? a.Slug : SlugFrom(title!, a.Id));
            if (await db.Articles.AnyAsync(x => x.Language == a.Language && x.Slug == chosen && x.Id != a.Id, ct))
            {
                if (slug is not null) errors.Add(new("slug", "Validation.SlugTaken"));
                else chosen = TextCut.ToLength(chosen, Article.SlugMax - 9) + "-" + a.Id.ToString("N")[^8..];
            }
            slug = chosen;
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        (a.Title, a.Summary, a.Slug, a.CategoryId, a.Visibility, a.Tags) = (title!, summary, slug!, input.CategoryId, input.Visibility, tags);
        if (body != a.Body || a.BodyHtml.Length == 0) a.SetBody(body);
    }

    /// <summary>A slug from the title's Latin letters and digits; a title with none (Chinese) gets one from the id.</summary>
    internal static string SlugFrom(string title, Guid id)
    {
        var s = NotSlug().Replace(title.ToLowerInvariant(), "-").Trim('-');
        s = TextCut.ToLength(s, 80).Trim('-');
        return s.Length >= 3 ? s : "article-" + id.ToString("N")[^8..];
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
