namespace Rapport.Core.Knowledge;

/// <summary>Draft → published → archived (an archived article may be published again).</summary>
public enum ArticleStatus { Draft, Published, Archived }

/// <summary>Internal articles are for signed-in staff (kb.read); public ones also appear in the help centre.</summary>
public enum ArticleVisibility { Internal, Public }

/// <summary>A knowledge-base article in one language. Its other-language version shares its
/// <see cref="TranslationGroupId"/> (and, by default, its slug).</summary>
public sealed class Article : AuditedEntity, ISearchable
{
    public const int TitleMax = 200;
    public const int SlugMax = 120;
    public const int SummaryMax = 500;
    public const int BodyMax = 100_000;
    public const int TagMax = 40;
    public const int TagsMax = 10;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public string? Summary { get; set; }
    /// <summary>Markdown, as the author wrote it.</summary>
    public string Body { get; private set; } = "";
    /// <summary>The body rendered to HTML and sanitised: what every page shows.</summary>
    public string BodyHtml { get; private set; } = "";
    /// <summary>The body as plain text (no markup), which search and suggestions read.</summary>
    public string BodyText { get; private set; } = "";
    public Guid? CategoryId { get; set; }
    public ArticleCategory? Category { get; init; }
    /// <summary><c>en</c> or <c>zh-CN</c> (see <see cref="ArticleLanguages"/>).</summary>
    public required string Language { get; init; }
    public Guid TranslationGroupId { get; init; }
    public ArticleStatus Status { get; private set; }
    public ArticleVisibility Visibility { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTime? PublishedAt { get; private set; }
    /// <summary>Counters, bumped in the database (never through a tracked save), so they neither bump the version
    /// nor fill the audit trail.</summary>
    public long ViewCount { get; init; }
    public long HelpfulCount { get; init; }
    public long NotHelpfulCount { get; init; }
    /// <summary>The lower-cased title, summary, tags and body text, and the keys of its Chinese bigrams (see
    /// <see cref="ArticleTokens"/>): what the text filter and suggestions match.</summary>
    public string SearchText { get; private set; } = "";

    string ISearchable.Name => Title;

    protected internal override void OnSaving()
    {
        var text = string.Join(' ', new[] { Title, Summary ?? "" }.Concat(Tags).Append(BodyText)).ToLowerInvariant();
        SearchText = text + " " + ArticleTokens.IndexKeys(text);
    }

    /// <summary>Sets the Markdown and what is derived from it (sanitised HTML, plain text).</summary>
    public void SetBody(string markdown)
    {
        Body = markdown;
        BodyHtml = ArticleMarkdown.ToSafeHtml(markdown);
        BodyText = ArticleMarkdown.ToPlainText(markdown);
    }

    /// <summary>Draft or archived → published.</summary>
    public void Publish(DateTime now)
    {
        Status = Checked([ArticleStatus.Draft, ArticleStatus.Archived], ArticleStatus.Published);
        PublishedAt ??= now;
    }

    /// <summary>Draft or published → archived: out of the help centre and suggestions, kept for reference.</summary>
    public void Archive() => Status = Checked([ArticleStatus.Draft, ArticleStatus.Published], ArticleStatus.Archived);

    private ArticleStatus Checked(ArticleStatus[] from, ArticleStatus to) =>
        from.Contains(Status) ? to : throw RapportValidationException.For("status", "Validation.ArticleTransition", Status, to);
}

/// <summary>The languages an article is written in.</summary>
public static class ArticleLanguages
{
    public const string English = "en";
    public const string Chinese = "zh-CN";
    public static readonly IReadOnlyList<string> All = [English, Chinese];

    /// <summary>The supported language a culture or language tag names (<c>zh</c>, <c>zh-Hans</c> → zh-CN), or null.</summary>
    public static string? Normalize(string? tag) =>
        string.IsNullOrWhiteSpace(tag) ? null
        : tag.Trim().StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
        : tag.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
        : null;

    /// <summary>The other one of the two.</summary>
    public static string Other(string language) => language == Chinese ? English : Chinese;
}
