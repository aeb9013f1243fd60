using System.Reflection;
using System.Text.Json;
using Rapport.Core.Audit;
using Rapport.Core.Operations;

namespace Rapport.Core.Settings;

/// <summary>One field of a settings section as it is now: its value (secrets masked) and whether an administrator set
/// it (<c>database</c>) or it is the built-in default.</summary>
public sealed record SettingsField(string Field, string? Value, bool Stored);

/// <summary>A settings section now: its key, fields, and when and by whom it was last saved (null: never, all defaults).</summary>
public sealed record SettingsSectionView(string Key, IReadOnlyList<SettingsField> Fields, DateTime? UpdatedAt, string? UpdatedBy);

/// <summary>One saved change of a section: who, when, and each field's value before and after.</summary>
public sealed record SettingsChange(Guid Id, DateTime At, string? UserName, string Action, IReadOnlyList<FieldChange> Changes);

/// <summary>Every settings section with its current values, and each section's history of changes. The history is the
/// audit trail's <c>setting</c> entries (each save of a section is audited with its JSON before and after), so it is as
/// tamper-evident as the rest of the log and needs no table of its own.</summary>
public sealed class SettingsHistory(RapportDbContext db, ICurrentUser user)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every <see cref="ISettingsSection{TSelf}"/> in Core, by key, with its defaults as JSON.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = typeof(SettingsService).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISettingsSection<>)))
        .ToDictionary(
            t => (string)t.GetProperty("Key", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
            t => JsonSerializer.Serialize(t.GetProperty("Defaults", BindingFlags.Public | BindingFlags.Static)!.GetValue(null), t, Json),
            StringComparer.Ordinal);

    public async Task<IReadOnlyList<SettingsSectionView>> SectionsAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var keys = Defaults.Keys.ToList();
        var rows = await db.Set<AppSetting>().AsNoTracking().Where(s => keys.Contains(s.Key))
            .Select(s => new { s.Key, s.Json, s.UpdatedAt, s.UpdatedById }).ToListAsync(ct);
        var editors = rows.Where(r => r.UpdatedById != null).Select(r => r.UpdatedById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => editors.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.UserName, ct);
        return Defaults.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
        {
            var row = rows.FirstOrDefault(r => r.Key == d.Key);
            var stored = ChangeDiff.Flatten(row?.Json);
            var fields = ChangeDiff.Flatten(d.Value).Keys.Union(stored.Keys).Order(StringComparer.Ordinal)
                .Select(f => new SettingsField(f, Secrets.Show(f, stored.TryGetValue(f, out var v) ? v : ChangeDiff.Flatten(d.Value).GetValueOrDefault(f)), stored.ContainsKey(f)))
                .ToList();
            return new SettingsSectionView(d.Key, fields, row?.UpdatedAt,
                row?.UpdatedById is { } by ? names.GetValueOrDefault(by) : null);
        }).ToList();
    }

    /// <summary>The saved changes of section <paramref name="key"/>, newest first, field by field (a first save is
    /// compared with the defaults it replaced).</summary>
    public async Task<Page<SettingsChange>> HistoryAsync(string key, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var size = Keyset.ClampPageSize(limit);
        var source = db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "setting" && e.EntityId == key);
        var rows = await Keyset.Seek(source, e => e.At, e => e.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, e => e.At, e => e.Id);
        var defaults = Defaults.GetValueOrDefault(key);
        return new Page<SettingsChange>(items.Select(e => new SettingsChange(e.Id, e.At, e.UserName, e.Action, Changes(e, defaults))).ToList(), next);
    }

    private static IReadOnlyList<FieldChange> Changes(AuditEntry e, string? defaults)
    {
        if (e.Changes is null) return [];
        using var doc = JsonDocument.Parse(e.Changes);
        if (!doc.RootElement.TryGetProperty("json", out var json)) return ChangeDiff.Of(doc.RootElement.Clone());
        string? Side(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return ChangeDiff.OfJson(Side("before") ?? defaults, Side("after") ?? defaults);
    }
}
