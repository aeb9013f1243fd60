using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Server.Infrastructure;

/// <summary>What an endpoint that takes a file (multipart field <c>file</c>) shares: the request policy and the 201
/// with the record of what was stored. The service checks the file by its content and against its module's limit.</summary>
internal static class Uploads
{
    /// <summary>The most an upload request may carry (the modules' own limits are lower and checked by their services).</summary>
    public const long MaxRequestBytes = 64 * 1024 * 1024;

    /// <summary>Lets the endpoint take a multipart upload of up to <see cref="MaxRequestBytes"/>, without an antiforgery
    /// token: it is a bearer-token API, and browsers' cookies are SameSite=Lax, so other sites cannot post here as the
    /// user.</summary>
    public static RouteHandlerBuilder AcceptsFileUpload(this RouteHandlerBuilder endpoint) =>
        endpoint.DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));

    /// <summary>Hands the file's content to <paramref name="store"/> and answers 201 at the <paramref name="location"/> of
    /// what it stored.</summary>
    public static async Task<Created<T>> StoreAsync<T>(IFormFile file, Func<Stream, Task<T>> store, Func<T, string> location)
    {
        await using var stream = file.OpenReadStream();
        var stored = await store(stream);
        return TypedResults.Created(location(stored), stored);
    }
}
