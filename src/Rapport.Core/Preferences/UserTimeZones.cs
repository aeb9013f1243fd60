using Microsoft.Extensions.Caching.Memory;

namespace Rapport.Core.Preferences;

/// <summary>The time zone a person reads and types times in: their own, else the company's
/// (<see cref="RegionalSettings"/>). Looked up once a minute per user, not on every request.</summary>
public sealed class UserTimeZones(RapportDbContext db, SettingsService settings, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public static string CacheKey(Guid userId) => "tz:" + userId.ToString("N");

    /// <summary>The zone of documents and schedules, and of users who have not chosen one.</summary>
    public async Task<TimeZoneInfo> CompanyAsync(CancellationToken ct) =>
        TimeZones.FindOrUtc((await settings.GetAsync<RegionalSettings>(ct)).TimeZone);

    public async Task<TimeZoneInfo> ForAsync(Guid? userId, CancellationToken ct)
    {
        if (userId is not { } id) return await CompanyAsync(ct);
        if (cache.TryGetValue(CacheKey(id), out TimeZoneInfo? known) && known is not null) return known;
        var own = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
        var zone = TimeZones.Find(own) ?? await CompanyAsync(ct);
        cache.SetFor(CacheKey(id), zone, CacheFor);
        return zone;
    }
}
