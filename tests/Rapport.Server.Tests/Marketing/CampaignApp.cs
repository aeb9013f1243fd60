using System.Collections.Concurrent;
using Microsoft.AspNetCore.TestHost;
using Rapport.Core.Marketing;
using Rapport.Server.Tests.Mail;

namespace Rapport.Server.Tests.Marketing;

/// <summary>The mail test app (clock the test moves, mail jobs off) with a small audience source standing in for
/// segments: an audience is a fixed list of customer ids, read through the caller's record scope.</summary>
public abstract class CampaignApp(Provider provider) : MailApp(provider)
{
    /// <summary>Members queued per batch: small, so that a test sees a send stop between batches.</summary>
    public const int BatchSize = 2;

    public ConcurrentDictionary<Guid, Guid[]> Audiences { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        base.ConfigureMore(builder);
        builder.UseSetting("Campaigns:BatchSize", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Small outbox batches over four connections: a send of a few dozen is shared among the connections.
        builder.UseSetting("Mail:BatchSize", "3");
        builder.UseSetting("Mail:Connections", "4");
        builder.ConfigureTestServices(s => s.AddScoped<IAudienceSource>(sp => new ListAudience(this, sp.GetRequiredService<RapportDbContext>())));
    }

    private sealed class ListAudience(CampaignApp app, RapportDbContext db) : IAudienceSource
    {
        public Task<IQueryable<Guid>?> CustomerIdsAsync(Guid audienceId, CancellationToken ct) =>
            Task.FromResult(app.Audiences.TryGetValue(audienceId, out var ids) ? db.Customers.Where(c => ids.Contains(c.Id)).Select(c => c.Id) : null);
    }
}

public sealed class CampaignSqliteApp() : CampaignApp(Provider.Sqlite);

public sealed class CampaignPostgresApp() : CampaignApp(Provider.Postgres);
