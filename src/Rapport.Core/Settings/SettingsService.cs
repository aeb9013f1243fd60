using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Rapport.Core.Settings;

/// <summary>One section of administrator-editable settings, stored as JSON under <see cref="Key"/>.</summary>
public sealed class AppSetting
{
    public required string Key { get; init; }
    public required string Json { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    /// <summary>A file the section keeps (the company logo); never loaded with the JSON, never logged by the audit
    /// trail (the JSON describes it, with its hash).</summary>
    public byte[]? Data { get; set; }
}

/// <summary>A settings section: a record with defaults for every property, a key, and its own validation.</summary>
public interface ISettingsSection<TSelf> where TSelf : ISettingsSection<TSelf>
{
    static abstract string Key { get; }
    static abstract TSelf Defaults { get; }
    /// <summary>Field errors for a proposed value; empty when it may be saved.</summary>
    IEnumerable<FieldError> Validate();
}

/// <summary>Reads and writes settings sections. Reads are cached for a few seconds; a save applies at once on this
/// instance and within <see cref="CacheFor"/> on others.</summary>
public sealed class SettingsService(RapportDbContext db, IMemoryCache cache, TimeProvider clock, ICurrentUser user,
    ILogger<SettingsService>? log = null)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetAsync<T>(CancellationToken ct) where T : class, ISettingsSection<T>
    {
        if (cache.TryGetValue(CacheKey<T>(), out T? hit) && hit is not null) return hit;
        var key = T.Key;
        var json = await db.Set<AppSetting>().AsNoTracking().Where(s => s.Key == key).Select(s => s.Json).FirstOrDefaultAsync(ct);
        var value = json is null ? T.Defaults : JsonSerializer.Deserialize<T>(json, Json) ?? T.Defaults;
        cache.SetFor(CacheKey<T>(), value, CacheFor);
        return value;
    }

    /// <summary>Saves a section after validating it; needs <c>settings.manage</c> (or the section's own permission).</summary>
    public async Task<T> SaveAsync<T>(T value, CancellationToken ct, string permission = Permissions.SettingsManage) where T : class, ISettingsSection<T>
    {
        user.Require(permission);
        var errors = value.Validate().ToList();
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var key = T.Key;
        var row = await db.Set<AppSetting>().FirstOrDefaultAsync(s => s.Key == key, ct);
        if (row is null) db.Set<AppSetting>().Add(row = new AppSetting { Key = key, Json = "" });
        row.Json = JsonSerializer.Serialize(value, Json);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedById = user.Id;
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey<T>());
        log?.LogInformation(Observability.AppEvents.SettingChanged, "Settings {Section} changed", key);
        return value;
    }

    /// <summary>A file kept in a settings row of its own: the JSON describing it and its bytes; null when there is none.</summary>
    public async Task<(string Json, byte[] Data)?> GetFileAsync(string key, CancellationToken ct)
    {
        var row = await db.Set<AppSetting>().AsNoTracking().Where(s => s.Key == key && s.Data != null).Select(s => new { s.Json, s.Data }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Json, row.Data!);
    }

    /// <summary>Keeps a file under <paramref name="key"/> (or removes it when <paramref name="data"/> is null); needs
    /// <paramref name="permission"/>. The caller has checked the file.</summary>
    public async Task SaveFileAsync(string key, string json, byte[]? data, string permission, CancellationToken ct)
    {
        user.Require(permission);
        var row = await db.Set<AppSetting>().FirstOrDefaultAsync(s => s.Key == key, ct);
        if (data is null)
        {
            if (row is not null) db.Set<AppSetting>().Remove(row);
        }
        else
        {
            if (row is null) db.Set<AppSetting>().Add(row = new AppSetting { Key = key, Json = "" });
            (row.Json, row.Data, row.UpdatedAt, row.UpdatedById) = (json, data, clock.GetUtcNow().UtcDateTime, user.Id);
        }
        await db.SaveChangesAsync(ct);
    }

    private static string CacheKey<T>() where T : ISettingsSection<T> => "settings:" + T.Key;
}
