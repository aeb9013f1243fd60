namespace Rapport.Server.Components.Common;

/// <summary>Seeded reference values — lead sources (<c>LeadSource</c>) and industries (<c>Industry</c>) — are stored by
/// their English key, so scoring rules, filters and imports work whatever language a user writes in; screens show them
/// in the reader's language when the resources have a label (<c>LeadSource.ColdCall</c>), and anything else (a value an
/// administrator or user added) as it was written.</summary>
public static class ReferenceText
{
    public const string Source = "LeadSource", Industry = "Industry";
    /// <summary>The built-in roles (<c>Role.SalesManager</c>); a role an administrator made shows as named.</summary>
    public const string Role = "Role";

    /// <summary>The sources and industries forms suggest: the lead-scoring defaults and the others the demo seeds.</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [.. Rapport.Core.Leads.LeadScoring.Defaults.Sources.Keys.Union(["Trade show"], StringComparer.OrdinalIgnoreCase)];
    public static IReadOnlyList<string> Industries { get; } =
        [.. Rapport.Core.Leads.LeadScoring.Defaults.Industries.Keys.Union(["Software", "Logistics", "Education"], StringComparer.OrdinalIgnoreCase)];

    /// <summary>The label of <paramref name="value"/> in the reader's language, or the value itself.</summary>
    public static string Label(this IStringLocalizer text, string kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "";
        var label = text[$"{kind}.{value.Replace(" ", "", StringComparison.Ordinal)}"];
        return label.ResourceNotFound ? value : label.Value;
    }

    /// <summary>The key among <paramref name="keys"/> whose key or label is <paramref name="typed"/> (case-insensitive),
    /// else the typed text as it is: "网站" typed in Chinese is stored as "Website".</summary>
    public static string? KeyOf(this IStringLocalizer text, string kind, IEnumerable<string> keys, string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return typed;
        var t = typed.Trim();
        return keys.FirstOrDefault(k => string.Equals(k, t, StringComparison.OrdinalIgnoreCase)
            || string.Equals(text.Label(kind, k), t, StringComparison.OrdinalIgnoreCase)) ?? typed;
    }

    /// <summary>The keys whose key or label contains <paramref name="typed"/> (all when nothing is typed).</summary>
    public static IEnumerable<string> Matching(this IStringLocalizer text, string kind, IEnumerable<string> keys, string? typed) =>
        keys.Where(k => string.IsNullOrEmpty(typed) || k.Contains(typed, StringComparison.OrdinalIgnoreCase)
            || text.Label(kind, k).Contains(typed, StringComparison.OrdinalIgnoreCase));
}
