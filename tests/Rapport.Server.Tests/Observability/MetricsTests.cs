using Microsoft.Extensions.Caching.Memory;

namespace Rapport.Server.Tests.Observability;

/// <summary><c>/metrics</c> answers Prometheus text to a token holding metrics.read, and nobody else.</summary>
public abstract class MetricsTests(ObservedApp app)
{
    [Fact]
    public async Task Anonymous_and_unprivileged_scrapes_are_refused_and_an_authorised_one_sees_the_request_metric()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/metrics", Ct)).StatusCode);
        var nobody = app.ClientWithToken(await app.CreateUserWithTokenAsync("m" + Unique()));
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/metrics", Ct)).StatusCode);

        var admin = await app.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/customers", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var scrape = await admin.GetAsync("/metrics", Ct);
        await scrape.ShouldBeAsync(HttpStatusCode.OK);
        var text = await scrape.Content.ReadAsStringAsync(Ct);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"api/v1/customers", text.Replace("http_route=\"/", "http_route=\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("rapport_cache_hits", text, StringComparison.Ordinal);
        // The runtime's memory, for an operator watching an instance's footprint.
        Assert.Contains("dotnet_process_memory_working_set", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_heap_total_allocated", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_in_memory_cache_is_bounded_and_what_a_request_caches_counts_towards_the_bound()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/customers", Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var cache = (MemoryCache)app.Services.GetRequiredService<IMemoryCache>();
        // An entry without a size would escape the bound, so the cache refuses it.
        Assert.Throws<InvalidOperationException>(() => cache.Set("unsized-" + Unique(), 1));
        // The caller's access and the token's user, cached by the request above, are counted.
        var size = cache.GetCurrentStatistics()?.CurrentEstimatedSize;
        Assert.True(size is > 0 and <= BoundedCache.Entries, $"estimated size {size}");
    }
}

public sealed class MetricsOnSqlite(ObservedSqliteApp app) : MetricsTests(app), IClassFixture<ObservedSqliteApp>;

public sealed class MetricsOnPostgres(ObservedPostgresApp app) : MetricsTests(app), IClassFixture<ObservedPostgresApp>;
