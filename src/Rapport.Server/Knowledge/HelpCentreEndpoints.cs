using System.Net;
using Rapport.Core.Knowledge;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Identity;

namespace Rapport.Server.Knowledge;

/// <summary>
/// The public help centre: plain server-rendered pages, like the sign-in page and the web-to-lead forms, so they
/// need no sign-in, no script and no live connection, and search engines can read them. <c>/help</c> lists the
/// categories and public articles in the visitor's language (those written only in the other language too), with a
/// search box and an "ask a question" box that suggests articles and, when none fits, links to the public case form
/// pre-filled with the question (<c>Knowledge:CaseFormToken</c>, else the oldest active form), else to the contact page
/// (<c>Knowledge:ContactUrl</c>); <c>/help/{slug}</c> shows one article with "was this helpful?". The language is the
/// visitor's (the culture cookie, else the browser's), switched by the same links as the sign-in page.
/// </summary>
internal static class HelpCentreEndpoints
{
    private const int SearchResults = 20;
    private const int AskSuggestions = 5;

    public static IEndpointRouteBuilder MapHelpCentre(this IEndpointRouteBuilder app)
    {
        var help = app.MapGroup("/help").AllowAnonymous().RequireRateLimiting(SecuritySetup.HelpLimit).ExcludeFromDescription();
        help.MapGet("/", Home);
        help.MapGet("/{slug}", ArticlePage);
        help.MapPost("/{slug}/feedback", Feedback).DisableAntiforgery();
        return app;
    }

    internal static string Language => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? ArticleLanguages.Chinese : ArticleLanguages.English;

    private static async Task<IResult> Home(HttpRequest request, ArticleService s, CaseFormService forms, IStringLocalizer<SharedResource> text, IOptions<KnowledgeOptions> options,
        string? q, string? ask, Guid? category, string? cursor, CancellationToken ct)
    {
        var lang = Language;
        var body = new System.Text.StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>{E(text["Help.Title"])}</h1>
            <form method="get" action="/help" class="ask" role="search" aria-label="{E(text["Help.Ask"])}">
              <label for="ask">{E(text["Help.Ask"])}</label>
              <textarea id="ask" name="ask" rows="3" maxlength="{ArticleService.SuggestTextMax}" placeholder="{E(text["Help.AskHint"])}" data-testid="help-ask">{E(ask ?? "")}</textarea>
              <button type="submit" data-testid="help-ask-submit">{E(text["Help.AskSubmit"])}</button>
            </form>
            """);
        if (!string.IsNullOrWhiteSpace(ask))
        {
            var suggestions = await s.SuggestAsync(ask, lang, publicOnly: true, AskSuggestions, ct);
            body.Append(CultureInfo.InvariantCulture, $"<section aria-live=\"polite\" data-testid=\"help-answers\"><h2>{E(text[suggestions.Count > 0 ? "Help.Answers" : "Help.NoAnswer"])}</h2>");
            if (suggestions.Count > 0) body.Append(List(suggestions.Select(a => (a.Slug, a.Title, a.Summary))));
            body.Append(Contact(text, await ContactUrlAsync(forms, options.Value, ask, ct), suggestions.Count == 0)).Append("</section>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/help" class="search" role="search">
              <label for="q" class="sr">{E(text["Help.Search"])}</label>
              <input id="q" name="q" type="search" maxlength="100" value="{E(q ?? "")}" placeholder="{E(text["Help.Search"])}">
              <button type="submit">{E(text["Help.SearchSubmit"])}</button>
            </form>
            """);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await s.SuggestAsync(q, lang, publicOnly: true, SearchResults, ct);
            body.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(text["Help.Results", q.Trim()])}</h2>")
                .Append(found.Count > 0 ? List(found.Select(a => (a.Slug, a.Title, a.Summary))) : $"<p>{E(text["Help.NoResults"])}</p>")
                .Append("</section>");
        }
        else
        {
            var categories = await s.HelpCategoriesAsync(lang, ct);
            if (categories.Count > 0)
                body.Append(CultureInfo.InvariantCulture, $"<nav class=\"categories\" aria-label=\"{E(text["Help.Categories"])}\"><a href=\"/help\"{(category is null ? " aria-current=\"page\"" : "")}>{E(text["Help.AllArticles"])}</a>")
                    .Append(string.Concat(categories.Select(c =>
                        $"<a href=\"/help?category={c.Id}\"{(c.Id == category ? " aria-current=\"page\"" : "")}>{E(c.Name)} ({c.Articles})</a>")))
                    .Append("</nav>");
            var page = await s.HelpListAsync(lang, category, cursor, null, ct);
            body.Append(page.Items.Count > 0 ? List(page.Items.Select(a => (a.Slug, a.Title, a.Summary))) : $"<p>{E(text["Help.Empty"])}</p>");
            if (page.NextCursor is { } next)
                body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/help?{(category is { } c ? $"category={c}&amp;" : "")}cursor={E(Uri.EscapeDataString(next))}\">{E(text["Help.More"])}</a></p>");
        }
        return Html(Shell(text["Help.Title"], body.ToString(), request, text), 200);
    }

    private static async Task<IResult> ArticlePage(string slug, HttpRequest request, ArticleService s, CaseFormService forms, IStringLocalizer<SharedResource> text,
        IOptions<KnowledgeOptions> options, bool? voted, CancellationToken ct)
    {
        var lang = Language;
        var article = await s.HelpGetAsync(slug, lang, countView: true, ct);
        if (article is null) return Html(Shell(text["Help.NotFoundTitle"], $"<h1>{E(text["Help.NotFoundTitle"])}</h1><p><a href=\"/help\">{E(text["Help.Back"])}</a></p>", request, text), 404);
        var related = (await s.SuggestAsync(article.Title + " " + article.Summary, lang, publicOnly: true, AskSuggestions + 1, ct))
            .Where(a => a.Id != article.Id).Take(AskSuggestions).ToList();
        var vote = voted == true
            ? $"<p role=\"status\" data-testid=\"help-thanks\">{E(text["Help.Thanks"])}</p>"
            : $"""
              <form method="post" action="/help/{E(Uri.EscapeDataString(article.Slug))}/feedback" class="vote">
                <input type="hidden" name="id" value="{article.Id}">
                <span>{E(text["Help.WasHelpful"])}</span>
                <button type="submit" name="helpful" value="yes" data-testid="help-yes">{E(text["Help.Yes"])}</button>
                <button type="submit" name="helpful" value="no" class="secondary" data-testid="help-no">{E(text["Help.No"])}</button>
              </form>
              """;
        var body = $"""
            <p><a href="/help">← {E(text["Help.Title"])}</a>{(article.CategoryName is { } c ? $" · <a href=\"/help?category={article.CategoryId}\">{E(c)}</a>" : "")}</p>
            <article lang="{article.Language}">
              <h1>{E(article.Title)}</h1>
              {(article.Summary is { } sum ? $"<p class=\"hint\">{E(sum)}</p>" : "")}
              <div class="body" data-testid="help-body">{article.BodyHtml}</div>
            </article>
            {vote}
            {(related.Count > 0 ? $"<section><h2>{E(text["Kb.Related"])}</h2>{List(related.Select(a => (a.Slug, a.Title, a.Summary)))}</section>" : "")}
            {Contact(text, await ContactUrlAsync(forms, options.Value, null, ct), false)}
            """;
        return Html(Shell(article.Title, body, request, text), 200);
    }

    private static async Task<IResult> Feedback(string slug, HttpContext http, ArticleService s, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (Guid.TryParse(form["id"], out var id) && form["helpful"].ToString() is "yes" or "no")
            await s.HelpFeedbackAsync(id, ArticlesEndpoints.VisitorSession(http), form["helpful"] == "yes", ct);
        return Results.LocalRedirect($"/help/{Uri.EscapeDataString(slug)}?voted=true");
    }

    internal static string List(IEnumerable<(string Slug, string Title, string? Summary)> items) =>
        "<ul class=\"articles\">" + string.Concat(items.Select(a =>
            $"<li><a href=\"/help/{E(Uri.EscapeDataString(a.Slug))}\">{E(a.Title)}</a>{(a.Summary is { } s ? $"<span class=\"hint\">{E(s)}</span>" : "")}</li>")) + "</ul>";

    /// <summary>Where "contact us" goes: the public case form, pre-filled with the question (subject: its first line), else the contact page.</summary>
    private static async Task<string?> ContactUrlAsync(CaseFormService forms, KnowledgeOptions options, string? question, CancellationToken ct)
    {
        if (await forms.HelpFormTokenAsync(options.CaseFormToken, ct) is not { } token) return options.ContactUrl;
        var url = $"/support/{Uri.EscapeDataString(token)}";
        if (string.IsNullOrWhiteSpace(question)) return url;
        var q = question.Trim();
        var subject = q.Split('\n')[0].Trim();
        return $"{url}?subject={Uri.EscapeDataString(subject.Length > Case.SubjectMax ? subject[..Case.SubjectMax] : subject)}&description={Uri.EscapeDataString(q)}";
    }

    private static string Contact(IStringLocalizer<SharedResource> text, string? contactUrl, bool nothingFits) =>
        contactUrl is { Length: > 0 } url
            ? $"<p class=\"contact\">{E(text[nothingFits ? "Help.ContactNothingFits" : "Help.ContactStill"])} <a href=\"{E(url)}\" data-testid=\"help-contact\">{E(text["Help.Contact"])}</a></p>"
            : "";

    private static string Shell(string title, string body, HttpRequest request, IStringLocalizer<SharedResource> text)
    {
        var lang = Language;
        var here = request.Path + request.QueryString;
        string LangLink(string culture, string label) =>
            $"<a href=\"/account/culture?culture={culture}&amp;returnUrl={E(Uri.EscapeDataString(here))}\"{(lang == culture ? " aria-current=\"true\"" : "")} data-testid=\"help-lang-{culture}\">{label}</a>";
        return $"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · {E(text["Help.Title"])}</title>
            <style>{AccountEndpoints.LoginCss}{HelpCss}</style></head>
            <body><main>
            <header><a class="brand" href="/help"><img src="/favicon.svg" alt="">Rapport</a>
            <nav class="lang" aria-label="Language / 语言">{LangLink("en", "English")}{LangLink("zh-CN", "简体中文")}</nav></header>
            {body}
            </main></body></html>
            """;
    }

    private const string HelpCss = """
        body{display:block;padding:1.5rem 0} main{width:min(48rem,94vw);margin:0 auto}
        header{display:flex;justify-content:space-between;align-items:center;margin-bottom:1rem} header .brand{text-decoration:none;color:var(--text);margin:0}
        header .lang{margin:0}
        form{padding:1.2rem;margin:1rem 0} form.search{display:flex;gap:.5rem;align-items:center} form.search input{flex:1}
        textarea{padding:.7rem;border:1px solid var(--border);border-radius:6px;font:inherit;background:var(--surface);color:var(--text)}
        .hint{display:block;color:var(--muted);font-size:.9rem} ul.articles{list-style:none;padding:0;display:grid;gap:.8rem}
        ul.articles a{font-weight:600} nav.categories{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:1rem 0}
        nav.categories a[aria-current]{font-weight:700} .body{line-height:1.6} .body pre{overflow:auto;background:var(--bg);padding:.8rem;border-radius:6px}
        form.vote{display:flex;gap:.6rem;align-items:center;padding:.8rem 1.2rem} form.vote button{padding:.4rem 1rem}
        .sr{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
        """;

    private static IResult Html(string html, int status) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
