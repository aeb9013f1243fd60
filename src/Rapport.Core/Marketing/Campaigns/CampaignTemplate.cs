using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Ganss.Xss;

namespace Rapport.Core.Marketing.Campaigns;

/// <summary>The fields a campaign email can use: <c>customer.name</c>, <c>customer.number</c>, <c>campaign.name</c>,
/// <c>unsubscribe_url</c>.</summary>
public sealed record MergeFields(string CustomerName, string CustomerNumber, string CampaignName, string UnsubscribeUrl);

/// <summary>An email ready for the outbox.</summary>
public sealed record RenderedEmail(string Subject, string Text, string? Html);

/// <summary>
/// Campaign emails as Liquid templates (Fluid, a safe engine: no code, only the fields given, with a cap on steps):
/// the authored HTML is sanitised when saved (scripts, handlers and <c>javascript:</c> links removed), every field is
/// HTML-encoded into the HTML part, and the links the author wrote are swapped for signed click-tracking links — only
/// those links, so a click can only ever be forwarded to an address that was in the template.
/// </summary>
public static partial class CampaignTemplate
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 10 };

    // Configured once and only read afterwards, which is how HtmlSanitizer may be shared between threads.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedSchemes.Add("mailto");
        foreach (var tag in new[] { "form", "input", "button", "textarea", "select" }) s.AllowedTags.Remove(tag);
        return s;
    }

    [GeneratedRegex("href=\"(?<url>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Href();

    /// <summary>The authored HTML, safe to send: nothing left in it can run in a mail client.</summary>
    public static string? Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? null : Sanitizer.Sanitize(html);

    /// <summary>Whether <paramref name="template"/> parses as Liquid.</summary>
    public static bool Parses(string? template) => template is null || Parser.TryParse(template, out _, out _);

    /// <summary>The web links (http/https) the HTML holds, in order of first appearance: what a click may be forwarded to.</summary>
    public static IReadOnlyList<string> Links(string? html) =>
        html is null ? [] : [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value))
            .Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>"zh" for a customer whose name is written in Chinese characters, when the variant has Chinese content;
    /// otherwise "en".</summary>
    public static string LanguageFor(string customerName, CampaignVariant v) =>
        v.SubjectZh is not null && v.TextZh is not null && customerName.Any(c => c is >= '\u4e00' and <= '\u9fff') ? "zh" : "en";

    /// <summary>A variant's templates in one language, parsed once for a whole send.</summary>
    public sealed class Compiled
    {
        internal Compiled(CampaignVariant v, string language)
        {
            var zh = language == "zh";
            Subject = Parser.Parse(zh ? v.SubjectZh ?? v.Subject : v.Subject);
            Text = Parser.Parse(zh ? v.TextZh ?? v.Text : v.Text);
            var html = zh ? v.HtmlZh ?? v.Html : v.Html;
            Html = html is null ? null : Parser.Parse(html);
            Links = CampaignTemplate.Links(html);
            Language = language;
        }

        public string Language { get; }
        public IReadOnlyList<string> Links { get; }
        internal IFluidTemplate Subject { get; }
        internal IFluidTemplate Text { get; }
        internal IFluidTemplate? Html { get; }
    }

    public static Compiled Compile(CampaignVariant v, string language) => new(v, language);

    /// <summary>The email for one recipient. <paramref name="clickUrl"/> gives the tracked address of the template's
    /// link number n; <paramref name="openUrl"/> the tracking pixel's.</summary>
    public static RenderedEmail Render(Compiled t, MergeFields fields, Func<int, string>? clickUrl = null, string? openUrl = null)
    {
        var context = new TemplateContext(Options);
        context.SetValue("customer", new Dictionary<string, object?> { ["name"] = fields.CustomerName, ["number"] = fields.CustomerNumber });
        context.SetValue("campaign", new Dictionary<string, object?> { ["name"] = fields.CampaignName });
        context.SetValue("unsubscribe_url", fields.UnsubscribeUrl);
        // A subject is one line: whatever a field brings, line breaks become spaces.
        var subject = t.Subject.Render(context, NullEncoder.Default).ReplaceLineEndings(" ").Trim();
        var text = t.Text.Render(context, NullEncoder.Default);
        string? html = null;
        if (t.Html is not null)
        {
            html = t.Html.Render(context, HtmlEncoder.Default);
            if (clickUrl is not null)
                html = Href().Replace(html, m =>
                {
                    var index = IndexOf(t.Links, WebUtility.HtmlDecode(m.Groups["url"].Value));
                    return index < 0 ? m.Value : $"href=\"{HtmlEncoder.Default.Encode(clickUrl(index))}\"";
                });
            if (openUrl is not null) html += $"<img src=\"{HtmlEncoder.Default.Encode(openUrl)}\" width=\"1\" height=\"1\" alt=\"\">";
        }
        return new RenderedEmail(subject, text, html);
    }

    private static int IndexOf(IReadOnlyList<string> links, string url)
    {
        for (var i = 0; i < links.Count; i++)
            if (string.Equals(links[i], url, StringComparison.Ordinal)) return i;
        return -1;
    }
}
