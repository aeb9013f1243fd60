using System.Text.Json;

namespace Rapport.Core.Operations;

/// <summary>One changed field of an audit entry or settings section as a reader sees it: the values as text, secrets
/// masked. For list fields, <see cref="Before"/> is what was removed and <see cref="After"/> what was added.</summary>
public sealed record FieldChange(string Field, string? Before, string? After, bool List = false);

/// <summary>Turns an audit entry's changes into field-by-field rows: <c>{"f": {"before", "after"}}</c> and
/// <c>{"f": {"removed", "added"}}</c> as the audit interceptor writes them, a settings section's JSON (the
/// <c>json</c> field of a <c>setting</c> entry) expanded into its own fields, and an event's details as values after.</summary>
public static class ChangeDiff
{
    public static IReadOnlyList<FieldChange> Of(JsonElement? changes)
    {
        if (changes is not { ValueKind: JsonValueKind.Object } c) return [];
        var rows = new List<FieldChange>();
        foreach (var p in c.EnumerateObject())
        {
            var v = p.Value;
            if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("before", out var before) && v.TryGetProperty("after", out var after))
            {
                if (p.Name == "json" && IsJsonText(before) && IsJsonText(after)) rows.AddRange(OfJson(Text(before), Text(after)));
                else rows.Add(new(p.Name, Show(p.Name, before), Show(p.Name, after)));
            }
            else if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("removed", out var removed) && v.TryGetProperty("added", out var added))
                rows.Add(new(p.Name, Show(p.Name, removed), Show(p.Name, added), List: true));
            else rows.Add(new(p.Name, null, Show(p.Name, v)));
        }
        return rows;
    }

    /// <summary>The fields that differ between two versions of a JSON document (either may be null or empty: none yet),
    /// nested fields named by their path (<c>rules[0].queue</c>), secrets masked.</summary>
    public static IReadOnlyList<FieldChange> OfJson(string? before, string? after)
    {
        var b = Flatten(before);
        var a = Flatten(after);
        return b.Keys.Union(a.Keys).Order(StringComparer.Ordinal)
            // Nothing and an empty list read the same ("—"), so a field that went from absent to [] is no change.
            .Where(k => (b.GetValueOrDefault(k) ?? "") != (a.GetValueOrDefault(k) ?? ""))
            .Select(k => new FieldChange(k, Secrets.Show(k, b.GetValueOrDefault(k)), Secrets.Show(k, a.GetValueOrDefault(k))))
            .ToList();
    }

    /// <summary>Every leaf of a JSON document by its path, as text (null leaves included, so null → value shows).</summary>
    public static Dictionary<string, string?> Flatten(string? json)
    {
        var leaves = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return leaves;
        try
        {
            using var doc = JsonDocument.Parse(json);
            Walk(doc.RootElement, "", leaves);
        }
        catch (JsonException)
        {
            leaves[""] = json;
        }
        return leaves;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, string?> leaves)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Walk(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, leaves);
                break;
            case JsonValueKind.Array when e.EnumerateArray().All(i => i.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                leaves[path] = string.Join(", ", e.EnumerateArray().Select(Text));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), leaves);
                break;
            default:
                leaves[path] = Text(e);
                break;
        }
    }

    private static bool IsJsonText(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null || e.ValueKind == JsonValueKind.String && e.GetString()!.TrimStart().StartsWith('{');

    private static string? Show(string field, JsonElement e) => Secrets.Show(field, e.ValueKind switch
    {
        JsonValueKind.Array => string.Join(", ", e.EnumerateArray().Select(Text)),
        _ => Text(e),
    });

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => e.GetString(),
        _ => e.GetRawText(),
    };
}
