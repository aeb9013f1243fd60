namespace Rapport.Server.Infrastructure;

/// <summary>How list endpoints read their query string, the same way for every module.</summary>
internal static class QueryParams
{
    /// <summary>
    /// <c>name</c>, <c>-createdAt</c>, …: a leading minus sorts descending; no sort is <paramref name="byDefault"/>,
    /// descending (newest first). Names match in any case; an unknown one is a 400 listing the names allowed (the first
    /// name given for each value; later ones are aliases).
    /// </summary>
    public static (T Sort, bool Descending) Sort<T>(string? sort, T byDefault, params (string Name, T Value)[] options) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(sort)) return (byDefault, true);
        var name = sort.TrimStart('-', '+');
        foreach (var (n, v) in options)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return (v, sort.StartsWith('-'));
        var allowed = options.GroupBy(o => o.Value).Select(g => g.First().Name);
        throw RapportValidationException.For("sort", "Validation.Sort", string.Join(", ", allowed));
    }

    /// <summary>Enum values in the query string read like the JSON ones (<c>tier=high</c>): names in any case, never numbers.
    /// (Minimal API binding alone is case-sensitive and takes numbers.)</summary>
    public static T? Enum<T>(string? value, string name) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        if (v.All(char.IsAsciiLetter) && System.Enum.TryParse<T>(v, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)) return parsed;
        throw new BadHttpRequestException($"Failed to bind parameter \"{typeof(T).Name} {name}\" from \"{value}\".");
    }
}
