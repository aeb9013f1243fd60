using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Server.Infrastructure;

/// <summary>Record versions as strong ETags; If-Match turns into the version a write expects.</summary>
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

    public static T WithETag<T>(this HttpResponse response, T body, long version)
    {
        response.Headers.ETag = Format(version);
        return body;
    }
}
