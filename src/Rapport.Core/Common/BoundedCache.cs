using Microsoft.Extensions.Caching.Memory;

namespace Rapport.Core.Common;

/// <summary>The app's in-memory cache is bounded: it holds at most <see cref="Entries"/> entries (the host sets
/// <see cref="MemoryCacheOptions.SizeLimit"/>), each counting one, and every entry also expires. An entry added
/// without a size is refused by the cache, so nothing can slip past the bound.</summary>
public static class BoundedCache
{
    /// <summary>Far above what one company's users keep warm within the entries' lifetimes (seconds to minutes).</summary>
    public const long Entries = 10_000;

    public static void Bound(MemoryCacheOptions options) => options.SizeLimit = Entries;

    /// <summary>Adds an entry that counts one towards the bound and expires after <paramref name="lifetime"/>.</summary>
    public static T SetFor<T>(this IMemoryCache cache, object key, T value, TimeSpan lifetime) =>
        cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });

    /// <summary>Adds an entry that counts one towards the bound and expires at <paramref name="until"/>.</summary>
    public static T SetUntil<T>(this IMemoryCache cache, object key, T value, DateTimeOffset until) =>
        cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
}
