using Ganss.Xss;
using Markdig;

namespace Rapport.Core.Knowledge;

/// <summary>Article bodies: Markdown rendered to HTML and then sanitised (scripts, event handlers, <c>javascript:</c>
/// and other non-web links, styles and frames removed), so what an author or a pasted snippet brings in can never run
/// in a reader's browser — on the public help centre least of all.</summary>
public static class ArticleMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    // Configured once and only read afterwards, which is how HtmlSanitizer may be shared between threads.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedSchemes.Add("mailto");
        s.AllowedTags.Remove("form");
        s.AllowedTags.Remove("input");
        s.AllowedTags.Remove("button");
        s.AllowedTags.Remove("textarea");
        s.AllowedTags.Remove("select");
        s.AllowedAttributes.Remove("style");
        s.AllowedCssProperties.Clear();
        s.PostProcessNode += (_, e) =>
        {
            // Links leave the site without handing it the reader's page (no opener, no referrer).
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a && a.GetAttribute("href") is { } href
                && (href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
                a.SetAttribute("rel", "noopener noreferrer nofollow");
        };
        return s;
    }

    /// <summary>The Markdown as sanitised HTML, safe to put into any page as it is.</summary>
    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>The Markdown's text without markup, for search and ranking.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();
}
