using Rapport.Core.Preferences;

namespace Rapport.Server.Preferences;

/// <summary>Finds the time zone of the person a web page is for (their own, else the company's; cached a minute per
/// user) and leaves its id in <c>HttpContext.Items[Key]</c>, where the page shell hands it to the circuit. The API
/// answers in UTC and needs none.</summary>
internal static class ReaderZoneMiddleware
{
    public const string Key = "rapport.timeZone";

    public static WebApplication UseReaderTimeZone(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                var id = Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : (Guid?)null;
                var zones = http.RequestServices.GetRequiredService<UserTimeZones>();
                http.Items[Key] = (await zones.ForAsync(id, http.RequestAborted)).Id;
            }
            await next(http);
        });
        return app;
    }
}
