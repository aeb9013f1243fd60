using Rapport.Core.Quality;

namespace Rapport.Server.Tests.Quality;

/// <summary>The data-quality figures on both databases: whoever sees every record reads the nightly snapshot (refreshed on
/// demand), a scoped manager gets figures counted now over their own records only.</summary>
public abstract class QualityFigureTests(RapportApp app)
{
    private const string Url = "/api/v1/quality/overview";

    private static long Of(QualityOverview o, QualityIssue issue) => o.Figures.Single(f => f.Issue == issue).Count;

    private static async Task<QualityOverview> ReadAsync(HttpClient client) => await OkAsync(await client.GetAsync(Url, Ct));

    private static async Task<QualityOverview> RefreshAsync(HttpClient client) => await OkAsync(await client.PostAsync($"{Url}/refresh", null, Ct));

    private static async Task<QualityOverview> OkAsync(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<QualityOverview>();
    }

    [Fact]
    public async Task An_administrator_reads_the_snapshot_until_it_is_refreshed_and_the_refresh_counts_the_new_records()
    {
        var admin = await app.AdminClientAsync();
        var before = await RefreshAsync(admin);
        Assert.NotNull(before.TakenAt);

        await admin.CreateAsync(CustomerSamples.Valid() with { Emails = [] });
        await admin.CreateAsync(CustomerSamples.Valid() with { Phones = [] });

        var stale = await ReadAsync(admin);
        Assert.Equal(before.TakenAt, stale.TakenAt);
        Assert.Equal((before.Customers, Of(before, QualityIssue.MissingEmail)), (stale.Customers, Of(stale, QualityIssue.MissingEmail)));

        var after = await RefreshAsync(admin);
        Assert.True(after.TakenAt >= before.TakenAt);
        Assert.Equal(before.Customers + 2, after.Customers);
        Assert.Equal(Of(before, QualityIssue.MissingEmail) + 1, Of(after, QualityIssue.MissingEmail));
        Assert.Equal(Of(before, QualityIssue.MissingPhone) + 1, Of(after, QualityIssue.MissingPhone));
        Assert.All(after.Figures.Where(f => f.Issue != QualityIssue.AmountOutlier), f => Assert.Equal(after.Customers, f.Of));
        // The page reads what the refresh stored.
        Assert.Equal(after.TakenAt, (await ReadAsync(admin)).TakenAt);
    }

    [Fact]
    public async Task A_manager_who_sees_only_their_team_gets_figures_counted_now_over_their_own_records()
    {
        var admin = await app.AdminClientAsync();
        await RefreshAsync(admin);
        await admin.CreateAsync(CustomerSamples.Valid() with { Emails = [] }); // not the manager's
        var (manager, _) = await app.NewUserAsync(Roles.SalesManager);
        await manager.CreateAsync(CustomerSamples.Valid() with { Emails = [] });
        await manager.CreateAsync(CustomerSamples.Valid() with { Phones = [] });
        await manager.CreateAsync(CustomerSamples.Valid());

        foreach (var overview in new[] { await ReadAsync(manager), await RefreshAsync(manager) })
        {
            Assert.Null(overview.TakenAt);
            Assert.Equal(3, overview.Customers);
            Assert.Equal(1, Of(overview, QualityIssue.MissingEmail));
            Assert.Equal(1, Of(overview, QualityIssue.MissingPhone));
        }
    }
}

public sealed class QualityFiguresOnSqlite(SqliteApp app) : QualityFigureTests(app), IClassFixture<SqliteApp>;

public sealed class QualityFiguresOnPostgres(PostgresApp app) : QualityFigureTests(app), IClassFixture<PostgresApp>;
