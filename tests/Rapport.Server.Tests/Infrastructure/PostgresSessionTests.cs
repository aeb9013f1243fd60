namespace Rapport.Server.Tests.Infrastructure;

/// <summary>The app's PostgreSQL sessions run with Rapport's connection defaults (ADR-054): each call of a statement is
/// planned for its own values, and a statement run twice on a connection is prepared on the server.</summary>
public sealed class PostgresSessionOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Statements_are_prepared_on_the_server_and_planned_for_each_calls_values()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal("force_custom_plan", await db.Database.SqlQuery<string>($"SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync(Ct));

        var prefix = "prepared" + Unique();
        for (var i = 0; i < 3; i++)
            await db.Customers.AsNoTracking().Where(c => c.Name.StartsWith(prefix)).Take(5).ToListAsync(Ct);

        Assert.True(await db.Database.SqlQuery<long>($"""SELECT COUNT(*) AS "Value" FROM pg_prepared_statements WHERE statement LIKE '%FROM "Customers"%'""")
            .SingleAsync(Ct) > 0, "no statement of the customers was prepared on the server");
    }
}
