using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>Responses do not name the server software (the in-memory test server never sends the header, so this
/// runs the app on Kestrel on a loopback port).</summary>
public abstract class ServerHeaderTests(KestrelApp app)
{
    [Fact]
    public async Task Responses_carry_no_server_header()
    {
        using var client = new HttpClient { BaseAddress = app.Address };

        using var health = await client.GetAsync("/health/live", Ct);
        using var api = await client.GetAsync("/api/v1/customers", Ct);
        using var page = await client.GetAsync("/account/login", Ct);

        Assert.All(new[] { health, api, page }, r => Assert.False(r.Headers.Contains("Server"), $"{r.RequestMessage?.RequestUri}: Server: {string.Join(",", r.Headers.Server)}"));
    }
}

/// <summary>The real app on Kestrel at a loopback port.</summary>
public abstract class KestrelApp : RapportApp
{
    protected KestrelApp(Provider provider) : base(provider) => UseKestrel(0);

    public Uri Address { get; private set; } = default!;

    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Urls", "http://127.0.0.1:0");

    public override ValueTask InitializeAsync()
    {
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return ValueTask.CompletedTask;
    }
}

public sealed class KestrelSqliteApp() : KestrelApp(Provider.Sqlite);

public sealed class KestrelPostgresApp() : KestrelApp(Provider.Postgres);

public sealed class ServerHeaderOnSqlite(KestrelSqliteApp app) : ServerHeaderTests(app), IClassFixture<KestrelSqliteApp>;

public sealed class ServerHeaderOnPostgres(KestrelPostgresApp app) : ServerHeaderTests(app), IClassFixture<KestrelPostgresApp>;
