using Rapport.Core.Knowledge;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Knowledge;
using static Rapport.Server.Leads.PublicLeadFormEndpoints;

namespace Rapport.Server.ServiceDesk;

/// <summary>
/// The anonymous side of the public case forms, shaped like web-to-lead: <c>GET /support/{token}</c> renders a plain
/// HTML form in the visitor's language (pre-filled from <c>?subject=</c> and <c>?description=</c>, as the help centre
/// links to it); <c>POST /support/{token}</c> either asks the knowledge base first ("Find answers": up to five public
/// articles, the form stays filled) or files the case; <c>POST /api/v1/public/case-forms/{token}</c> takes the same as
/// JSON. No sign-in and no antiforgery token, as on web-to-lead (the form is linked to or framed from the company's
/// site, and there is no cookie for another site to ride on); a per-address rate limit and a honeypot hold off abuse.
/// </summary>
internal static class PublicCaseFormEndpoints
{
    private const int Suggestions = 5;

    public static IEndpointRouteBuilder MapPublicCaseForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/support/{token}", async (string token, string? subject, string? description, CaseFormService forms, IStringLocalizer<SharedResource> text,
                CancellationToken ct) =>
                await forms.FindPublicAsync(token, ct) is { } form
                    ? Page(form, text, new(StringComparer.Ordinal) { ["subject"] = subject ?? "", ["description"] = description ?? "" }, null, null)
                    : NotFound(text))
            .AllowAnonymous().RequireRateLimiting(SecuritySetup.HelpLimit).ExcludeFromDescription();
        app.MapPost("/support/{token}", Post).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit)
            .ExcludeFromDescription();
        app.MapPost("/api/v1/public/case-forms/{token}", async (string token, CaseFormSubmission input, HttpContext http) =>
            {
                await DeskCaller.RunAsync<CaseFormService, CaseFiled>(http, (s, ct) => s.SubmitAsync(token, input, HelpCentreEndpoints.Language, ct));
                return TypedResults.Accepted((string?)null, new { accepted = true });
            })
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit)
            .WithTags("Service desk").WithName("SubmitCaseForm")
            .WithSummary("Anonymous case submission (JSON). Always answers 202 for an active form, bots included; the case number and portal link are emailed.");
        return app;
    }

    private static readonly (string Name, string LabelKey, string Type, string AutoComplete, bool Required)[] Fields =
    [
        ("name", "CaseForm.Name", "text", "name", true),
        ("email", "CaseForm.Email", "email", "email", true),
        ("phone", "CaseForm.Phone", "tel", "tel", false),
        ("country", "Lead.Country", "text", "country-name", false),
        ("city", "Lead.City", "text", "address-level2", false),
        ("subject", "CaseForm.Subject", "text", "off", true),
    ];

    private static async Task<IResult> Post(string token, HttpContext http, CaseFormService forms, ArticleService articles,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var form = await forms.FindPublicAsync(token, ct);
        if (form is null) return NotFound(text);
        var posted = await http.Request.ReadFormAsync(ct);
        var values = Fields.Select(f => f.Name).Append("description").Append("website")
            .ToDictionary(k => k, k => posted[k].ToString().Trim(), StringComparer.Ordinal);
        if (posted["action"] == "ask")
        {
            var found = await articles.SuggestAsync($"{values["subject"]} {values["description"]}", HelpCentreEndpoints.Language, publicOnly: true, Suggestions, ct);
            return Page(form, text, values, null, found);
        }
        try
        {
            var filed = await DeskCaller.RunAsync<CaseFormService, CaseFiled>(http, (s, c) => s.SubmitAsync(token, new CaseFormSubmission
            {
                Name = values["name"], Email = values["email"], Phone = values["phone"], Subject = values["subject"],
                Description = values["description"], Country = values["country"], City = values["city"], Website = values["website"],
            }, HelpCentreEndpoints.Language, c));
            var thanks = filed.Number is { } number
                ? $"<p data-testid=\"case-filed\">{E(text["CaseForm.Filed", number])}</p><p>{E(text["CaseForm.LinkSent"])}</p>"
                : $"<p>{E(text["LeadForm.Thanks"])}</p>";
            return Html(Shell(text["CaseForm.ThanksTitle"], thanks), 200);
        }
        catch (RapportValidationException e)
        {
            return Page(form, text, values, FieldErrors(e, text), null);
        }
    }

    private static IResult Page(CaseFormDto form, IStringLocalizer<SharedResource> text, Dictionary<string, string> values,
        Dictionary<string, string>? errors, IReadOnlyList<ArticleSuggestion>? answers)
    {
        string Value(string k) => values.TryGetValue(k, out var v) ? E(v) : "";
        string Error(string k) => errors is not null && errors.TryGetValue(k, out var m) ? $"<span class=\"error\" id=\"{k}-error\">{E(m)}</span>" : "";
        string Described(string k) => errors?.ContainsKey(k) == true ? $" aria-invalid=\"true\" aria-describedby=\"{k}-error\"" : "";
        var inputs = string.Concat(Fields.Where(f => f.Name != "phone" || form.ShowPhone).Select(f =>
            (f.Name == "country" ? $"<p class=\"hint\">{E(text["CaseForm.AddressHint"])}</p>" : "")
            + $"<label>{E(text[f.LabelKey])}{(f.Required ? " *" : "")}<input name=\"{f.Name}\" type=\"{f.Type}\" autocomplete=\"{f.AutoComplete}\" maxlength=\"200\" value=\"{Value(f.Name)}\"{(f.Required ? " required" : "")}{Described(f.Name)} data-testid=\"support-{f.Name}\">{Error(f.Name)}</label>"));
        var shown = Fields.Select(f => f.Name).Append("description").ToHashSet(StringComparer.Ordinal);
        var other = errors is null ? "" : string.Concat(errors.Where(e => !shown.Contains(e.Key)).Select(e => $"<p class=\"error\" role=\"alert\">{E(e.Value)}</p>"));
        var found = answers is null ? ""
            : $"<section aria-live=\"polite\" data-testid=\"support-answers\"><h2>{E(text[answers.Count > 0 ? "Help.Answers" : "Help.NoAnswer"])}</h2>"
              + (answers.Count > 0 ? HelpCentreEndpoints.List(answers.Select(a => (a.Slug, a.Title, a.Summary))) : "")
              + $"<p class=\"hint\">{E(text["CaseForm.StillFile"])}</p></section>";
        var body = $"""
            <form method="post" action="/support/{E(Uri.EscapeDataString(form.Token))}">
              <h1>{E(form.Name)}</h1>
              <p class="hint">{E(text["CaseForm.Intro"])}</p>
              {other}
              {found}
              {inputs}
              <label>{E(text["CaseForm.Description"])}<textarea name="description" rows="6" maxlength="{Case.DescriptionMax}"{Described("description")} data-testid="support-description">{Value("description")}</textarea>{Error("description")}</label>
              <label class="hp" aria-hidden="true">Website<input name="website" type="text" tabindex="-1" autocomplete="off" value=""></label>
              <button type="submit" name="action" value="ask" class="secondary" formnovalidate data-testid="support-ask">{E(text["CaseForm.FindAnswers"])}</button>
              <button type="submit" name="action" value="file" data-testid="support-submit">{E(text["CaseForm.Submit"])}</button>
            </form>
            """;
        return Html(Shell(form.Name, body), errors is null ? 200 : 400);
    }

    private static IResult NotFound(IStringLocalizer<SharedResource> text) =>
        Html(Shell(text["LeadForm.NotFoundTitle"], $"<p>{E(text["LeadForm.NotFound"])}</p>"), 404);
}
