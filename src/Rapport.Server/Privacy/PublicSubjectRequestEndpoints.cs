using Rapport.Core.Privacy.Requests;
using static Rapport.Server.Leads.PublicLeadFormEndpoints;

namespace Rapport.Server.Privacy;

/// <summary>
/// The public data-protection form: <c>GET /privacy/request</c> renders it in the visitor's language, <c>POST</c> files
/// an unverified request and mails a signed link to the address given; <c>GET /privacy/verify/{token}</c> (the link)
/// makes the request received, which starts its deadline. Anonymous and without an antiforgery token like the other
/// public forms, held off by the same per-address rate limit and a honeypot; the answer is the same whatever the address,
/// so the form tells nobody whose data is held.
/// </summary>
internal static class PublicSubjectRequestEndpoints
{
    public static IEndpointRouteBuilder MapPublicSubjectRequests(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/privacy").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/request", (IStringLocalizer<SharedResource> text) => Page(text, new(StringComparer.Ordinal), null))
            .RequireRateLimiting(SecuritySetup.HelpLimit);
        pages.MapPost("/request", Post).DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit);
        pages.MapGet("/verify/{token}", async (string token, SubjectRequestService s, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
                await s.VerifyAsync(token, ct) is { } number
                    ? Html(Shell(text["PrivacyForm.VerifiedTitle"], $"<h1>{E(text["PrivacyForm.VerifiedTitle"])}</h1><p data-testid=\"privacy-verified\">{E(text["PrivacyForm.Verified", number])}</p>"), 200)
                    : NotFound(text))
            .RequireRateLimiting(SecuritySetup.PublicFormLimit);
        return app;
    }

    private static IResult NotFound(IStringLocalizer<SharedResource> text) =>
        Html(Shell(text["PrivacyForm.LinkInvalidTitle"], $"<p>{E(text["PrivacyForm.LinkInvalid"])}</p>"), 404);

    private static readonly string[] Names = ["type", "name", "email", "phone", "regime", "details", "website"];

    private static async Task<IResult> Post(HttpContext http, SubjectRequestService s, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var posted = await http.Request.ReadFormAsync(ct);
        var values = Names.ToDictionary(k => k, k => posted[k].ToString().Trim(), StringComparer.Ordinal);
        var sent = Html(Shell(text["PrivacyForm.SentTitle"], $"<h1>{E(text["PrivacyForm.SentTitle"])}</h1><p data-testid=\"privacy-sent\">{E(text["PrivacyForm.Sent"])}</p>"), 200);
        if (values["website"].Length > 0) return sent; // the honeypot: a bot filled the hidden field
        try
        {
            await s.SubmitPublicAsync(new PublicSubjectRequestInput(
                Enum.TryParse<SubjectRequestType>(values["type"], out var type) ? type : (SubjectRequestType)(-1),
                values["name"], values["email"], values["phone"],
                Enum.TryParse<PrivacyRegime>(values["regime"], out var regime) ? regime : null, values["details"],
                CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en"), ct);
            return sent;
        }
        catch (RapportValidationException e)
        {
            return Page(text, values, FieldErrors(e, text));
        }
    }

    private static IResult Page(IStringLocalizer<SharedResource> text, Dictionary<string, string> values, Dictionary<string, string>? errors)
    {
        string Value(string k) => values.TryGetValue(k, out var v) ? E(v) : "";
        string Error(string k) => errors is not null && errors.TryGetValue(k, out var m) ? $"<span class=\"error\" id=\"{k}-error\">{E(m)}</span>" : "";
        string Options<T>(string name) where T : struct, Enum => string.Concat(Enum.GetValues<T>().Select(v =>
            $"<option value=\"{v}\"{(Value(name) == v.ToString() ? " selected" : "")}>{E(text[$"Enum.{typeof(T).Name}.{v}"])}</option>"));
        var body = $"""
            <form method="post" action="/privacy/request">
              <h1>{E(text["PrivacyForm.Title"])}</h1>
              <p class="hint">{E(text["PrivacyForm.Intro"])}</p>
              <label>{E(text["Field.type"])} *<select name="type" data-testid="privacy-form-type">{Options<SubjectRequestType>("type")}</select>{Error("type")}</label>
              <label>{E(text["Field.name"])} *<input name="name" type="text" autocomplete="name" maxlength="{SubjectRequest.NameMax}" required value="{Value("name")}" data-testid="privacy-form-name">{Error("name")}</label>
              <label>{E(text["Field.email"])} *<input name="email" type="email" autocomplete="email" maxlength="254" required value="{Value("email")}" data-testid="privacy-form-email">{Error("email")}</label>
              <label>{E(text["Field.phone"])}<input name="phone" type="tel" autocomplete="tel" maxlength="40" value="{Value("phone")}">{Error("phone")}</label>
              <label>{E(text["Ui.PrivacyRegime"])}<select name="regime">{Options<PrivacyRegime>("regime")}</select></label>
              <label>{E(text["PrivacyForm.Details"])}<textarea name="details" rows="5" maxlength="{SubjectRequest.NotesMax}">{Value("details")}</textarea>{Error("details")}</label>
              <label class="hp" aria-hidden="true">Website<input name="website" type="text" tabindex="-1" autocomplete="off" value=""></label>
              <button type="submit" data-testid="privacy-form-submit">{E(text["PrivacyForm.Submit"])}</button>
            </form>
            """;
        return Html(Shell(text["PrivacyForm.Title"], body), errors is null ? 200 : 400);
    }
}
