using Microsoft.AspNetCore.Localization;
using Rapport.Core.Preferences;

namespace Rapport.Server.Preferences;

/// <summary>The caller's own language, theme and saved list views; the people directory for owner pickers.</summary>
internal static class PreferenceEndpoints
{
    public static RouteGroupBuilder MapPreferencesApi(this RouteGroupBuilder api)
    {
        var preferences = api.MapGroup("").WithTags("Preferences");
        preferences.MapGet("/account/preferences", (PreferenceService s, CancellationToken ct) => s.GetAsync(ct))
            .WithName("GetPreferences").WithSummary("Your language and theme.");
        preferences.MapPut("/account/preferences", (PreferencesInput input, PreferenceService s, CancellationToken ct) => s.SetAsync(input, ct))
            .WithName("SetPreferences").WithSummary("Set your language (en, zh-CN) and theme (light, dark, system).");
        preferences.MapGet("/views", (string list, PreferenceService s, CancellationToken ct) => s.ListViewsAsync(list, ct))
            .WithName("ListSavedViews").WithSummary("Your saved views of a list (e.g. list=customers).");
        preferences.MapPost("/views", (SavedViewInput input, PreferenceService s, CancellationToken ct) => s.SaveViewAsync(input, ct))
            .WithName("SaveView").WithSummary("Save a view; one with the same name on the same list is replaced.");
        preferences.MapDelete("/views/{id:guid}", (Guid id, PreferenceService s, CancellationToken ct) =>
            Answers.NoContentAfter(s.DeleteViewAsync(id, ct)))
            .WithName("DeleteView").WithSummary("Delete one of your saved views.");
        preferences.MapGet("/people", (PreferenceService s, CancellationToken ct) => s.PeopleAsync(ct))
            .WithName("People").WithSummary("Active users, for owner pickers.");
        preferences.MapGet("/people/teams", (PreferenceService s, CancellationToken ct) => s.TeamsAsync(ct))
            .WithName("Teams").WithSummary("Every team by name, for team filters.");
        return api;
    }

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        // The language switch of the web UI (and the sign-in page): a cookie for this browser, remembered on the
        // account when signed in, then back to where the user was.
        app.MapGet("/account/culture", async (HttpContext http, string culture, string? returnUrl, PreferenceService s, CancellationToken ct) =>
        {
            if (!PreferenceService.Cultures.Contains(culture)) return Results.BadRequest();
            SetCultureCookie(http, culture);
            if (http.User.Identity?.IsAuthenticated == true) await s.SetAsync(new PreferencesInput(culture, null), ct);
            return Results.LocalRedirect(Identity.AccountEndpoints.SafeReturn(returnUrl ?? "/"));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The request-localization cookie, read by every later request and by Blazor circuits.</summary>
    public static void SetCultureCookie(HttpContext http, string? culture)
    {
        if (culture is null || !PreferenceService.Cultures.Contains(culture)) return;
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = true, HttpOnly = true });
    }
}
