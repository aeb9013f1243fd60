namespace Rapport.Core.Knowledge;

/// <summary>An article as authors write it. Slug: lower-case letters, digits and hyphens; left out, it is made from
/// the title (or the id, for a title with no Latin letters).</summary>
public sealed record ArticleInput
{
    public string? Title { get; init; }
    public string? Slug { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public Guid? CategoryId { get; init; }
    /// <summary><c>en</c> or <c>zh-CN</c>; fixed once the article exists.</summary>
    public string? Language { get; init; }
    public ArticleVisibility Visibility { get; init; } = ArticleVisibility.Internal;
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>The language of a new translation: the other one of the article's, if left out.</summary>
public sealed record ArticleTranslationInput(string? Language = null);

/// <summary>"Was this helpful?", with an optional comment and the case it was used on.</summary>
public sealed record ArticleFeedbackInput(bool Helpful, string? Comment = null, Guid? CaseId = null);

/// <summary>An article's other-language version.</summary>
public sealed record ArticleTranslationDto(Guid Id, string Language, string Title, ArticleStatus Status);

public sealed record ArticleDto(Guid Id, string Title, string Slug, string? Summary, string Body, string BodyHtml, Guid? CategoryId,
    string? CategoryName, string Language, Guid TranslationGroupId, ArticleStatus Status, ArticleVisibility Visibility, IReadOnlyList<string> Tags,
    DateTime? PublishedAt, long ViewCount, long HelpfulCount, long NotHelpfulCount, DateTime CreatedAt, DateTime UpdatedAt, long Version,
    IReadOnlyList<ArticleTranslationDto> Translations);

/// <summary>A row of the agent list.</summary>
public sealed record ArticleListItem(Guid Id, string Title, string Slug, string? CategoryName, string Language, ArticleStatus Status,
    ArticleVisibility Visibility, long ViewCount, long HelpfulCount, long NotHelpfulCount, DateTime UpdatedAt);

/// <summary>A public article as the help centre shows it (no internal fields, no Markdown source).</summary>
public sealed record HelpArticleDto(Guid Id, string Title, string Slug, string? Summary, string BodyHtml, string Language,
    Guid? CategoryId, string? CategoryName, DateTime? PublishedAt, DateTime UpdatedAt, long HelpfulCount, long NotHelpfulCount);

/// <summary>A row of the help centre's list.</summary>
public sealed record HelpArticleListItem(Guid Id, string Title, string Slug, string? Summary, string Language, Guid? CategoryId, string? CategoryName);

/// <summary>A suggested article, best first; <see cref="Score"/> only orders them.</summary>
public sealed record ArticleSuggestion(Guid Id, string Title, string Slug, string? Summary, string Language, ArticleVisibility Visibility, double Score);

/// <summary>The article's counts after an answer; <see cref="Counted"/> is false when this voter had answered already.</summary>
public sealed record ArticleFeedbackResult(bool Counted, long HelpfulCount, long NotHelpfulCount);

public sealed record ArticleCategoryInput(string? NameEn, string? NameZh, int SortOrder = 0);

public sealed record ArticleCategoryDto(Guid Id, string NameEn, string NameZh, int SortOrder, long Version);

/// <summary>A category as the help centre lists it: the name in the visitor's language and how many public articles it holds.</summary>
public sealed record HelpCategoryDto(Guid Id, string Name, int Articles);

/// <summary>Filters of the agent list.</summary>
public sealed record ArticleFilter(Guid? CategoryId = null, ArticleStatus? Status = null, string? Language = null,
    ArticleVisibility? Visibility = null, string? Q = null);
