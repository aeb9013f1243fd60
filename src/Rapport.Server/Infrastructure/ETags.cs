using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Server.Infrastructure;

/// <summary>Record versions as strong ETags; If-Match turns into the version a write expects. The HTTP rule for every
/// module (docs/api-guide.md): a response that carries one record goes out through <see cref="VersionedOk"/> or
/// <see cref="VersionedCreated"/> (so a versioned one has <c>ETag: "&lt;version&gt;"</c>), and every PUT, DELETE and
/// POST action on a versioned record passes <see cref="Expected"/> to its service (stale → 412 with the current
/// version; no If-Match → allowed).</summary>
internal static class ETags
{
    public static string Format(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Null when there is no If-Match (or it is <c>*</c>); a version otherwise.</summary>
    public static long? Expected(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        var tag = header.Split(',')[0].Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw RapportValidationException.For("If-Match", "Validation.ETag");
    }

    /// <summary>200 with the record, and its ETag when the record has a <c>Version</c>.</summary>
    public static Ok<T> VersionedOk<T>(this HttpResponse response, T body) => TypedResults.Ok(Tagged(response, body));

    /// <summary>201 at <paramref name="location"/> with the new record, and its ETag when the record has a <c>Version</c>.</summary>
    public static Created<T> VersionedCreated<T>(this HttpResponse response, string location, T body) =>
        TypedResults.Created(location, Tagged(response, body));

    private static T Tagged<T>(HttpResponse response, T body)
    {
        if (body is not null && VersionOf<T>.Read is { } read) response.Headers.ETag = Format(read(body));
        return body;
    }

    /// <summary>Reads a response type's <c>long Version</c>, found once per type, so a DTO that gains one gets its
    /// ETag without its endpoint changing.</summary>
    private static class VersionOf<T>
    {
        public static readonly Func<T, long>? Read = typeof(T).GetProperty("Version", typeof(long))?.GetMethod is { IsStatic: false } get && !typeof(T).IsValueType
            ? get.CreateDelegate<Func<T, long>>()
            : null;
    }
}
