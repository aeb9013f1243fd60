namespace Rapport.Server.Infrastructure;

/// <summary>The query string, the path and form fields get the same rule as JSON bodies (see <see cref="SafeText"/>):
/// a control character or a lone surrogate in any of them is a 400 naming the parameter, before any endpoint (list
/// filters, search, sign-in forms) hands it to the database.</summary>
internal sealed class InputGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var errors = new List<FieldError>();
        if (!SafeText.IsSafe(http.Request.Path.Value)) errors.Add(new("path", SafeText.ErrorCode));
        foreach (var (key, values) in http.Request.Query)
            Check(errors, key, values);
        if (http.Request.HasFormContentType && http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            IFormCollection? form = null;
            // A form that cannot be read is the endpoint's to refuse, as it always was.
            try { form = await http.Request.ReadFormAsync(http.RequestAborted); }
            catch (InvalidDataException) { }
            foreach (var (key, values) in form ?? FormCollection.Empty)
                Check(errors, key, values);
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        await next(http);
    }

    private static void Check(List<FieldError> errors, string key, Microsoft.Extensions.Primitives.StringValues values)
    {
        var field = SafeText.IsSafe(key) ? key : "query";
        if (!SafeText.IsSafe(key) || values.Any(v => v is not null && !SafeText.IsSafe(v)))
            errors.Add(new(field, SafeText.ErrorCode));
    }
}

internal static class InputGuardExtensions
{
    public static IApplicationBuilder UseInputGuard(this IApplicationBuilder app) => app.UseMiddleware<InputGuard>();
}
