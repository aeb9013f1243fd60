using System.Net;
using Rapport.Core.Leads;
using Rapport.Server.Identity;

namespace Rapport.Server.Leads;

/// <summary>
/// The anonymous side of web-to-lead: <c>GET /forms/{token}</c> renders a plain HTML form (in the visitor's
/// language) that a company links to or frames on its website; <c>POST /forms/{token}</c> takes the form post, and
/// <c>POST /api/v1/public/lead-forms/{token}</c> the same as JSON from the company's own page script. No sign-in and
/// no antiforgery token (the post comes from another site); abuse is held off by a per-address rate limit and a
/// honeypot field that people never see.
/// </summary>
internal static class PublicLeadFormEndpoints
{
    public static IEndpointRouteBuilder MapPublicLeadForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/forms/{token}", async (string token, HttpContext http, LeadFormService forms, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
                await forms.FindPublicAsync(token, ct) is { } form
                    ? Page(form, token, text, Utm.ToDictionary(k => k, k => http.Request.Query[k].ToString(), StringComparer.Ordinal), null)
                    : NotFoundPage(text))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/forms/{token}", Post).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit)
            .ExcludeFromDescription();
        app.MapPost("/api/v1/public/lead-forms/{token}", async (string token, LeadFormSubmission input, HttpContext http, LeadFormService forms, CancellationToken ct) =>
            {
                await forms.SubmitAsync(token, input with { CampaignClick = input.CampaignClick ?? Click(http) }, ct);
                return TypedResults.Accepted((string?)null, new { accepted = true });
            })
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit)
            .WithTags("Leads").WithName("SubmitLeadForm")
            .WithSummary("Anonymous web-to-lead submission (JSON). Always answers 202 for an active form, bots included.");
        return app;
    }

    private static readonly (string Name, string LabelKey, string Type, string AutoComplete)[] Fields =
    [
        ("name", "Lead.Name", "text", "name"),
        ("company", "Lead.Company", "text", "organization"),
        ("title", "Lead.Title", "text", "organization-title"),
        ("email", "Lead.Email", "email", "email"),
        ("phone", "Lead.Phone", "tel", "tel"),
        ("country", "Lead.Country", "text", "country-name"),
        ("city", "Lead.City", "text", "address-level2"),
    ];

    /// <summary>The landing link's campaign parameters, carried through the form as hidden fields.</summary>
    private static readonly string[] Utm = ["utm_campaign", "utm_source", "utm_medium", "utm_content"];

    private static string? Click(HttpContext http) => http.Request.Cookies[Core.Marketing.Campaigns.CampaignAttribution.CookieName];

    private static async Task<IResult> Post(string token, HttpContext http, LeadFormService forms, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var form = await forms.FindPublicAsync(token, ct);
        if (form is null) return NotFoundPage(text);
        var posted = await http.Request.ReadFormAsync(ct);
        var values = Fields.Select(f => f.Name).Append("message").Append("website").Concat(Utm)
            .ToDictionary(k => k, k => posted[k].ToString().Trim(), StringComparer.Ordinal);
        try
        {
            var capture = await forms.SubmitAsync(token, new LeadFormSubmission
            {
                Name = values["name"], Company = values["company"], Title = values["title"], Email = values["email"],
                Phone = values["phone"], Country = values["country"], City = values["city"], Message = values["message"],
                Website = values["website"], UtmCampaign = values["utm_campaign"], UtmSource = values["utm_source"],
                UtmMedium = values["utm_medium"], UtmContent = values["utm_content"], CampaignClick = Click(http),
            }, ct);
            return capture.RedirectUrl is { } url ? Results.Redirect(url, permanent: false, preserveMethod: false)
                : Html(Shell(text["LeadForm.ThanksTitle"], $"<p>{E(text["LeadForm.Thanks"])}</p>"), 200);
        }
        catch (RapportValidationException e)
        {
            return Page(form, token, text, values, FieldErrors(e, text));
        }
    }

    private static IResult Page(LeadFormDto form, string token, IStringLocalizer<SharedResource> text, Dictionary<string, string> values,
        Dictionary<string, string>? errors)
    {
        string Value(string k) => values.TryGetValue(k, out var v) ? E(v) : "";
        string Error(string k) => errors is not null && errors.TryGetValue(k, out var m) ? $"<span class=\"error\" id=\"{k}-error\">{E(m)}</span>" : "";
        string Described(string k) => errors?.ContainsKey(k) == true ? $" aria-invalid=\"true\" aria-describedby=\"{k}-error\"" : "";
        var inputs = string.Concat(Fields.Select(f =>
            $"<label>{E(text[f.LabelKey])}{(f.Name == "name" ? " *" : "")}<input name=\"{f.Name}\" type=\"{f.Type}\" autocomplete=\"{f.AutoComplete}\" maxlength=\"200\" value=\"{Value(f.Name)}\"{(f.Name == "name" ? " required" : "")}{Described(f.Name)}>{Error(f.Name)}</label>"));
        var body = $"""
            <form method="post" action="/forms/{E(Uri.EscapeDataString(token))}">
              <h1>{E(form.Name)}</h1>
              <p class="hint">{E(text["LeadForm.Intro"])}</p>
              {inputs}
              <label>{E(text["LeadForm.Message"])}<textarea name="message" rows="4" maxlength="4000">{Value("message")}</textarea></label>
              {string.Concat(Utm.Select(k => $"<input type=\"hidden\" name=\"{k}\" value=\"{Value(k)}\">"))}
              <label class="hp" aria-hidden="true">Website<input name="website" type="text" tabindex="-1" autocomplete="off" value=""></label>
              <button type="submit">{E(text["LeadForm.Submit"])}</button>
            </form>
            """;
        return Html(Shell(form.Name, body), errors is null ? 200 : 400);
    }

    /// <summary>The first localized message per field, for a server-rendered form.</summary>
    internal static Dictionary<string, string> FieldErrors(RapportValidationException e, IStringLocalizer<SharedResource> text) =>
        e.Errors.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => text[g.First().Code, g.First().Args].Value);

    private static IResult NotFoundPage(IStringLocalizer<SharedResource> text) =>
        Html(Shell(text["LeadForm.NotFoundTitle"], $"<p>{E(text["LeadForm.NotFound"])}</p>"), 404);

    internal static string Shell(string title, string body)
    {
        var lang = Thread.CurrentThread.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en";
        return $"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title>
            <style>{AccountEndpoints.LoginCss}{FormCss}</style></head>
            <body><main>{body}</main></body></html>
            """;
    }

    internal const string FormCss = """
        main{width:min(32rem,94vw)} textarea{padding:.7rem;border:1px solid var(--border);border-radius:6px;font:inherit;background:var(--surface);color:var(--text)}
        .hint{margin:0;color:var(--muted)} .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden} .error{font-size:.85rem}
        """;

    internal static IResult Html(string html, int status) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    internal static string E(string s) => WebUtility.HtmlEncode(s);
}
