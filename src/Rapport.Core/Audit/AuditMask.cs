using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Privacy;

namespace Rapport.Core.Audit;

/// <summary>How an audit entry's changes are shown to a reader who may not reveal personal data: the phones and emails
/// of customers, contacts and leads masked as the <c>sensitive-fields</c> setting says (before and after, added and
/// removed alike). For everyone, secrets inside a settings section's logged JSON (the SMTP password's ciphertext) show
/// as <c>***</c>, whether they changed or not.</summary>
internal sealed class AuditMask(SensitiveFields? fields)
{
    public static readonly AuditMask None = new(null);

    /// <summary>The entity types whose entries carry customer personal data.</summary>
    private static readonly string[] PersonalTypes = ["customer", "contact", "lead"];

    /// <summary>Field names in the log (as the interceptor writes them) and the sensitive field they hold.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["phones"] = SensitiveFields.Phones, ["phone"] = SensitiveFields.Phones,
        ["emails"] = SensitiveFields.Emails, ["email"] = SensitiveFields.Emails,
    };

    public JsonElement Apply(string? entityType, JsonElement changes)
    {
        if (entityType == "setting" && changes.ValueKind == JsonValueKind.Object) return SettingSecrets(changes);
        if (fields is null || entityType is null || !PersonalTypes.Contains(entityType) || changes.ValueKind != JsonValueKind.Object) return changes;
        var node = JsonNode.Parse(changes.GetRawText())!.AsObject();
        var changed = false;
        foreach (var (name, value) in node.ToList())
            if (value is not null && Fields.TryGetValue(name, out var field) && fields.Masks(field))
            {
                node[name] = MaskStrings(value);
                changed = true;
            }
        return changed ? JsonSerializer.SerializeToElement(node) : changes;
    }

    private static JsonElement SettingSecrets(JsonElement changes)
    {
        var node = JsonNode.Parse(changes.GetRawText())!.AsObject();
        if (node["json"] is not JsonObject json) return changes;
        foreach (var side in new[] { "before", "after" })
            if (json[side] is JsonValue v && v.TryGetValue<string>(out var text) && Parse(text) is JsonObject section)
            {
                foreach (var (name, value) in section.ToList())
                    if (value is JsonValue && Operations.Secrets.IsSecret(name) && value.GetValueKind() == JsonValueKind.String)
                        section[name] = Operations.Secrets.Mask;
                json[side] = section.ToJsonString();
            }
        return JsonSerializer.SerializeToElement(node);
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? MaskStrings(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s == AuditInterceptor.Masked || SensitiveFields.IsMasked(s) ? v.DeepClone() : JsonValue.Create(SensitiveFields.Mask(s)),
        JsonArray a => new JsonArray([.. a.Select(MaskStrings)]),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, MaskStrings(p.Value)))),
        _ => node?.DeepClone(),
    };
}
