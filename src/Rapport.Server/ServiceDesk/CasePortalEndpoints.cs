using Rapport.Core.Knowledge;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Knowledge;
using static Rapport.Server.Leads.PublicLeadFormEndpoints;

namespace Rapport.Server.ServiceDesk;

/// <summary>
/// The customer portal: <c>/portal/{token}</c> shows a case to whoever holds its emailed, signed and expiring link
/// (ADR-019), in the visitor's language: number, subject, status, the public conversation newest first, a reply box
/// and, once resolved or closed, a 1–5 rating. An expired or altered link shows the same "this link has expired" page
/// with a form that emails a fresh link to the case's address. Server-rendered like the help centre; no antiforgery
/// token: the link in the address is the only credential and no cookie is involved, so another site cannot make a
/// visitor's browser act with powers the other site does not already have. Pages are never cached. Beside the reply
/// box, "Find answers" looks the typed question (else the case's subject) up in the public articles first, keeping
/// what was typed, as the public case form does.
/// </summary>
internal static class CasePortalEndpoints
{
    public static IEndpointRouteBuilder MapCasePortal(this IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup("/portal").AllowAnonymous().ExcludeFromDescription();
        portal.MapGet("/{token}", (string token, HttpContext http, IStringLocalizer<SharedResource> text, string? done) =>
                ShowAsync(http, token, text, done, null, null))
            .RequireRateLimiting(SecuritySetup.HelpLimit);
        portal.MapPost("/{token}/reply", Reply).DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit);
        portal.MapPost("/{token}/rate", Rate).DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit);
        portal.MapPost("/link", FreshLink).DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit);
        return app;
    }

    private static async Task<IResult> Reply(string token, HttpContext http, IStringLocalizer<SharedResource> text, ArticleService articles)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var body = form["body"].ToString();
        if (form["action"] == "ask")
            return await ShowAsync(http, token, text, null, null, new(StringComparer.Ordinal) { ["body"] = body },
                async subject => await articles.SuggestAsync(string.IsNullOrWhiteSpace(body) ? subject : body, HelpCentreEndpoints.Language, publicOnly: true,
                    Suggestions, http.RequestAborted));
        try
        {
            var next = await DeskCaller.RunAsync<CasePortalService, string>(http, (s, ct) => s.ReplyAsync(token, body, ct));
            return Results.LocalRedirect($"/portal/{Uri.EscapeDataString(next)}?done=reply");
        }
        catch (PortalLinkExpiredException e)
        {
            return Expired(text, e.CaseNumber);
        }
        catch (RapportValidationException e)
        {
            return await ShowAsync(http, token, text, null, FieldErrors(e, text), new(StringComparer.Ordinal) { ["body"] = body });
        }
    }

    private static async Task<IResult> Rate(string token, HttpContext http, IStringLocalizer<SharedResource> text)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var comment = form["comment"].ToString();
        try
        {
            var stars = int.TryParse(form["rating"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
            await DeskCaller.RunAsync<CasePortalService, bool>(http, async (s, ct) =>
            {
                await s.RateAsync(token, stars, comment, ct);
                return true;
            });
            return Results.LocalRedirect($"/portal/{Uri.EscapeDataString(token)}?done=rated");
        }
        catch (PortalLinkExpiredException e)
        {
            return Expired(text, e.CaseNumber);
        }
        catch (RapportValidationException e)
        {
            return await ShowAsync(http, token, text, null, FieldErrors(e, text), new(StringComparer.Ordinal) { ["comment"] = comment });
        }
    }

    private static async Task<IResult> FreshLink(HttpContext http, IStringLocalizer<SharedResource> text)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        await DeskCaller.RunAsync<CasePortalService, bool>(http, async (s, ct) =>
        {
            await s.SendFreshLinkAsync(form["number"], form["email"], ct);
            return true;
        });
        NoStore(http);
        return Html(Shell(text["Portal.ExpiredTitle"], $"<h1>{E(text["Portal.ExpiredTitle"])}</h1><p role=\"status\" data-testid=\"portal-link-sent\">{E(text["Portal.LinkSent"])}</p>"), 200);
    }

    private const int Suggestions = 5;

    private static async Task<IResult> ShowAsync(HttpContext http, string token, IStringLocalizer<SharedResource> text, string? done,
        Dictionary<string, string>? errors, Dictionary<string, string>? values, Func<string, Task<IReadOnlyList<ArticleSuggestion>>>? ask = null)
    {
        NoStore(http);
        CasePortalView view;
        try
        {
            view = await DeskCaller.RunAsync<CasePortalService, CasePortalView>(http, (s, ct) => s.ViewAsync(token, ct));
        }
        catch (PortalLinkExpiredException e)
        {
            return Expired(text, e.CaseNumber);
        }
        string Value(string k) => values is not null && values.TryGetValue(k, out var v) ? E(v) : "";
        string Error(string k) => errors is not null && errors.TryGetValue(k, out var m) ? $"<span class=\"error\" id=\"{k}-error\">{E(m)}</span>" : "";
        var here = $"/portal/{E(Uri.EscapeDataString(token))}";
        var notice = done switch
        {
            "reply" => $"<p role=\"status\" data-testid=\"portal-notice\">{E(text["Portal.ReplySent"])}</p>",
            "rated" => $"<p role=\"status\" data-testid=\"portal-notice\">{E(text["Portal.Rated"])}</p>",
            _ => "",
        };
        var messages = view.Messages.Count == 0 ? $"<p class=\"hint\">{E(text["Portal.NoMessages"])}</p>"
            : "<ol class=\"conversation\" data-testid=\"portal-messages\">" + string.Concat(view.Messages.Select(m =>
                $"<li class=\"{(m.FromCustomer ? "mine" : "desk")}\"><span class=\"hint\">{E(text[m.FromCustomer ? "Portal.You" : "Portal.Desk"])} · {E(m.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}</span><div class=\"msg\">{E(m.Body)}</div></li>")) + "</ol>";
        var rating = !view.CanRate ? ""
            : $"""
              <form method="post" action="{here}/rate" class="rate" data-testid="portal-rate">
                <fieldset><legend>{E(text[view.Rating is null ? "Portal.RateAsk" : "Portal.RatedAlready", view.Rating ?? 0])}</legend>
                {string.Concat(Enumerable.Range(1, 5).Select(n => $"<label class=\"star\"><input type=\"radio\" name=\"rating\" value=\"{n}\"{(view.Rating == n ? " checked" : "")} required data-testid=\"portal-star-{n}\"> {n}</label>"))}
                </fieldset>{Error("rating")}
                <label>{E(text["Portal.RateComment"])}<textarea name="comment" rows="3" maxlength="{Case.RatingCommentMax}">{(values is null ? E(view.RatingComment ?? "") : Value("comment"))}</textarea>{Error("comment")}</label>
                <button type="submit">{E(text["Portal.RateSubmit"])}</button>
              </form>
              """;
        var answers = ask is null ? null : await ask(view.Subject);
        var found = answers is null ? ""
            : $"<section aria-live=\"polite\" data-testid=\"portal-answers\"><h2>{E(text[answers.Count > 0 ? "Help.Answers" : "Help.NoAnswer"])}</h2>"
              + (answers.Count > 0 ? HelpCentreEndpoints.List(answers.Select(a => (a.Slug, a.Title, a.Summary))) : "") + "</section>";
        var body = $"""
            <h1><span data-testid="portal-number">{E(view.Number)}</span> · {E(view.Subject)}</h1>
            <p>{E(text["Portal.Status"])}: <strong data-testid="portal-status">{E(text["Enum.CaseStatus." + view.Status])}</strong></p>
            {notice}{Error("status")}
            {rating}
            <form method="post" action="{here}/reply" data-testid="portal-reply">
              <label>{E(text["Portal.Reply"])}<textarea name="body" rows="4" maxlength="{CaseMessage.BodyMax}" required{(errors?.ContainsKey("body") == true ? " aria-invalid=\"true\" aria-describedby=\"body-error\"" : "")}>{Value("body")}</textarea>{Error("body")}</label>
              {found}
              <button type="submit" name="action" value="ask" class="secondary" formnovalidate data-testid="portal-ask">{E(text["CaseForm.FindAnswers"])}</button>
              <button type="submit" name="action" value="reply">{E(text["Portal.ReplySubmit"])}</button>
            </form>
            <h2>{E(text["Portal.Conversation"])}</h2>
            {messages}
            """;
        return Html(Shell($"{view.Number} · {view.Subject}", body + $"<style>{PortalCss}</style>"), errors is null ? 200 : 400);
    }

    private static IResult Expired(IStringLocalizer<SharedResource> text, string? number) =>
        Html(Shell(text["Portal.ExpiredTitle"], $"""
            <h1 data-testid="portal-expired">{E(text["Portal.ExpiredTitle"])}</h1>
            <p>{E(text["Portal.Expired"])}</p>
            <form method="post" action="/portal/link">
              <label>{E(text["Portal.CaseNumber"])}<input name="number" type="text" maxlength="40" required value="{E(number ?? "")}"></label>
              <label>{E(text["CaseForm.Email"])}<input name="email" type="email" autocomplete="email" maxlength="254" required></label>
              <button type="submit">{E(text["Portal.SendLink"])}</button>
            </form>
            """), 404);

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    private const string PortalCss = """
        main{width:min(44rem,94vw)} ol.conversation{list-style:none;padding:0;display:grid;gap:.8rem}
        ol.conversation li{padding:.8rem 1rem;border:1px solid var(--border);border-radius:6px;background:var(--surface)}
        ol.conversation li.mine{border-left:4px solid var(--muted)} .msg{white-space:pre-wrap;margin-top:.3rem}
        fieldset{border:0;padding:0;display:flex;gap:1rem;flex-wrap:wrap} label.star{display:inline-flex;gap:.3rem;align-items:center}
        """;
}
